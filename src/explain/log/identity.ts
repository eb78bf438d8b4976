import { parseArn } from '../../arn.js';

/** Who sent a request, as far as a log line tells (reference client-side.md §4.2, §4.4, §5). */
export interface LogIdentity {
  /** The ARN as written (`STS response` lines carry the raw STS ARN, decisions the canonical one). */
  readonly arn?: string;
  /** What the authenticator matches: an assumed role becomes `arn:<p>:iam::<acct>:role/<name>`. */
  readonly canonicalArn?: string;
  readonly accessKeyId?: string;
  readonly accountId?: string;
  readonly sessionName?: string;
  readonly userId?: string;
  readonly stsEndpoint?: string;
  readonly username?: string;
  readonly groups?: readonly string[];
}

/** The identity fields of one logrus line. */
export function identityOf(fields: ReadonlyMap<string, string>): LogIdentity {
  const arn = nonEmpty(fields.get('arn'));
  const parsed = arn === undefined ? undefined : parseArn(arn);
  const canonicalArn = arn === undefined ? undefined : canonicalize(arn);
  const userId = nonEmpty(fields.get('userid'));
  const sessionName = nonEmpty(fields.get('session')) ?? sessionOfArn(arn) ?? sessionOfUserId(userId);
  const groups = fields.get('groups');
  const identity: { -readonly [K in keyof LogIdentity]: LogIdentity[K] } = {};
  const set = <K extends keyof LogIdentity>(key: K, value: LogIdentity[K] | undefined) => {
    if (value !== undefined) identity[key] = value;
  };
  set('arn', arn);
  set('canonicalArn', canonicalArn);
  set('accessKeyId', nonEmpty(fields.get('accesskeyid')));
  set('accountId', nonEmpty(fields.get('accountid')) ?? parsed?.accountId);
  set('sessionName', sessionName);
  set('userId', userId);
  set('stsEndpoint', nonEmpty(fields.get('stsendpoint')));
  set('username', nonEmpty(fields.get('username')));
  set('groups', groups === undefined ? undefined : parseGroups(groups));
  return identity;
}

/** Later lines of the same request add to what earlier ones said. */
export function mergeIdentities(first: LogIdentity, second: LogIdentity): LogIdentity {
  return { ...first, ...second, ...(first.arn !== undefined && second.arn !== undefined && first.arn !== second.arn ? { arn: first.arn } : {}) };
}

/** The authenticator's canonical form: assumed roles become their role, without session or path. */
export function canonicalize(arn: string): string {
  const parsed = parseArn(arn);
  if (parsed?.kind !== 'assumed-role') return arn;
  return `arn:${parsed.partition}:iam::${parsed.accountId}:role/${parsed.name}`;
}

function sessionOfArn(arn: string | undefined): string | undefined {
  if (arn === undefined) return undefined;
  const parsed = parseArn(arn);
  if (parsed?.kind !== 'assumed-role') return undefined;
  const labels = parsed.resource.split('/');
  return labels.length >= 3 ? nonEmpty(labels.slice(2).join('/')) : undefined;
}

/** `AROA…:<session>` names a role session; a federated user's `<account>:<name>` does not (reference §5). */
function sessionOfUserId(userId: string | undefined): string | undefined {
  if (userId?.startsWith('AROA') !== true) return undefined;
  const colon = userId.indexOf(':');
  return colon < 0 ? undefined : nonEmpty(userId.slice(colon + 1));
}

/** Go `%v` of a string slice: `[a b]`, `[]`. */
export function parseGroups(value: string): string[] {
  const inner = value.replace(/^\[/, '').replace(/\]$/, '').trim();
  return inner === '' ? [] : inner.split(/\s+/);
}

/** What the ARN and session name say about how the credentials were obtained (§4.4, §5). */
export function callerFingerprint(identity: LogIdentity): string | undefined {
  const session = identity.sessionName;
  const role = identity.arn === undefined ? undefined : parseArn(identity.arn);
  if (role?.kind === 'root') return 'the account\'s root user: its keys are long-term and unrestricted; give kubectl an IAM role (or user) to map instead.';
  if (role?.kind === 'assumed-role' && role.name.startsWith('AWSReservedSSO_')) {
    return `IAM Identity Center: permission set role ${role.name}; map the role ARN without its path (/aws-reserved/sso.amazonaws.com/).`;
  }
  if (session === undefined) return undefined;
  if (session === 'EKSGetTokenAuth') return 'session EKSGetTokenAuth: the token came from `aws eks get-token --role-arn`, so the role in the kubeconfig\'s --role-arn is the one to map.';
  if (/^i-[0-9a-f]{8,17}$/.test(session)) return `session ${session}: an EC2 instance role (a node, or someone working on an instance).`;
  if (/^botocore-session-\d+$/.test(session)) return `session ${session}: an AWS CLI/SDK profile with role_arn (and no role_session_name).`;
  if (/^\d{16,}$/.test(session)) return `session ${session}: aws-iam-authenticator -r (Go SDK default session name).`;
  return undefined;
}

/** AKIA keys are long-term IAM user keys; ASIA keys are temporary credentials. */
export function accessKeyKind(accessKeyId: string | undefined, arn?: string): string | undefined {
  if (accessKeyId?.startsWith('AKIA') === true) return arn !== undefined && parseArn(arn)?.kind === 'root' ? 'long-term root user key' : 'long-term IAM user key';
  if (accessKeyId?.startsWith('ASIA') === true) return 'temporary credentials';
  return undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
