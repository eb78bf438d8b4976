import { stringScalar } from '../../src/aws-auth/identity.js';
import { CLUSTER_ADMIN_POLICY, entryType, grantsClusterAdmin, NODE_ENTRY_TYPES } from '../../src/cluster/access.js';
import { apiRefusalOutcome, termsOf } from '../../src/cluster/terms.js';
import type { AccessEntry } from '../../src/model.js';
import { defineRule } from '../../src/rule.js';

const NODE_GROUPS: readonly string[] = ['system:nodes', 'system:bootstrappers', 'system:node-proxier'];

export default defineRule({
  id: 'reserved-group',
  level: 'error',
  tags: ['correctness'],
  summary: 'An access entry grants a Kubernetes group that starts with system: (system:masters included): the EKS API rejects it.',
  description:
    'Access entries cannot put anyone into the groups Kubernetes reserves for itself: EKS rejects any group name ' +
    'that starts with system:, so the entry is never created and the deploy fails. Cluster-wide admin, which ' +
    'system:masters gave in aws-auth, comes from the AmazonEKSClusterAdminPolicy access policy; nodes get their ' +
    'groups from a node-type entry.',
  check(model, context) {
    for (const entry of model.accessEntries) {
      // A node-type entry takes no groups at all: node-entry-fields reports the whole list.
      if (NODE_ENTRY_TYPES.includes(entryType(entry))) continue;
      const groups = entry.kubernetesGroups;
      if (groups?.kind !== 'seq') continue;
      for (const item of groups.items) {
        const group = stringScalar(item);
        if (group?.value.startsWith('system:') !== true) continue;
        context.report({
          span: group.span,
          message: `${termsOf(entry).groups} "${group.value}": EKS rejects the entry with "InvalidParameterException: The kubernetes group name ${group.value} is invalid, it cannot start with system:"${apiRefusalOutcome(entry)}. ${fixFor(group.value, entry)}`,
        });
      }
    }
  },
});

function fixFor(group: string, entry: AccessEntry): string {
  if (NODE_GROUPS.includes(group)) {
    return 'For nodes, create the entry with a node type (EC2_LINUX, EC2_WINDOWS, FARGATE_LINUX, HYBRID_LINUX) and no groups: EKS adds the node groups itself.';
  }
  if (group === 'system:authenticated') return 'Every authenticated caller is in system:authenticated already: remove the group.';
  const terms = termsOf(entry);
  if (group === 'system:masters') {
    return grantsClusterAdmin(entry)
      ? `This entry already has ${CLUSTER_ADMIN_POLICY} at cluster scope, which gives the same access: remove the group.`
      : `For cluster admin, remove the group and associate ${CLUSTER_ADMIN_POLICY} with ${terms.scope} ${terms.scopeType} cluster.`;
  }
  return `Use a group name of your own and bind it with RBAC, or associate an access policy (${CLUSTER_ADMIN_POLICY} for cluster admin, AmazonEKSViewPolicy or AmazonEKSEditPolicy for less).`;
}
