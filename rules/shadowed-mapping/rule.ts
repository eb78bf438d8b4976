import { parseArn } from '../../src/arn.js';
import { describeIdentity, stringScalar } from '../../src/aws-auth/identity.js';
import { describeMode, mappingsOfCluster } from '../../src/cluster/access.js';
import { termsOf } from '../../src/cluster/terms.js';
import type { AccessEntry } from '../../src/model.js';
import { defineRule } from '../../src/rule.js';
import type { StringScalar } from '../../src/source-node.js';

export default defineRule({
  id: 'shadowed-mapping',
  level: 'warning',
  tags: ['correctness'],
  summary: 'A principal is mapped in aws-auth and also has an access entry in the same cluster: the access entry wins, the aws-auth entry is dead.',
  description:
    'On an API_AND_CONFIG_MAP cluster, EKS looks the caller up in access entries first; when the same IAM principal ' +
    'has an access entry, its aws-auth mapping is never used. Editing the aws-auth entry then changes nothing, and ' +
    'the groups it grants (system:masters included) silently do not apply.',
  check(model, context) {
    for (const cluster of model.clusters) {
      // In CONFIG_MAP there are no access entries; in API aws-auth is ignored as a whole (aws-auth-ignored).
      if (cluster.authMode.value !== 'API_AND_CONFIG_MAP') continue;
      const entries = new Map<string, { principal: StringScalar; entry: AccessEntry }>();
      for (const entry of cluster.accessEntries) {
        const principal = stringScalar(entry.principal);
        if (principal === undefined) continue;
        const key = identity(principal.value);
        if (key !== undefined && !entries.has(key)) entries.set(key, { principal, entry });
      }
      if (entries.size === 0) continue;
      for (const mapping of mappingsOfCluster(model, cluster)) {
        const principal = stringScalar(mapping.principal);
        const key = principal === undefined ? undefined : identity(principal.value);
        const found = key === undefined ? undefined : entries.get(key);
        if (principal === undefined || found === undefined) continue;
        const match = found.principal;
        const terms = termsOf(found.entry);
        const where = match.span.file === principal.span.file ? `line ${match.span.start.line}` : `${match.span.file}, line ${match.span.start.line}`;
        const written = match.value;
        const samePrincipal =
          written.trim().toLowerCase() === principal.value.trim().toLowerCase()
            ? ''
            : `, as "${written}": the same ${parseArn(written.trim())?.kind === 'user' ? 'user' : 'role'}, whose name is unique in its account whatever the path`;
        context.report({
          span: principal.span,
          message:
            `"${principal.value}" also has an access entry in this cluster (${where}${samePrincipal}), and the cluster is on ${describeMode(cluster)}: ` +
            `the access entry takes precedence, so this ${mapping.section.label} entry (${describeIdentity(mapping)}) is never used. ` +
            `Remove it, or move what it grants into the access entry (${terms.groups}, ${terms.policies}).`,
          related: [{ span: match.span, message: 'the access entry that takes precedence' }],
        });
      }
    }
  },
});

/**
 * Who an ARN names, compared case-insensitively. IAM role and user names are unique in an account whatever
 * their path, so `role/team/x` (as an access entry may write it) and `role/x` (as aws-auth must) are one role.
 */
function identity(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const arn = parseArn(trimmed);
  if (arn?.service === 'iam' && (arn.kind === 'role' || arn.kind === 'user') && arn.name !== '') {
    return `${arn.partition}:${arn.accountId}:${arn.kind}/${arn.name}`.toLowerCase();
  }
  return trimmed.toLowerCase();
}
