import type { LogClassId } from './classes.js';
import { accessKeyKind, identityOf, callerFingerprint, type LogIdentity } from './identity.js';
import type { LogRecord } from './parse.js';

/** One record with its class, what varies from line to line, and who sent it. */
export interface ClassifiedRecord {
  readonly record: LogRecord;
  readonly classId: LogClassId;
  /** Facts read from this line (expiry time, STS error code, exit code, session fingerprint). */
  readonly details: readonly string[];
  /** Further classes the line also shows (the global STS endpoint). */
  readonly notes: readonly LogClassId[];
  readonly identity: LogIdentity;
}

type Pattern = readonly [LogClassId, readonly (string | RegExp)[]];

/** Checked in order on the `error` value of a denied request: the first match wins (reference §4.3). */
const DENIAL_PATTERNS: readonly Pattern[] = [
  ['log-token-expired', ['X-Amz-Date parameter is expired']],
  ['log-token-not-eks', ['token is missing expected "k8s-aws-v1." prefix']],
  ['log-token-cluster-header-unsigned', ['client did not sign the x-k8s-aws-id header']],
  ['log-sts-host-rejected', ['unexpected hostname', 'could not parse region for pre-signed URL', 'global endpoint unsupported in partition', /partition \{[^}]*\} does not support hostname/, 'invalid region identifier format provided', 'invalid host format']],
  ['log-token-malformed', [
    'token is too large', 'illegal base64 data', 'missing protocol scheme', 'unexpected scheme', 'unexpected path', 'malformed query parameter',
    'non-whitelisted query parameter', 'duplicate query parameter found', 'query parameter with multiple values not supported',
    'unexpected action parameter', 'invalid X-Amz-Expires', 'X-Amz-Date parameter must be present', 'error parsing X-Amz-Date',
    'input token was not properly formatted',
  ]],
  ['log-sts-throttled', ['sts getCallerIdentity was throttled']],
  ['log-cluster-name-mismatch', ['SignatureDoesNotMatch']],
  ['log-sts-credentials', ['InvalidClientTokenId', 'ExpiredToken', 'RegionDisabledException']],
  // 2018 builds printed no body: the two rows above cannot be told apart; the name mismatch is the usual cause.
  ['log-cluster-name-mismatch', [/got 403\)?(?: on \S+ endpoint)?\.?\s*(?:Body:\s*)?$/]],
  ['log-sts-unreachable', ['error during GET', 'error reading HTTP result']],
  ['log-not-mapped', [/\b(?:ARN|[Ii]dentity) is not mapped\b/]],
  ['log-arn-userid-mismatch', ['ARN does not match User ID']],
  ['log-template-render', ['renderTemplates error', 'SessionName did not contain an instance id']],
  ['log-reserved-username', ['username must not begin with']],
];

