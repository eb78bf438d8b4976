/**
 * Reads the exec credential plugin of a kubeconfig user the way the plugin itself parses its command line:
 * `aws [global options] eks get-token ...` (Python argparse) and `aws-iam-authenticator token ...` (cobra/pflag).
 * Anything else is not an EKS plugin, and the EKS rules stay silent on it. Pure: strings in, values with
 * their offsets out; `at` is whatever the caller uses to locate a word (a source node).
 */

/** One word of `exec.args` (or an `exec.env` value) and where it is written. */
export interface ExecWord<T> {
  readonly text: string;
  readonly at: T;
}

export interface ExecEnvVar<T> {
  readonly name: string;
  /** Undefined when the value is missing or not a string. */
  readonly value: ExecWord<T> | undefined;
}

export interface ExecInput<T> {
  readonly command: string;
  readonly args: readonly ExecWord<T>[];
  readonly env: readonly ExecEnvVar<T>[];
}

/** A value the plugin reads, located as `text.slice(start, end)` of the word `at`. */
export interface ExecValue<T> {
  readonly value: string;
  readonly at: T;
  readonly start: number;
  readonly end: number;
  /** How it is given, for messages: the option as written (`--cluster-name`, `-i`) or `env NAME`. */
  readonly via: string;
}

export type EksPlugin = 'aws-cli' | 'aws-iam-authenticator';

export interface EksExec<T> {
  readonly plugin: EksPlugin;
  /** The command's file name as written, without directories (`aws`, `aws.exe`). */
  readonly commandName: string;
  /** The subcommand word (`get-token`, `token`): findings about a missing option sit there. */
  readonly operation: ExecWord<T>;
  /**
   * The cluster name the token is signed for (its `x-k8s-aws-id` header): `--cluster-name` for the AWS CLI;
   * `-i`/`--cluster-id` or `KUBERNETES_AWS_AUTHENTICATOR_CLUSTER_ID` for aws-iam-authenticator.
   */
  readonly clusterName: ExecValue<T> | undefined;
  /** AWS CLI `--cluster-id`: the id of an Outposts local cluster, not a cluster name. */
  readonly clusterId: ExecValue<T> | undefined;
  readonly region: ExecValue<T> | undefined;
  /** `--role-arn` (or an abbreviation such as `--role`), `-r`/`--role`, or `DEFAULT_ROLE`. */
  readonly roleArn: ExecValue<T> | undefined;
  /** AWS CLI `--output`, or `AWS_DEFAULT_OUTPUT` in the exec env. */
  readonly output: ExecValue<T> | undefined;
  /** AWS CLI `--profile`. */
  readonly profile: ExecValue<T> | undefined;
  /** Options written without their value: the plugin stops with a usage error. `value` is the option. */
  readonly missingValues: readonly ExecValue<T>[];
  /** aws-iam-authenticator `-c`/`--config`: its configuration file can hold the cluster id. */
  readonly configFile: boolean;
}

/** Recognises an EKS exec plugin and reads its options; undefined for any other command or subcommand. */
export function readEksExec<T>(input: ExecInput<T>): EksExec<T> | undefined {
  const commandName = input.command.trim().split(/[\\/]/).pop() ?? '';
  const program = commandName.toLowerCase().replace(/\.exe$/, '');
  if (AWS_CLI_NAMES.includes(program)) return readAwsCli(input, commandName);
  if (AUTHENTICATOR_NAMES.includes(program)) return readAuthenticator(input, commandName);
  return undefined;
}

/** `aws2` was the AWS CLI v2 preview's name. */
const AWS_CLI_NAMES: readonly string[] = ['aws', 'aws2'];
/** `heptio-authenticator-aws` is the authenticator's name before mid-2018. */
const AUTHENTICATOR_NAMES: readonly string[] = ['aws-iam-authenticator', 'heptio-authenticator-aws'];

const REGION_VARIABLES: readonly string[] = ['AWS_REGION', 'AWS_DEFAULT_REGION'];

interface Occurrence<T> {
  readonly option: string;
  readonly value: ExecValue<T>;
}

interface Scan<T> {
  readonly positionals: ExecWord<T>[];
  readonly values: Occurrence<T>[];
  readonly missingValues: ExecValue<T>[];
}

