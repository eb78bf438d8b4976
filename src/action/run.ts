import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { applyBaseline, BaselineError, readBaseline, withFingerprints } from '../baseline.js';
import { ConfigError, loadConfig, type Config } from '../config/load.js';
import { findConfig } from '../config/discover.js';
import { lint, UnknownRuleError } from '../lint.js';
import { countByLevel, describeCounts, plural } from '../report/counts.js';
import { stepSummary } from '../report/github.js';
import { format } from '../report/index.js';
import type { Level } from '../rule.js';
import { InputError, readInputs } from './inputs.js';
import { Runner } from './runner.js';

const LEVELS: readonly Level[] = ['error', 'warning', 'note'];

/**
 * The GitHub Action: lints with the library, prints the report (folded) and the annotations,
 * writes the job summary, the SARIF file and the outputs. Returns the exit code: 0 clean, 1 findings
 * at or above fail-on, 2 unusable inputs or an internal error.
 */
export async function run(env: NodeJS.ProcessEnv, write: (text: string) => void): Promise<number> {
  const runner = new Runner(env, write);
  try {
    const inputs = readInputs(env);
    const workspace = resolve(env.GITHUB_WORKSPACE ?? process.cwd());
    const cwd = resolve(workspace, inputs.workingDirectory);
    if (!isDirectory(cwd)) throw new InputError(`input working-directory: no such directory: ${inputs.workingDirectory}`);
    const config = readConfig(inputs.config, cwd);
    const linted = await lint({ cwd, paths: inputs.paths, ...(config === undefined ? {} : { config }) });
    if (linted.unmatched.length > 0) throw new InputError(`input paths: no such file, directory or match: ${linted.unmatched.join(', ')}`);
    const fingerprinted = withFingerprints(linted);
    const { result, absorbed } = inputs.baseline === ''
      ? { result: fingerprinted, absorbed: 0 }
      : applyBaseline(fingerprinted, readBaseline(resolve(cwd, inputs.baseline), inputs.baseline));

    runner.group('eks-auth-lint report', format('stylish', result, { color: false }));
    if (inputs.annotations) write(format('github', result));
    const accepted = absorbed === 0 ? '' : `${plural(absorbed, 'finding')} recorded in the baseline \`${inputs.baseline}\` ${absorbed === 1 ? 'is' : 'are'} not listed.\n`;
    runner.appendSummary(`${stepSummary(result)}${accepted}`);
    if (inputs.sarifFile !== '') {
      const file = resolve(cwd, inputs.sarifFile);
      writeSarif(file, inputs.sarifFile, format('sarif', result));
      runner.setOutput('sarif-file', workspacePath(workspace, file));
    }
    const counted = result.findings.filter((f) => f.suppression === undefined);
    runner.setOutput('findings', String(counted.length));

    const failOn = inputs.failOn ?? config?.failOn ?? 'error';
    const failing = failOn !== 'none' && counted.some((f) => LEVELS.indexOf(f.level) <= LEVELS.indexOf(failOn));
    const counts = counted.length === 0 ? 'no problems' : describeCounts(countByLevel(counted));
    runner.log(`eks-auth-lint: ${counts}${failing ? `; failing on findings at or above "${failOn}" (input fail-on)` : ''}.`);
    return failing ? 1 : 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const known = error instanceof InputError || error instanceof ConfigError || error instanceof BaselineError || error instanceof UnknownRuleError;
    runner.error(known ? message : `internal error: ${message}`);
    return 2;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** A SARIF file that cannot be written (a file where a directory should be, no permission) is an input problem, not ours. */
function writeSarif(file: string, named: string, text: string): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  } catch (error) {
    throw new InputError(`input sarif-file: cannot write ${named} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/** The input config, relative to the working directory; empty: the nearest configuration file above it. */
function readConfig(named: string, cwd: string): Config | undefined {
  const file = named === '' ? findConfig(cwd) : resolve(cwd, named);
  if (file === undefined) return undefined;
  return loadConfig(file, named === '' ? relative(cwd, file) : named);
}

/** The path as a later step of the job names it: relative to the workspace when inside it. */
function workspacePath(workspace: string, file: string): string {
  const path = relative(workspace, file);
  return path.startsWith('..') || isAbsolute(path) ? file : path.split(sep).join('/');
}