/** kubectl and credential-plugin messages (reference §2), checked in order. */
const CLIENT_PATTERNS: readonly Pattern[] = [
  ['client-exec-api-version', ['exec plugin: invalid apiVersion', 'exec plugin is configured to use API version', 'no kind "ExecCredential" is registered for version', /interactiveMode must be specified for .* to use exec authentication plugin/]],
  ['client-exec-decode', ["decoding stdout: couldn't get version/kind", 'decoding stdout: json parse error']],
  ['client-exec-missing', [/exec: executable \S+ not found/, 'executable file not found in $PATH', 'client-go credential plugin that is not installed']],
  ['client-exec-failed', [
    /executable \S+ failed with exit code \d+/, /The config profile \(.*\) could not be found/, 'Unable to locate credentials', 'You must specify a region',
    'The SSO session associated with this profile has expired', 'Error loading SSO Token', 'could not get token:', 'NoCredentialProviders',
    'when calling the AssumeRole operation',
  ]],
  ['client-kubeconfig', ['context was not found for specified context', /duplicate name "[^"]*" in list/, 'The connection to the server localhost:8080 was refused']],
  ['client-tls', ['x509: certificate signed by unknown authority', 'unable to load root certificates']],
  ['client-unauthorized', ['You must be logged in to the server', 'the server has asked for the client to provide credentials']],
  ['client-forbidden', ['Error from server (Forbidden)', /is forbidden: User ".*" cannot /]],
];

const INVALID_REQUEST_MESSAGES = new Set(['unexpected request method', 'empty request body', 'could not parse request body']);

/** The class of one record; undefined for a plain line that is not a known kubectl or plugin message. */
export function classify(record: LogRecord): ClassifiedRecord | undefined {
  if (record.kind === 'text') {
    const classId = firstMatch(CLIENT_PATTERNS, record.message);
    return classId === undefined ? undefined : { record, classId, details: clientDetails(classId, record.message), notes: [], identity: {} };
  }
  const identity = identityOf(record.fields);
  const classId = logrusClass(record);
  const notes: LogClassId[] = identity.stsEndpoint === 'sts.amazonaws.com' ? ['log-global-sts-endpoint'] : [];
  return { record, classId, details: logrusDetails(classId, record, identity), notes, identity };
}

const REQUEST_MESSAGES = ['STS response', 'access granted', 'access denied', ...INVALID_REQUEST_MESSAGES];

function logrusClass(record: LogRecord): LogClassId {
  const msg = completeMessage(record);
  if (msg === 'STS response') return 'log-sts-response';
  if (msg === 'access granted') return 'log-access-granted';
  if (msg !== undefined && INVALID_REQUEST_MESSAGES.has(msg)) return 'log-request-invalid';
  // A line cut before `msg` or `error` still shows what it was about in its text.
  const error = record.fields.get('error') ?? (msg === undefined ? record.message : undefined);
  const matched = error === undefined ? undefined : firstMatch(DENIAL_PATTERNS, error);
  if (matched !== undefined) return matched;
  if (msg === 'access denied' || (msg === undefined && record.message.includes('access denied'))) return 'log-denied-other';
  return 'log-other';
}

/** A `msg` cut in the middle, completed when only one known message starts with it. */
function completeMessage(record: LogRecord): string | undefined {
  const msg = record.fields.get('msg');
  if (msg === undefined || !record.truncated || REQUEST_MESSAGES.includes(msg)) return msg;
  const candidates = REQUEST_MESSAGES.filter((known) => known.startsWith(msg));
  return candidates.length === 1 ? candidates[0] : msg;
}

function firstMatch(patterns: readonly Pattern[], text: string): LogClassId | undefined {
  for (const [classId, needles] of patterns) {
    if (needles.some((needle) => (typeof needle === 'string' ? text.includes(needle) : needle.test(text)))) return classId;
  }
  return undefined;
}

function logrusDetails(classId: LogClassId, record: LogRecord, identity: LogIdentity): string[] {
  const error = record.fields.get('error');
  const details: string[] = [];
  switch (classId) {
    case 'log-token-expired': {
      const signed = /expiration\)\s*(.+)$/.exec(error ?? '');
      if (signed?.[1] !== undefined) details.push(`signed at ${signed[1]}`);
      break;
    }
    case 'log-cluster-name-mismatch':
    case 'log-sts-credentials':
    case 'log-sts-unreachable':
    case 'log-sts-host-rejected': {
      const code = /"Code"\s*:\s*\\?"([A-Za-z]+)|<Code>([A-Za-z]+)<\/Code>/.exec(error ?? '');
      const stsCode = code?.[1] ?? code?.[2];
      if (stsCode !== undefined) details.push(`STS error ${stsCode}`);
      else if (classId === 'log-cluster-name-mismatch') details.push('no STS error code in the line (authenticator builds of 2018 print no body): invalid or expired credentials give the same line');
      if (error?.includes('Signature not yet current') === true) details.push('STS says the signature is not yet current: the client clock is ahead');
      const region = /on (\S+) endpoint/.exec(error ?? '');
      if (region?.[1] !== undefined) details.push(`STS region ${region[1]}`);
      const host = /hostname "?([A-Za-z0-9.-]+)"?/.exec(error ?? '');
      if (host?.[1] !== undefined) details.push(`STS host ${host[1]}`);
      break;
    }
    case 'log-denied-other':
      if (error !== undefined) details.push(record.truncated ? `error (cut): ${error}…` : `error: ${error}`);
      break;
    case 'log-access-granted':
      if (identity.username !== undefined) details.push(`username ${identity.username}`);
      if (identity.groups !== undefined) details.push(`groups [${identity.groups.join(', ')}]`);
      if (identity.username === 'kubernetes-admin') details.push('kubernetes-admin is how EKS maps the cluster creator');
      if (identity.username?.startsWith('system:node:') === true && identity.groups?.includes('system:nodes') === false) {
        details.push('a node username without the group system:nodes: the node authenticates but cannot register (map the node role with system:bootstrappers and system:nodes)');
      }
      break;
    default:
      break;
  }
  if (classId === 'log-not-mapped' || classId === 'log-sts-response') {
    const fingerprint = callerFingerprint(identity);
    if (fingerprint !== undefined) details.push(fingerprint);
    const keyKind = accessKeyKind(identity.accessKeyId, identity.arn);
    if (keyKind !== undefined && identity.accessKeyId !== undefined) details.push(`access key ${identity.accessKeyId}: ${keyKind}`);
  }
  if (record.truncated) details.push('line cut in the middle: only its complete fields were read');
  return details;
}

