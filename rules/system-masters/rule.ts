import { parseArn } from '../../src/arn.js';
import { groupScalars, nodeKind, principalOf, templateTokens, usernameOf } from '../../src/aws-auth/identity.js';
import type { Mapping } from '../../src/model.js';
import { defineRule } from '../../src/rule.js';

export default defineRule({
  id: 'system-masters',
  level: 'warning',
  tags: ['security'],
  securitySeverity: '8.0',
  summary: 'system:masters is granted through aws-auth.',
  description:
    'system:masters is hard-wired into the API server as superuser: it bypasses RBAC and cannot be reduced by ' +
    'removing role bindings. Anyone who can become the mapped principal is cluster root. Prefer an access entry ' +
    'with AmazonEKSClusterAdminPolicy, or a ClusterRoleBinding to a group of your own, which can be audited and revoked.',
  check(model, context) {
    for (const mapping of model.mappings) {
      for (const group of groupScalars(mapping)) {
        if (group.value !== 'system:masters') continue;
        context.report({
          span: group.span,
          message: `${who(mapping)} is granted system:masters: unrevocable superuser that bypasses RBAC${sharper(mapping)}. Bind a group of your own to cluster-admin with RBAC instead (or use an access entry with AmazonEKSClusterAdminPolicy).`,
        });
      }
    }
  },
});

function who(mapping: Mapping): string {
  const arn = principalOf(mapping);
  return arn === undefined ? 'This entry' : `"${arn}"`;
}

/** Cases where the grant is worse than usual get a sentence of their own. */
function sharper(mapping: Mapping): string {
  const arn = parseArn(principalOf(mapping)?.trim() ?? '');
  if (arn?.kind === 'root') return '; this is the account root, so every principal of the account that can act as root gets it';
  if (arn?.kind === 'user') return '; an IAM user has long-lived access keys, which makes this a standing superuser credential';
  if (nodeKind(mapping) !== undefined) return '; this is a node role, so every pod that reaches the instance credentials becomes superuser';
  const username = usernameOf(mapping) ?? '';
  if (templateTokens(username).some((t) => t.text.startsWith('{{SessionName'))) return '; the username comes from the caller\'s session name, so the audit trail is whatever the caller chose';
  return '';
}
