import { parseArn } from '../arn.js';
import { stringScalar } from '../aws-auth/identity.js';
import type { AwsAuthOwner, Mapping, Model } from '../model.js';

/** The principal as written, lowercased as the authenticator compares ARNs. */
function writtenKey(mapping: Mapping): string | undefined {
  const value = stringScalar(mapping.principal)?.value.trim().toLowerCase();
  return value === undefined || value === '' ? undefined : value;
}

/** The principal once role-arn-path and assumed-role-arn have fixed it: a role without its path, a session as its role. */
function fixedKey(written: string): string {
  const arn = parseArn(written);
  const role = arn !== undefined && ((arn.kind === 'role' && arn.service === 'iam') || arn.kind === 'assumed-role');
  return arn !== undefined && role ? `arn:${arn.partition}:iam::${arn.accountId}:role/${arn.name}` : written;
}

/** Per owner: for each fixed principal, the different principals written that become it. */
type Index = Map<AwsAuthOwner, Map<string, Set<string>>>;
const indexes = new WeakMap<Model, Index>();

function indexOf(model: Model): Index {
  const cached = indexes.get(model);
  if (cached !== undefined) return cached;
  const index: Index = new Map();
  for (const mapping of model.mappings) {
    const written = writtenKey(mapping);
    if (written === undefined) continue;
    const byFixed = index.get(mapping.section.owner) ?? new Map<string, Set<string>>();
    index.set(mapping.section.owner, byFixed);
    const key = fixedKey(written);
    byFixed.set(key, (byFixed.get(key) ?? new Set<string>()).add(written));
  }
  indexes.set(model, index);
  return index;
}

/**
 * Whether fixing this mapping's principal would give it the ARN that another entry of the same ConfigMap (or
 * eksctl ClusterConfig) has, or gets from its own fix. The authenticator keeps the last entry of an ARN, so the
 * fix would silently decide whose username and groups win: `role/admin` with system:masters and a later
 * `role/sso/admin` with a viewer group would leave the admin a viewer. Entries written identically stay identical.
 */
export function fixWouldCollide(model: Model, mapping: Mapping): boolean {
  const written = writtenKey(mapping);
  if (written === undefined) return false;
  const sources = indexOf(model).get(mapping.section.owner)?.get(fixedKey(written));
  return sources !== undefined && sources.size > 1;
}