const AWS_CLI_CAUSES: readonly (readonly [RegExp, string])[] = [
  [/The config profile \((.*)\) could not be found/, 'profile "$1" does not exist where kubectl runs'],
  [/Unable to locate credentials|NoCredentialProviders/, 'no AWS credentials in the environment, profile or instance role'],
  [/You must specify a region/, 'no region: add --region to the exec args or set one in the profile'],
  [/SSO session associated with this profile has expired|Error loading SSO Token/, 'the SSO session expired: run aws sso login --profile <profile>'],
  [/could not get token: (.*)$/, 'aws-iam-authenticator could not get a token: $1'],
  [/\((\w+)\) when calling the AssumeRole operation/, 'the AWS CLI could not assume the --role-arn role ($1): check the role\'s trust policy and the caller\'s sts:AssumeRole permission'],
];

const EXIT_CODES: Readonly<Record<string, string>> = {
  '253': 'AWS CLI v2 configuration error (profile, region, credentials)',
  '254': 'AWS CLI v2 service error (for example AssumeRole AccessDenied)',
  '255': 'AWS CLI general error (v1 uses it for every failure)',
};

function clientDetails(classId: LogClassId, message: string): string[] {
  const details: string[] = [];
  if (classId === 'client-exec-failed') {
    for (const [pattern, text] of AWS_CLI_CAUSES) {
      const match = pattern.exec(message);
      if (match !== null) details.push(text.replace('$1', match[1] ?? ''));
    }
    const exit = /executable (\S+) failed with exit code (\d+)/.exec(message);
    if (exit !== null) details.push(`${exit[1] ?? ''} exited ${exit[2] ?? ''}${EXIT_CODES[exit[2] ?? ''] === undefined ? '' : `: ${EXIT_CODES[exit[2] ?? ''] ?? ''}`}`);
  }
  if (classId === 'client-exec-api-version') {
    for (const version of new Set(message.match(/client\.authentication\.k8s\.io\/v[0-9a-z]+/g) ?? [])) details.push(`apiVersion ${version}`);
  }
  if (classId === 'client-exec-missing') {
    const command = /"([^"]+)": executable file not found/.exec(message) ?? /executable (\S+) not found/.exec(message);
    if (command?.[1] !== undefined) details.push(`command ${command[1]}`);
  }
  if (classId === 'client-tls' && message.includes('unable to load root certificates')) {
    details.push('certificate-authority-data is not valid base64 or PEM');
  }
  if (classId === 'client-forbidden') {
    const user = /User "([^"]*)"/.exec(message);
    if (user?.[1] !== undefined) details.push(`user ${user[1]}`);
  }
  return details;
}
