import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { colorByDefault, parsingOptions, readConfig, readStdin, UsageError } from './cli-common.js';
import { HELP } from './cli-help.js';
import { AUTH_MODES, type AuthMode } from './model.js';
import type { LintResult } from './lint.js';
import { toolVersion } from './package-info.js';
import { createProgress } from './progress.js';

/** Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or internal error. */
const EXIT_USAGE = 2;

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
  fix: { type: 'boolean', default: false },
  'fix-dry-run': { type: 'boolean', default: false },
  kubeconfig: { type: 'string', multiple: true, default: [] as string[] },
  'kubeconfig-env': { type: 'boolean', default: false },
  baseline: { type: 'string' },
  'write-baseline': { type: 'string' },
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
  // A subcommand with its own options: dispatched before the lint options are parsed.
  if (argv[0] === 'explain') return (await import('./explain/cli.js')).explainMain(argv.slice(1));
  const { values, positionals } = parsingOptions(() => parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true }));
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
  if (values.fix && values['fix-dry-run']) throw new UsageError('--fix and --fix-dry-run cannot be combined');
  if (values.fix && positionals.includes('-') && positionals.some((p) => p !== '-')) throw new UsageError('--fix with - fixes standard input only: give no other paths');
  const config = values['no-config'] ? undefined : await readConfig(values.config);
  const failOn = flagFailOn ?? config?.failOn ?? 'error';

  if (values['list-rules']) {
    const { listRules } = await import('./cli-list-rules.js');
    process.stdout.write(listRules(formatName === 'json' ? 'json' : 'text'));
    return 0;
  }

  // "-" is standard input; with no arguments at all, the current directory is linted (not when only kubeconfigs are given).
  const kubeconfigs = [...values.kubeconfig, ...(values['kubeconfig-env'] ? kubeconfigsFromEnvironment() : [])];
  const paths = positionals.length === 0 ? (kubeconfigs.length > 0 ? [] : ['.']) : positionals.filter((p) => p !== '-');
  const files = positionals.includes('-') ? [{ path: values['stdin-filename'] ?? '<stdin>', content: await readStdin((await import('./input.js')).MAX_FILE_BYTES) }] : [];
  const progress = createProgress({ stream: process.stderr, quiet: values.quiet, env: process.env });
  const linted = await lint({
    paths,
    files,
    ignorePatterns: values['ignore-pattern'],
    rules: ruleSettings,
    ...(authMode === undefined ? {} : { authMode: authMode as AuthMode }),
    ...(config === undefined ? {} : { config }),
    ...(kubeconfigs.length === 0 ? {} : { kubeconfigs }),
    onProgress: progress.update,
  }).catch((error: unknown) => {
    if (error instanceof Error && error.name === 'UnknownRuleError') throw new UsageError(error.message);
    throw error;
  }).finally(progress.finish);
  if (linted.unmatched.length > 0) throw new UsageError(`no such file, directory or match: ${linted.unmatched.join(', ')}`);
  const fixed = values.fix || values['fix-dry-run'] ? await fixStage(linted, { write: values.fix, stdin: files[0], paths, ignorePatterns: values['ignore-pattern'], kubeconfigs, ruleSettings, authMode, config }) : undefined;
  if (fixed?.diff !== undefined) {
    if (values.output === undefined) process.stdout.write(fixed.diff);
    else (await import('node:fs')).writeFileSync(values.output, fixed.diff);
    return fixed.diff === '' ? 0 : 1; // like prettier --check: pending fixes fail the run
  }
  if (fixed?.stdinText !== undefined) process.stdout.write(fixed.stdinText);
  const baselined = await baselineStage(fixed?.result ?? linted, { baseline: values.baseline, writeBaseline: values['write-baseline'], sarif: formatName === 'sarif' }, files);
  if (baselined === undefined) return 0;
  const result = baselined;

  const shown = values.quiet ? { ...result, findings: result.findings.filter((f) => f.level === 'error') } : result;
  // Findings suppressed by an inline directive are reported (json, sarif) but never fail the run.
  const counted = result.findings.filter((f) => f.suppression === undefined);
  const color = values['no-color'] === true ? false : values.color ?? (values.output === undefined && colorByDefault());
  const output = report.format(formatName as keyof typeof report.FORMATS, shown, { color });
  // With --fix on standard input, standard output carries the fixed text; the report goes to --output only.
  if (values.output === undefined) {
    if (fixed?.stdinText === undefined) process.stdout.write(output);
  } else {
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

/** --fix and --fix-dry-run: fixes in passes until stable, then writes the files or returns the diff. */
async function fixStage(
  linted: LintResult,
  run: {
    readonly write: boolean;
    readonly stdin: { readonly path: string; readonly content: Uint8Array } | undefined;
    readonly paths: readonly string[];
    readonly ignorePatterns: readonly string[];
    readonly kubeconfigs: readonly string[];
    readonly ruleSettings: Record<string, string>;
    readonly authMode: string | undefined;
    readonly config: Awaited<ReturnType<typeof readConfig>>;
  },
) {
  const [{ lint }, fix] = await Promise.all([import('./lint.js'), import('./fix/cli.js')]);
  const options = {
    rules: run.ruleSettings as Record<string, 'off' | (typeof LEVELS)[number]>,
    ...(run.authMode === undefined ? {} : { authMode: run.authMode as AuthMode }),
    ...(run.config === undefined ? {} : { config: run.config }),
  };
  return fix.fixStage({
    cwd: process.cwd(),
    first: linted,
    options,
    write: run.write,
    ...(run.stdin === undefined ? {} : { stdin: run.stdin }),
    relintFromDisk: () => lint({ ...options, paths: run.paths, ignorePatterns: run.ignorePatterns, ...(run.kubeconfigs.length === 0 ? {} : { kubeconfigs: run.kubeconfigs }) }),
  });
}

/** --write-baseline records the findings and ends the run; --baseline drops those it records. SARIF results get fingerprints. */
async function baselineStage(
  result: LintResult,
  options: { readonly baseline: string | undefined; readonly writeBaseline: string | undefined; readonly sarif: boolean },
  files: readonly { readonly path: string; readonly content: Uint8Array }[],
): Promise<LintResult | undefined> {
  if (options.baseline === undefined && options.writeBaseline === undefined && !options.sarif) return result;
  if (options.baseline !== undefined && options.writeBaseline !== undefined) throw new UsageError('--baseline and --write-baseline cannot be combined');
  const baseline = await import('./baseline.js');
  const sources = new Map(files.map((f) => [f.path, f.content]));
  const fingerprinted = baseline.withFingerprints(result, sources);
  try {
    if (options.writeBaseline !== undefined) {
      const count = baseline.writeBaseline(options.writeBaseline, fingerprinted, sources);
      process.stderr.write(`eks-auth-lint: wrote a baseline of ${count} finding${count === 1 ? '' : 's'} to ${options.writeBaseline}\n`);
      return undefined;
    }
    if (options.baseline === undefined) return fingerprinted;
    const applied = baseline.applyBaseline(fingerprinted, baseline.readBaseline(options.baseline));
    if (applied.absorbed > 0) process.stderr.write(`eks-auth-lint: the baseline ${options.baseline} accepts ${applied.absorbed} finding${applied.absorbed === 1 ? '' : 's'}, not shown\n`);
    return applied.result;
  } catch (error) {
    throw error instanceof baseline.BaselineError ? new UsageError(error.message) : error;
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

/**
 * The files kubectl reads, for --kubeconfig-env: the entries of KUBECONFIG (separated by ":", ";" on Windows),
 * without missing files and repeats as kubectl does, or ~/.kube/config when KUBECONFIG is unset or empty. Only
 * read on request: a repository run never picks up the user's own kubeconfig.
 */
function kubeconfigsFromEnvironment(): string[] {
  const entries = (process.env.KUBECONFIG ?? '').split(delimiter).filter((entry) => entry !== '');
  if (entries.length === 0) return [join(homedir(), '.kube', 'config')];
  const existing = [...new Set(entries)].filter((entry) => existsSync(entry));
  if (existing.length === 0) throw new UsageError(`--kubeconfig-env: none of the files in KUBECONFIG exists (${entries.join(delimiter)})`);
  return existing;
}

function failed(levels: readonly string[], failOn: string): boolean {
  if (failOn === 'none') return false;
  const threshold = LEVELS.indexOf(failOn as (typeof LEVELS)[number]);
  return levels.some((level) => LEVELS.indexOf(level as (typeof LEVELS)[number]) <= threshold);
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