/** Global options of the AWS CLI that take a value (they may appear anywhere in the argument list). */
const AWS_GLOBAL_VALUE_OPTIONS: readonly string[] = [
  '--region', '--profile', '--output', '--endpoint-url', '--query', '--color', '--ca-bundle',
  '--cli-read-timeout', '--cli-connect-timeout', '--cli-binary-format',
];
const AWS_GLOBAL_FLAGS: readonly string[] = [
  '--debug', '--no-verify-ssl', '--no-paginate', '--no-sign-request', '--no-cli-pager', '--cli-auto-prompt',
  '--no-cli-auto-prompt', '--version',
];
const GET_TOKEN_VALUE_OPTIONS: readonly string[] = ['--cluster-name', '--cluster-id', '--role-arn'];
const AWS_VALUE_OPTIONS: readonly string[] = [...AWS_GLOBAL_VALUE_OPTIONS, ...GET_TOKEN_VALUE_OPTIONS];
const AWS_OPTIONS: readonly string[] = [...AWS_VALUE_OPTIONS, ...AWS_GLOBAL_FLAGS];

function readAwsCli<T>(input: ExecInput<T>, commandName: string): EksExec<T> | undefined {
  const scan = scanArgparse(input.args);
  const [service, operation] = scan.positionals;
  if (service?.text !== 'eks' || operation?.text !== 'get-token') return undefined;
  const last = (option: string): ExecValue<T> | undefined => scan.values.findLast((o) => o.option === option)?.value;
  return {
    plugin: 'aws-cli',
    commandName,
    operation,
    clusterName: last('--cluster-name'),
    clusterId: last('--cluster-id'),
    region: last('--region') ?? regionFromEnv(input.env),
    roleArn: last('--role-arn'),
    // The environment overrides the profile's `output`, as `--output` does.
    output: last('--output') ?? envValue(input.env, 'AWS_DEFAULT_OUTPUT'),
    profile: last('--profile'),
    missingValues: scan.missingValues,
    configFile: false,
  };
}

/**
 * argparse: `--opt value` or `--opt=value`, a unique prefix stands for the whole option (`--role` is
 * `--role-arn`), a value that starts with `-` is taken for the next option, the last occurrence wins.
 * Unknown options are taken as flags, so an unexpected one before `eks get-token` makes the entry unrecognised.
 */
function scanArgparse<T>(args: readonly ExecWord<T>[]): Scan<T> {
  return scanWords(args, (text) => {
    const equals = text.indexOf('=');
    const written = equals < 0 ? text : text.slice(0, equals);
    const option = resolvePrefix(written, AWS_OPTIONS);
    if (option === undefined || !AWS_VALUE_OPTIONS.includes(option)) return undefined;
    return { option, written, attachedAt: equals < 0 ? undefined : equals + 1 };
  }, (next) => !next.startsWith('-') || next === '-');
}

/** The option a long option or its unique prefix names; undefined when unknown or ambiguous. */
function resolvePrefix(written: string, options: readonly string[]): string | undefined {
  if (!written.startsWith('--') || written.length < 3) return undefined;
  if (options.includes(written)) return written;
  const candidates = options.filter((o) => o.startsWith(written));
  return candidates.length === 1 ? candidates[0] : undefined;
}

/** aws-iam-authenticator options that take a value, short and long (root persistent flags and `token`'s). */
const AUTHENTICATOR_VALUE_OPTIONS: Readonly<Record<string, string>> = {
  '-i': '--cluster-id', '--cluster-id': '--cluster-id',
  '-r': '--role', '--role': '--role',
  '--region': '--region',
  '-c': '--config', '--config': '--config',
  '-l': '--log-format', '--log-format': '--log-format',
  '-e': '--external-id', '--external-id': '--external-id',
  '-s': '--session-name', '--session-name': '--session-name',
  '--feature-gates': '--feature-gates',
};

