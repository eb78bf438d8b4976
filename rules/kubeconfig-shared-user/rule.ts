import type { ClusterIdentity } from '../../src/kubeconfig/cluster-identity.js';
import { contextName, describeCluster, eksUsers, identityEvidence, identitySpan, type EksContext } from '../../src/kubeconfig/eks-users.js';
import { defineRule } from '../../src/rule.js';

export default defineRule({
  id: 'kubeconfig-shared-user',
  level: 'warning',
  tags: ['lockout'],
  summary: 'One kubeconfig user entry with an EKS exec plugin is used by contexts of two different EKS clusters: its cluster name is wrong for one of them.',
  description:
    'An EKS token is signed for one cluster name, so a user entry serves one cluster. aws eks update-kubeconfig ' +
    'overwrites a user entry of the same name, so reusing --user-alias for a second cluster (or a second run with another ' +
    '--role-arn) silently points the first cluster\'s context at the other cluster\'s name or role: that context then ' +
    'answers "You must be logged in to the server (Unauthorized)".',
  check(model, context) {
    for (const eks of eksUsers(model)) {
      const named = eks.contexts.filter((c): c is EksContext & { identity: ClusterIdentity & { name: string } } => c.identity?.name !== undefined);
      const clusters = new Map<string, ClusterIdentity>();
      // Same-named clusters in two regions accept the same token: only the name is signed.
      for (const c of named) clusters.set(c.identity.name, c.identity);
      if (clusters.size < 2) continue;
      const name = eks.user.name;
      const signed = eks.exec.clusterName ?? eks.exec.clusterId;
      const uses = named.map((c) => `context "${contextName(c.context)}" reaches ${describeCluster(c.identity)}`).join('; ');
      context.report({
        span: name?.node.span ?? eks.user.node.span,
        message:
          `User "${name?.value ?? `#${eks.user.index + 1}`}" is used by contexts of ${clusters.size} differently named EKS clusters (${uses}). ` +
          `Its token is signed for ${signed === undefined ? 'one cluster name' : `"${signed.value}" (${signed.via})`}, so the contexts of any other cluster get "You must be logged in to the server (Unauthorized)". ` +
          'Give each cluster its own user entry (aws eks update-kubeconfig --user-alias with a name per cluster).',
        related: named.map((c) => ({ span: identitySpan(c), message: `context "${contextName(c.context)}": cluster "${c.identity.name}", from ${identityEvidence(c.identity)}` })),
      });
    }
  },
});
