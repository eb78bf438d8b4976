import { isAccountId, parseArn, PARTITIONS } from '../arn.js';
import type { Caller } from './types.js';

/** The caller cannot be read: the CLI turns it into a usage error (exit 2). */
export class CallerError extends Error {
  override readonly name = 'CallerError';
}

export interface CallerExtras {
  /** `UserId` of `aws sts get-caller-identity` (`AROA...:session` for an assumed role). */
  readonly userId?: string;
  readonly accessKeyId?: string;
}

const EXAMPLE = 'arn:aws:sts::111122223333:assumed-role/ROLE/SESSION';

/**
 * Reads a caller ARN and canonicalises it as the authenticator does before matching: an STS assumed-role
 * ARN becomes the IAM role ARN; users, the account root and federated users stay as they are.
 */
export function readCaller(text: string, extras: CallerExtras = {}): { caller: Caller; notes: string[] } {
  const given = text.trim();
  const arn = parseArn(given);
  if (arn === undefined) throw new CallerError(`"${text}" is not an ARN: give the Arn that "aws sts get-caller-identity" prints, such as ${EXAMPLE}`);
  if (!PARTITIONS.includes(arn.partition)) {
    throw new CallerError(`"${given}" has the partition "${arn.partition}", which the authenticator does not recognise (${PARTITIONS.join(', ')})`);
  }
  if (arn.service !== 'iam' && arn.service !== 'sts') throw notAnIdentity(given);
  if (!isAccountId(arn.accountId)) throw new CallerError(`"${given}" has the account "${arn.accountId}": an AWS account id is 12 digits`);
  // One key order for every kind, so the JSON output reads the same for all callers.
  const make = (kind: Caller['kind'], canonicalArn: string, name: string, path: string, sessionName: string | null): Caller => ({
    arn: given,
    canonicalArn,
    kind,
    partition: arn.partition,
    accountId: arn.accountId,
    name,
    path,
    sessionName,
    accessKeyId: extras.accessKeyId ?? null,
  });
  const prefix = `arn:${arn.partition}:iam::${arn.accountId}`;
  const resource = arn.resource.slice(arn.resource.indexOf('/') + 1);
  if (arn.service === 'sts' && arn.kind === 'assumed-role') {
    const parts = resource.split('/');
    const session = parts.length >= 2 ? parts[parts.length - 1] ?? '' : '';
    const role = parts.slice(0, -1);
    if (role.length === 0 || role.some((p) => p === '') || session === '') {
      throw new CallerError(`"${given}" is not a complete assumed-role ARN: it has the form ${EXAMPLE}`);
    }
    const notes = role.length > 1 ? ['STS never puts a role path in an assumed-role ARN; it is kept here, as the authenticator would keep it.'] : [];
    const name = role[role.length - 1] ?? '';
    return { caller: make('assumed-role', `${prefix}:role/${role.join('/')}`, name, '', sessionOf(extras.userId, session, notes)), notes };
  }
  if (arn.service === 'sts' && arn.kind === 'federated-user' && arn.name !== '') {
    // STS reports a federated user's UserId as ACCOUNT:NAME, so its session name is its name.
    const notes: string[] = [];
    return { caller: make('federated-user', given, arn.name, '', sessionOf(extras.userId, arn.name, notes)), notes };
  }
  if (arn.service === 'iam' && arn.kind === 'root') {
    return { caller: make('root', `${prefix}:root`, 'root', '', ''), notes: [] };
  }
  if (arn.service === 'iam' && arn.kind === 'user' && arn.name !== '') {
    return { caller: make('user', given, arn.name, `/${arn.path}`, ''), notes: [] };
  }
  if (arn.service === 'iam' && arn.kind === 'role' && arn.name !== '') {
    const canonicalArn = `${prefix}:role/${arn.name}`;
    const path = arn.path === '' ? '' : ` STS reports its callers without the role path "/${arn.path}", so they are matched as ${canonicalArn}.`;
    return {
      caller: make('role', canonicalArn, arn.name, '', null),
      notes: [`This is a role ARN, not a caller ARN: explained for any session of the role (aws sts get-caller-identity prints arn:${arn.partition}:sts::${arn.accountId}:assumed-role/${arn.name}/SESSION).${path}`],
    };
  }
  throw notAnIdentity(given);
}

function notAnIdentity(given: string): CallerError {
  return new CallerError(
    `"${given}" is not an identity the authenticator accepts: give an IAM user or role, the account root, an STS assumed-role or federated-user ARN, such as ${EXAMPLE}`,
  );
}

/**
 * The session name as the authenticator takes it: the part after the colon of STS's UserId (`AROA...:session`,
 * `ACCOUNT:name` for a federated user). Without a UserId, the one the ARN carries, which STS makes the same.
 */
function sessionOf(userId: string | undefined, fromArn: string, notes: string[]): string {
  const parts = userId?.split(':') ?? [];
  const fromUserId = parts.length === 2 ? parts[1] : undefined;
  if (fromUserId === undefined || fromUserId === fromArn) return fromArn;
  notes.push(`UserId names the session "${fromUserId}", the ARN "${fromArn}": the authenticator takes UserId's, and so does this explanation.`);
  return fromUserId;
}

/** What `aws sts get-caller-identity` prints: `{"UserId": ..., "Account": ..., "Arn": ...}`. */
export interface CallerIdentity {
  readonly arn: string;
  readonly userId?: string;
  readonly account?: string;
}

/** Reads the JSON of `aws sts get-caller-identity`; `source` names it in errors. */
export function readCallerIdentity(json: string, source: string): CallerIdentity {
  let value: unknown;
  try {
    value = JSON.parse(json.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new CallerError(`${source}: not JSON (${error instanceof Error ? error.message : String(error)}); give the output of "aws sts get-caller-identity"`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CallerError(`${source}: expected the JSON object that "aws sts get-caller-identity" prints`);
  }
  const record = value as Record<string, unknown>;
  if (typeof record.Arn !== 'string') throw new CallerError(`${source}: no "Arn" string in it; give the output of "aws sts get-caller-identity"`);
  return {
    arn: record.Arn,
    ...(typeof record.UserId === 'string' ? { userId: record.UserId } : {}),
    ...(typeof record.Account === 'string' ? { account: record.Account } : {}),
  };
}
