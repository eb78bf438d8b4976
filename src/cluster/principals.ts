import type { AccessEntry, Mapping, Model } from '../model.js';
import type { StringScalar } from '../source-node.js';
import { stringScalar } from '../aws-auth/identity.js';

/** A principal ARN as written, in an aws-auth mapping (any carrier) or in an access entry. */
export type Principal =
  | { readonly carrier: 'aws-auth'; readonly scalar: StringScalar; readonly mapping: Mapping }
  | { readonly carrier: 'access-entry'; readonly scalar: StringScalar; readonly entry: AccessEntry };

/** Every written principal ARN, for rules that check ARNs wherever they appear. */
export function principals(model: Model): Principal[] {
  const result: Principal[] = [];
  for (const mapping of model.mappings) {
    const scalar = stringScalar(mapping.principal);
    if (scalar !== undefined) result.push({ carrier: 'aws-auth', scalar, mapping });
  }
  for (const entry of model.accessEntries) {
    const scalar = stringScalar(entry.principal);
    if (scalar !== undefined) result.push({ carrier: 'access-entry', scalar, entry });
  }
  return result;
}
