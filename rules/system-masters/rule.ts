import { parseArn } from '../../src/arn.js';
import { groupScalars, nodeKind, principalOf, templateTokens, usernameOf } from '../../src/aws-auth/identity.js';
import type { AwsAuthOwner, Mapping, Model } from '../../src/model.js';
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
    const homeOf = clusterAccounts(model);
    for (const mapping of model.mappings) {
      for (const group of groupScalars(mapping)) {
        if (group.value !== 'system:masters') continue;
        context.report({
          span: group.span,
          message: `${who(mapping)} is granted system:masters: unrevocable superuser that bypasses RBAC${sharper(homeOf, mapping)}. Bind a group of your own to cluster-admin with RBAC instead (or use an access entry with AmazonEKSClusterAdminPolicy).`,
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
function sharper(homeOf: (owner: AwsAuthOwner) => string | undefined, mapping: Mapping): string {
  const arn = parseArn(principalOf(mapping)?.trim().toLowerCase() ?? '');
  if (arn?.kind === 'root') {
    return '; this is the account root user (it matches calls made with the root credentials, not every principal of the account), a credential AWS advises never to use day to day';
  }
  if (arn?.kind === 'user') return '; an IAM user has long-lived access keys, which makes this a standing superuser credential';
  const home = homeOf(mapping.section.owner);
  if (arn !== undefined && home !== undefined && /^\d{12}$/.test(arn.accountId) && arn.accountId !== home) {
    return `; the principal is in account ${arn.accountId}, not in ${home} where this cluster's node roles are, so that other account decides who becomes superuser here`;
  }
  const kind = nodeKind(mapping);
  if (kind !== undefined) {
    return kind === 'fargate'
      ? '; this is a Fargate pod execution role, so every Fargate node of the cluster runs as superuser'
      : '; this is a node role, so every node, and every pod that can reach the node\'s instance credentials, becomes superuser';
  }
  const username = usernameOf(mapping) ?? '';
  if (templateTokens(username).some((t) => t.text.startsWith('{{SessionName'))) {
    return '; the username is built from the caller\'s session name, so the superuser\'s audit trail says whatever the caller chose';
  }
  return '';
}

/**
 * The account of the node roles mapped in the same ConfigMap, when they agree: the cluster's own account.
 * Collected in one pass over the mappings, not once per grant (thousands of entries).
 */
function clusterAccounts(model: Model): (owner: AwsAuthOwner) => string | undefined {
  const byOwner = new Map<AwsAuthOwner, Set<string>>();
  for (const m of model.mappings) {
    if (nodeKind(m) === undefined) continue;
    const account = parseArn(principalOf(m)?.trim().toLowerCase() ?? '')?.accountId;
    if (account === undefined || !/^\d{12}$/.test(account)) continue;
    const accounts = byOwner.get(m.section.owner) ?? new Set<string>();
    byOwner.set(m.section.owner, accounts.add(account));
  }
  return (owner) => {
    const accounts = byOwner.get(owner);
    return accounts?.size === 1 ? [...accounts][0] : undefined;
  };
}
