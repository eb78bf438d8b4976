import { readFile } from 'node:fs/promises';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { colorByDefault, parsingOptions, readConfig, readStdin, UsageError } from '../cli-common.js';
import { AUTH_MODES, type AuthMode } from '../model.js';
import { CallerError, readCallerIdentity, type CallerIdentity } from './caller.js';
import { explainIdentity } from './explain.js';
import { renderExplanation } from './render-text.js';

const EXIT_USAGE = 2;

export const EXPLAIN_HELP = `Usage: eks-auth-lint explain ARN [paths...]
       eks-auth-lint explain --caller-identity FILE|- [paths...]
       eks-auth-lint explain --log FILE|- [paths...]

Explains what each cluster in the scanned files does with one caller: the access entry or aws-auth entry
that matches under the cluster's authentication mode, the username, groups and access policies it gets,
or, when nothing matches, the near misses (a role path, an account typo, an ignored ConfigMap, an entry
dropped by a YAML error...). ARN is what "aws sts get-caller-identity" prints as Arn. Paths default to .

Options:
      --caller-identity <f>  read the caller from the JSON of "aws sts get-caller-identity" (- for standard input)
      --log <file>           explain authenticator log lines instead (- for standard input)
      --redact               with --log: replace account ids, access key ids, session names and IP
                             addresses by placeholders (<account-1>, <key-1>...) to share the output
  -f, --format <name>        text (default) or json
  -c, --config <file>        read this configuration file (default: the nearest .eks-auth-lint.yaml)
      --no-config            read no configuration file
      --auth-mode <mode>     CONFIG_MAP, API_AND_CONFIG_MAP or API: the mode of the cluster that aws-auth
                             manifests no scanned cluster owns belong to (default CONFIG_MAP)
      --ignore-pattern <p>   ignore files matching a gitignore-style pattern (repeatable)
      --color, --no-color    force colours on or off
  -h, --help                 print this help

Exit codes: 0 every cluster in scope maps the caller, 1 one does not, 2 usage or internal error.

Examples:
  eks-auth-lint explain arn:aws:sts::111122223333:assumed-role/Admin/alice ./clusters
  aws sts get-caller-identity | eks-auth-lint explain --caller-identity - ./clusters
`;

const OPTIONS = {
  'caller-identity': { type: 'string' },
  log: { type: 'string' },
  redact: { type: 'boolean', default: false },
  format: { type: 'string', short: 'f', default: 'text' },
  config: { type: 'string', short: 'c' },
  'no-config': { type: 'boolean', default: false },
  'auth-mode': { type: 'string' },
  'ignore-pattern': { type: 'string', multiple: true, default: [] as string[] },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h', default: false },
} satisfies ParseArgsConfig['options'];

/** `eks-auth-lint explain ...` (the arguments after `explain`): returns the exit code, never throws. */
export async function explainMain(argv: readonly string[]): Promise<number> {
  try {
    return await run(argv);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof UsageError || error instanceof CallerError) {
      process.stderr.write(`eks-auth-lint explain: ${message}\nRun "eks-auth-lint explain --help" for usage.\n`);
    } else {
      process.stderr.write(`eks-auth-lint explain: internal error: ${message}\n`);
    }
    return EXIT_USAGE;
  }
}

async function run(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parsingOptions(() => parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true }));
  if (values.help) {
    process.stdout.write(EXPLAIN_HELP);
    return 0;
  }
  const format = values.format;
  if (format !== 'text' && format !== 'json') throw new UsageError(`unknown format "${format}" (use text or json)`);
  const color = values['no-color'] === true ? false : values.color ?? colorByDefault();
  const authMode = values['auth-mode'];
  if (authMode !== undefined && !(AUTH_MODES as readonly string[]).includes(authMode)) throw new UsageError(`--auth-mode must be one of ${AUTH_MODES.join(', ')}`);
  if (values.config !== undefined && values['no-config']) throw new UsageError('--config and --no-config cannot be combined');
  if (values.redact && values.log === undefined) throw new UsageError('--redact works with --log only');
  if (values.log !== undefined) {
    if (values['caller-identity'] !== undefined) throw new UsageError('--log and --caller-identity cannot be combined');
    const config = values['no-config'] ? undefined : await readConfig(values.config);
    const { explainLogMain } = await import('./log/cli.js');
    return explainLogMain({
      log: values.log,
      paths: positionals,
      format,
      color,
      redact: values.redact,
      ignorePatterns: values['ignore-pattern'],
      ...(authMode === undefined ? {} : { authMode: authMode as AuthMode }),
      ...(config === undefined ? {} : { config }),
    });
  }
  const named = values['caller-identity'];
  let identity: CallerIdentity;
  let paths: string[];
  if (named === undefined) {
    const [arn, ...rest] = positionals;
    if (arn === undefined) throw new UsageError('give the caller ARN (what "aws sts get-caller-identity" prints as Arn) or --caller-identity FILE');
    identity = { arn };
    paths = rest;
  } else {
    identity = readCallerIdentity(await readNamed(named), named === '-' ? '<stdin>' : named);
    paths = positionals;
  }
  if (paths.includes('-')) throw new UsageError('explain reads configuration from files and directories, not standard input');
  const config = values['no-config'] ? undefined : await readConfig(values.config);
  const { loadModel } = await import('../lint.js');
  const loaded = await loadModel({
    paths: paths.length === 0 ? ['.'] : paths,
    ignorePatterns: values['ignore-pattern'],
    ...(authMode === undefined ? {} : { authMode: authMode as AuthMode }),
    ...(config === undefined ? {} : { config }),
  });
  if (loaded.unmatched.length > 0) throw new UsageError(`no such file, directory or match: ${loaded.unmatched.join(', ')}`);
  const explanation = explainIdentity(loaded.model, identity.arn, {
    ...(identity.userId === undefined ? {} : { userId: identity.userId }),
    ...(identity.account === undefined ? {} : { account: identity.account }),
    ...(authMode === undefined ? {} : { authMode: authMode as AuthMode }),
  });
  process.stdout.write(format === 'json' ? `${JSON.stringify(explanation, null, 2)}\n` : renderExplanation(explanation, { color }));
  return explanation.mapped ? 0 : 1;
}

async function readNamed(file: string): Promise<string> {
  if (file === '-') {
    return Buffer.from(await readStdin((await import('../input.js')).MAX_FILE_BYTES)).toString('utf8');
  }
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

