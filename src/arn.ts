import { parse as splitArn, validate as hasArnShape } from '@aws-sdk/util-arn-parser';

/** Partitions the authenticator accepts for a caller (v0.7.7+). */
export const PARTITIONS: readonly string[] = ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc'];

/** Account ids used in AWS documentation; never a real account. */
export const EXAMPLE_ACCOUNT_IDS: readonly string[] = ['111122223333', '123456789012', '444455556666', '000000000000'];

export type ResourceKind = 'role' | 'user' | 'root' | 'assumed-role' | 'federated-user' | 'instance-profile' | 'group' | 'other';

export interface Arn {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly accountId: string;
  readonly resource: string;
  readonly kind: ResourceKind;
  /** Path segments between the resource type and the name (`role/team/x` has `team/`). */
  readonly path: string;
  /** Last segment: the role or user name (for assumed-role, the role name). */
  readonly name: string;
  /** Offsets of each part within the ARN string. */
  readonly offsets: { readonly account: number; readonly resource: number; readonly partition: number; readonly service: number };
}

/**
 * Splits an ARN (structure only; callers check account, partition and resource). The authenticator
 * compares ARNs case-insensitively, so `ARN:AWS:IAM::...:ROLE/x` parses too: partition, service and the
 * resource type come back lowercased, names keep their case.
 */
export function parseArn(text: string): Arn | undefined {
  const normalized = text.slice(0, 4).toLowerCase() === 'arn:' ? `arn:${text.slice(4)}` : text;
  if (!hasArnShape(normalized)) return undefined;
  const parts = splitArn(normalized);
  const partition = parts.partition.toLowerCase();
  const service = parts.service.toLowerCase();
  const offsets = {
    partition: 4,
    service: 5 + partition.length,
    account: 7 + partition.length + service.length + parts.region.length,
    resource: 8 + partition.length + service.length + parts.region.length + parts.accountId.length,
  };
  const { kind, path, name } = classify(service, parts.resource);
  return { partition, service, region: parts.region, accountId: parts.accountId, resource: parts.resource, kind, path, name, offsets };
}

function classify(service: string, resource: string): { kind: ResourceKind; path: string; name: string } {
  if (resource.toLowerCase() === 'root') return { kind: 'root', path: '', name: 'root' };
  const slash = resource.indexOf('/');
  const type = (slash < 0 ? resource : resource.slice(0, slash)).toLowerCase();
  const rest = slash < 0 ? '' : resource.slice(slash + 1);
  if (service === 'sts' && type === 'assumed-role') {
    const roleName = rest.split('/')[0] ?? '';
    return { kind: 'assumed-role', path: '', name: roleName };
  }
  if (service === 'sts' && type === 'federated-user') return { kind: 'federated-user', path: '', name: rest };
  const known: Readonly<Record<string, ResourceKind>> = { role: 'role', user: 'user', 'instance-profile': 'instance-profile', group: 'group' };
  const kind = known[type] ?? 'other';
  const lastSlash = rest.lastIndexOf('/');
  return { kind, path: lastSlash < 0 ? '' : rest.slice(0, lastSlash + 1), name: lastSlash < 0 ? rest : rest.slice(lastSlash + 1) };
}

export function isAccountId(text: string): boolean {
  return /^\d{12}$/.test(text);
}

/** Text that was meant to be replaced before use: `<...>`, `{{...}}`, `${...}`, `XXXX`, `ACCOUNT_ID`. */
export function findPlaceholder(text: string): { start: number; end: number } | undefined {
  const patterns = [/<[^>]*>/, /\{\{[^}]*\}\}/, /\$\{[^}]*\}/, /\$[A-Z_][A-Z0-9_]*/, /X{4,}|x{6,}/, /\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/];
  for (const pattern of patterns) {
    const match = pattern.exec(text);
    if (match !== null) return { start: match.index, end: match.index + match[0].length };
  }
  return undefined;
}
