import { relative } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { HELP } from './cli-help.js';
import { AUTH_MODES, type AuthMode } from './model.js';
import { toolVersion } from './package-info.js';

/** Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or internal error. */
const EXIT_USAGE = 2;

class UsageError extends Error {}

const OPTIONS = {
  format: { type: 'string', short: 'f', default: 'stylish' },
  output: { type: 'string', short: 'o' },
  'fail-on': { type: 'string' },
  config: { type: 'string', short: 'c' },
  'no-config': { type: 'boolean', default: false },
  rule: { type: 'string', multiple: true, default: [] as string[] },
  'ignore-pattern': { type: 'string', multiple: true, default: [] as string[] },
  'stdin-filename': { type: 'string' },
  'auth-mode': { type: 'string' },
  'list-rules': { type: 'boolean', default: false },
  quiet: { type: 'boolean', short: 'q', default: false },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  version: { type: 'boolean', short: 'v', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} satisfies ParseArgsConfig['options'];

const LEVELS = ['error', 'warning', 'note'] as const;
const FAIL_ON = ['error', 'warning', 'note', 'none'] as const;

export async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArguments(argv);
  if (values.version) {
    process.stdout.write(`${toolVersion()}\n`);
    return 0;
  }
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  // Heavy modules load only when there is work to do, so --version and --help stay fast.
  const [{ lint }, report] = await Promise.all([import('./lint.js'), import('./report/index.js')]);
  const formatName = values.format;
  if (!(formatName in report.FORMATS)) throw new UsageError(`unknown format "${formatName}" (use stylish, json, sarif or github)`);
  const flagFailOn = values['fail-on'];
  if (flagFailOn !== undefined && !(FAIL_ON as readonly string[]).includes(flagFailOn)) throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(', ')}`);
  const ruleSettings = parseRuleSettings(values.rule);
  const authMode = values['auth-mode'];
  if (authMode !== undefined && !(AUTH_MODES as readonly string[]).includes(authMode)) {
    throw new UsageError(`--auth-mode must be one of ${AUTH_MODES.join(', ')}`);
  }

  if (values.config !== undefined && values['no-config']) throw new UsageError('--config and --no-config cannot be combined');
  const config = values['no-config'] ? undefined : await readConfig(values.config);
  const failOn = flagFailOn ?? config?.failOn ?? 'error';

  if (values['list-rules']) {
    const { listRules } = await import('./cli-list-rules.js');
    process.stdout.write(listRules(formatName === 'json' ? 'json' : 'text'));
    return 0;
  }

  // "-" is standard input; with no arguments at all, the current directory is linted.
  const paths = positionals.length === 0 ? ['.'] : positionals.filter((p) => p !== '-');
  const files = positionals.includes('-') ? [{ path: values['stdin-filename'] ?? '<stdin>', content: await readStdin() }] : [];
  const result = await lint({
    paths,
    files,
    ignorePatterns: values['ignore-pattern'],
    rules: ruleSettings,
    ...(authMode === undefined ? {} : { authMode: authMode as AuthMode }),
    ...(config === undefined ? {} : { config }),
  }).catch((error: unknown) => {
    if (error instanceof Error && error.name === 'UnknownRuleError') throw new UsageError(error.message);
    throw error;
  });
  if (result.unmatched.length > 0) throw new UsageError(`no such file, directory or match: ${result.unmatched.join(', ')}`);

  const shown = values.quiet ? { ...result, findings: result.findings.filter((f) => f.level === 'error') } : result;
  // Findings suppressed by an inline directive are reported (json, sarif) but never fail the run.
  const counted = result.findings.filter((f) => f.suppression === undefined);
  const color = values['no-color'] === true ? false : values.color ?? (values.output === undefined && colorByDefault());
  const output = report.format(formatName as keyof typeof report.FORMATS, shown, { color });
  if (values.output === undefined) process.stdout.write(output);
  else {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(values.output, output);
  }
  const summaryFile = process.env.GITHUB_STEP_SUMMARY;
  if (formatName === 'github' && summaryFile !== undefined && summaryFile !== '') {
    const [{ appendFileSync }, { stepSummary }] = await Promise.all([import('node:fs'), import('./report/github.js')]);
    appendFileSync(summaryFile, stepSummary(shown));
  }
  return failed(counted.map((f) => f.level), failOn) ? 1 : 0;
}

function parseArguments(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** The configuration file: the one named by --config, else the nearest above the working directory. */
async function readConfig(named: string | undefined) {
  const [{ loadConfig, ConfigError }, { findConfig }] = await Promise.all([import('./config/load.js'), import('./config/discover.js')]);
  const file = named ?? findConfig(process.cwd());
  if (file === undefined) return undefined;
  const display = named ?? relative(process.cwd(), file);
  try {
    return loadConfig(file, display);
  } catch (error) {
    throw error instanceof ConfigError ? new UsageError(error.message) : error;
  }
}

function parseRuleSettings(specs: readonly string[]): Record<string, 'off' | (typeof LEVELS)[number]> {
  const settings: Record<string, 'off' | (typeof LEVELS)[number]> = {};
  for (const spec of specs) {
    const match = /^([a-z0-9-]+)=(off|error|warning|note)$/.exec(spec);
    if (match === null) throw new UsageError(`--rule expects ID=off|error|warning|note, got "${spec}"`);
    settings[match[1] ?? ''] = match[2] as 'off' | (typeof LEVELS)[number];
  }
  return settings;
}

function failed(levels: readonly string[], failOn: string): boolean {
  if (failOn === 'none') return false;
  const threshold = LEVELS.indexOf(failOn as (typeof LEVELS)[number]);
  return levels.some((level) => LEVELS.indexOf(level as (typeof LEVELS)[number]) <= threshold);
}

function colorByDefault(): boolean {
  const force = process.env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  return process.stdout.isTTY;
}

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function fail(error: unknown): number {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof UsageError) {
    process.stderr.write(`eks-auth-lint: ${message}\nRun "eks-auth-lint --help" for usage.\n`);
  } else {
    process.stderr.write(`eks-auth-lint: internal error: ${message}\n`);
    if (process.env.EKS_AUTH_LINT_DEBUG !== undefined && error instanceof Error) process.stderr.write(`${error.stack ?? ''}\n`);
  }
  return EXIT_USAGE;
}