function readAuthenticator<T>(input: ExecInput<T>, commandName: string): EksExec<T> | undefined {
  const scan = scanPflag(input.args);
  const [operation] = scan.positionals;
  if (operation?.text !== 'token') return undefined;
  const last = (option: string): ExecValue<T> | undefined => scan.values.findLast((o) => o.option === option)?.value;
  // Flags win over the environment variables the authenticator binds them to (viper).
  return {
    plugin: 'aws-iam-authenticator',
    commandName,
    operation,
    clusterName: last('--cluster-id') ?? envValue(input.env, 'KUBERNETES_AWS_AUTHENTICATOR_CLUSTER_ID'),
    clusterId: undefined,
    region: last('--region') ?? regionFromEnv(input.env),
    roleArn: last('--role') ?? envValue(input.env, 'DEFAULT_ROLE'),
    output: undefined,
    profile: undefined,
    missingValues: scan.missingValues,
    configFile: scan.values.some((o) => o.option === '--config'),
  };
}

/**
 * pflag: `--opt value`, `--opt=value`, `-x value`, `-xvalue`, `-x=value`; the next word is the value
 * whatever it starts with; no abbreviations; the last occurrence wins.
 */
function scanPflag<T>(args: readonly ExecWord<T>[]): Scan<T> {
  return scanWords(args, (text) => {
    const long = text.startsWith('--');
    const equals = text.indexOf('=');
    // `-ifoo`: a short option with its value attached.
    const nameEnd = long ? (equals < 0 ? text.length : equals) : 2;
    const written = text.slice(0, nameEnd);
    const option = AUTHENTICATOR_VALUE_OPTIONS[written];
    if (option === undefined) return undefined;
    const attached = text.slice(nameEnd);
    return { option, written, attachedAt: attached === '' ? undefined : attached.startsWith('=') ? nameEnd + 1 : nameEnd };
  }, () => true);
}

/** An option that takes a value: its canonical name, as written, and where an attached value starts. */
interface ValueOption {
  readonly option: string;
  readonly written: string;
  readonly attachedAt: number | undefined;
}

/**
 * Splits words into positionals and option values. `valueOption` says which words are options with a value
 * (other options are flags); `canBeValue` whether the next word can be that value.
 */
function scanWords<T>(args: readonly ExecWord<T>[], valueOption: (text: string) => ValueOption | undefined, canBeValue: (next: string) => boolean): Scan<T> {
  const scan: Scan<T> = { positionals: [], values: [], missingValues: [] };
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    if (word === undefined) continue;
    if (word.text === '--') {
      scan.positionals.push(...args.slice(i + 1));
      break;
    }
    if (!word.text.startsWith('-') || word.text === '-') {
      scan.positionals.push(word);
      continue;
    }
    const found = valueOption(word.text);
    if (found === undefined) continue;
    if (found.attachedAt !== undefined) {
      scan.values.push({ option: found.option, value: valueIn(word, found.attachedAt, found.written) });
      continue;
    }
    const next = args[i + 1];
    if (next === undefined || !canBeValue(next.text)) {
      scan.missingValues.push(valueIn(word, 0, found.written));
      continue;
    }
    scan.values.push({ option: found.option, value: valueIn(next, 0, found.written) });
    i++;
  }
  return scan;
}

function valueIn<T>(word: ExecWord<T>, start: number, via: string): ExecValue<T> {
  return { value: word.text.slice(start), at: word.at, start, end: word.text.length, via };
}

/**
 * `AWS_REGION` before `AWS_DEFAULT_REGION`, as the AWS SDKs and current AWS CLIs read them (`aws configure list`
 * shows both); older AWS CLI v1 releases read only `AWS_DEFAULT_REGION`.
 */
function regionFromEnv<T>(env: readonly ExecEnvVar<T>[]): ExecValue<T> | undefined {
  for (const name of REGION_VARIABLES) {
    const value = envValue(env, name);
    if (value !== undefined) return value;
  }
  return undefined;
}

/** The value of an exec env variable; client-go appends `exec.env` last, so the last duplicate wins. */
function envValue<T>(env: readonly ExecEnvVar<T>[], name: string): ExecValue<T> | undefined {
  const value = env.findLast((v) => v.name === name)?.value;
  // An empty variable counts as unset, for the SDKs and for viper.
  return value === undefined || value.text === '' ? undefined : { value: value.text, at: value.at, start: 0, end: value.text.length, via: `env ${name}` };
}
