import { asWritten, contextName, describeCluster, eksUsers, identityEvidence, identitySpan, valueSpan, type EksContext } from '../../src/kubeconfig/eks-users.js';
import type { ExecValue } from '../../src/kubeconfig/exec-args.js';
import { defineRule } from '../../src/rule.js';
import type { SourceNode } from '../../src/source-node.js';

export default defineRule({
  id: 'kubeconfig-cluster-name-mismatch',
  level: 'error',
  tags: ['lockout'],
  summary: 'The cluster named in an EKS exec plugin\'s arguments is not the EKS cluster of a context that uses this user.',
  description:
    'An EKS token is a pre-signed STS request whose signature covers the cluster name (the x-k8s-aws-id header) that ' +
    '--cluster-name or -i gave the plugin. The cluster\'s authenticator re-sends it with its own name, so a token made ' +
    'for another name fails the signature check (SignatureDoesNotMatch) and kubectl answers "You must be logged in to ' +
    'the server (Unauthorized)". The cluster a context reaches is read from its cluster entry: the ARN name aws eks ' +
    'update-kubeconfig writes, the eksctl name, or a context name of those shapes.',
  check(model, context) {
    for (const eks of eksUsers(model)) {
      const signed = eks.exec.clusterName;
      // --cluster-id is an Outposts cluster id, not a name; both at once is kubeconfig-cluster-id-missing's.
      if (signed === undefined || signed.value === '' || eks.exec.clusterId !== undefined) continue;
      const others = eks.contexts.filter((c): c is EksContext & { identity: { name: string } } => c.identity?.name !== undefined && c.identity.name !== signed.value);
      if (others.length === 0) continue;
      const reached = others.map((c) => `context "${contextName(c.context)}" reaches ${describeCluster(c.identity)}`).join('; ');
      context.report({
        span: valueSpan(signed),
        message:
          `The token is signed for cluster "${signed.value}" (${signed.via}), but ${reached}. That cluster's authenticator checks the signature ` +
          `with its own name, STS answers SignatureDoesNotMatch and kubectl says "You must be logged in to the server (Unauthorized)". ` +
          fixOf(signed, others, eks.contexts.length > others.length),
        related: others.map((c) => ({ span: identitySpan(c), message: `context "${contextName(c.context)}": cluster "${c.identity.name}", from ${identityEvidence(c.identity)}` })),
      });
    }
  },
});

/** One cluster, one user entry: a user that other contexts use correctly keeps its name, the mismatching contexts get their own. */
function fixOf(signed: ExecValue<SourceNode>, others: readonly (EksContext & { identity: { name: string } })[], usedCorrectly: boolean): string {
  const [only] = others;
  if (only !== undefined && others.length === 1) {
    const fix = asWritten(signed, only.identity.name);
    return usedCorrectly ? `Give context "${contextName(only.context)}" a user entry of its own, with ${fix}.` : `Use ${fix}.`;
  }
  const names = others.map((c) => `"${contextName(c.context)}"`).join(', ');
  return `Give contexts ${names} user entries of their own, each with its cluster's name (${signed.via}).`;
}
