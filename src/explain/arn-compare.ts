import { parseArn } from '../arn.js';
import { editDistance } from '../util/suggest.js';
import type { Caller, NearMissKind } from './types.js';

export type Comparison =
  | { readonly kind: 'match'; readonly note: string | undefined }
  | { readonly kind: 'near'; readonly nearKind: NearMissKind; readonly message: string }
  | undefined;

/** Where a principal is written: aws-auth compares whole ARN strings, access entries name an IAM principal. */
export type Target = 'aws-auth' | 'access-entry';

/**
 * Compares one written principal ARN with the caller. aws-auth: the whole string, case-insensitively, no
 * trimming (the authenticator's EqualFold). Access entries: the IAM principal, whatever the path, since EKS
 * matches them by the principal's id and role and user names are unique in an account. Anything close but
 * different comes back as a near miss that says what differs.
 */
export function compareArn(caller: Caller, written: string, target: Target): Comparison {
  const canonical = caller.canonicalArn;
  const trimmed = written.trim();
  const arn = parseArn(trimmed);
  const callerKind = caller.kind === 'assumed-role' ? 'role' : caller.kind;
  const iamName = (callerKind === 'role' || callerKind === 'user') && arn?.service === 'iam' && arn.kind === callerKind;
  if (target === 'aws-auth' ? written.toLowerCase() === canonical.toLowerCase() : samePrincipal(caller, trimmed, iamName)) {
    const note = trimmed === canonical || target === 'access-entry' ? undefined : `The entry is written as "${written}", which differs from ${canonical} only in case: ARNs are compared case-insensitively, so it matches.`;
    return { kind: 'match', note };
  }
  if (trimmed.toLowerCase() === canonical.toLowerCase()) {
    return { kind: 'near', nearKind: 'whitespace', message: `"${written}" has white space around the ARN (a quoted value keeps it), and the authenticator compares the whole string, so it never matches` };
  }
  if (arn === undefined) return undefined;
  const sameAccount = arn.accountId === caller.accountId;
  const sameName = arn.name.toLowerCase() === caller.name.toLowerCase();
  if (arn.kind === 'assumed-role' && callerKind === 'role' && sameAccount && sameName) {
    return {
      kind: 'near',
      nearKind: 'assumed-role-arn',
      message: `"${trimmed}" is an STS assumed-role (session) ARN: the authenticator matches every session of the role as ${canonical}, so this never matches${target === 'access-entry' ? ' (and the EKS API refuses it as an access entry principal)' : ''}`,
    };
  }
  if (callerKind !== 'role' && callerKind !== 'user') return undefined;
  if (arn.kind !== callerKind) {
    const other = arn.kind === 'role' || arn.kind === 'user';
    return other && sameAccount && sameName
      ? { kind: 'near', nearKind: 'principal-type', message: `"${trimmed}" names an IAM ${arn.kind} "${arn.name}", and the caller is ${callerKind === 'role' ? 'a role' : 'a user'}: a different principal, so it never matches` }
      : undefined;
  }
  if (arn.service !== 'iam') {
    return sameAccount && sameName
      ? { kind: 'near', nearKind: 'service', message: `"${trimmed}" names the service "${arn.service}": IAM ${callerKind} ARNs are arn:${caller.partition}:iam::..., so it never matches` }
      : undefined;
  }
  if (sameAccount && sameName && arn.partition === caller.partition) {
    // Only the path differs (aws-auth; access entries match whatever the path).
    if (callerKind === 'role') {
      return { kind: 'near', nearKind: 'role-path', message: `"${trimmed}" has the role path "/${arn.path}": STS reports callers of the role without it, so this aws-auth entry never matches; write "${canonical}"` };
    }
    return { kind: 'near', nearKind: 'user-path', message: `"${trimmed}" has the user path "/${arn.path}", and the caller's ARN has "${caller.path}": the strings differ, so it never matches; write "${canonical}"` };
  }
  if (sameAccount && sameName) {
    return { kind: 'near', nearKind: 'partition', message: `"${trimmed}" is in the partition "${arn.partition}", the caller in "${caller.partition}", so it never matches` };
  }
  if (sameName && arn.partition === caller.partition) {
    const typo = editDistance(arn.accountId, caller.accountId) <= 2 ? ' (a typo?)' : '';
    return { kind: 'near', nearKind: 'account', message: `"${trimmed}" names the ${callerKind} "${arn.name}" in account ${arn.accountId}, not the caller's account ${caller.accountId}${typo}` };
  }
  if (sameAccount && arn.partition === caller.partition && closeNames(arn.name, caller.name)) {
    return { kind: 'near', nearKind: 'name', message: `"${trimmed}" names the ${callerKind} "${arn.name}", the caller is "${caller.name}" (a typo?)` };
  }
  return undefined;
}

/** Access entries: the same IAM principal (partition, account, kind and name; path ignored), or the same ARN string. */
function samePrincipal(caller: Caller, written: string, iamName: boolean): boolean {
  if (written.toLowerCase() === caller.canonicalArn.toLowerCase()) return true;
  const arn = parseArn(written);
  return iamName && arn?.partition === caller.partition && arn.accountId === caller.accountId && arn.name.toLowerCase() === caller.name.toLowerCase();
}

function closeNames(a: string, b: string): boolean {
  const distance = editDistance(a.toLowerCase(), b.toLowerCase());
  const shorter = Math.min(a.length, b.length);
  // Names that share nothing ("x" and "y") are different names, not a typo.
  return distance > 0 && distance < shorter && distance <= Math.max(1, Math.min(2, Math.floor(shorter / 4)));
}
