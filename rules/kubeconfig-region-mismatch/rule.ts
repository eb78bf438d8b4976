import { isRegion, partitionOfRegion } from '../../src/cluster/access.js';
import type { ClusterIdentity } from '../../src/kubeconfig/cluster-identity.js';
import { asWritten, contextName, describeCluster, eksUsers, identityEvidence, identitySpan, valueSpan, type EksContext } from '../../src/kubeconfig/eks-users.js';
import { defineRule } from '../../src/rule.js';

export default defineRule({
  id: 'kubeconfig-region-mismatch',
  level: 'warning',
  tags: ['lockout'],
  summary: "An EKS exec plugin's --region (or AWS_REGION/AWS_DEFAULT_REGION in its env) differs from the region of the cluster it is used for; an error when the partitions differ.",
  description:
    'The plugin signs the token with the STS endpoint of its region. The authenticator accepts any regional STS endpoint ' +
    'of its own partition, so a region that differs still works while STS is active there for the account, but it usually ' +
    'marks an entry copied from another cluster (check the cluster name too), and it fails where STS is deactivated or the ' +
    'region not enabled. A region of another partition never works: the authenticator rejects the STS host ' +
    '("partition {aws} does not support hostname ..."), and kubectl says Unauthorized.',
  check(model, context) {
    for (const eks of eksUsers(model)) {
      const region = eks.exec.region;
      if (region === undefined || !isRegion(region.value)) continue;
      const partition = partitionOfRegion(region.value);
      const others = eks.contexts.filter((c): c is EksContext & { identity: ClusterIdentity } => c.identity !== undefined && c.identity.region !== region.value);
      const [first] = others;
      if (first === undefined) continue;
      const foreign = others.find((c) => c.identity.partition !== partition);
      const reached = others.map((c) => `context "${contextName(c.context)}" reaches ${describeCluster(c.identity)}`).join('; ');
      const target = (foreign ?? first).identity;
      const fix = `Use ${asWritten(region, target.region)}${others.some((c) => c.identity.region !== target.region) ? ', and a user entry per cluster' : ''}.`;
      context.report({
        span: valueSpan(region),
        message: foreign === undefined
          ? `The token is signed in ${region.value} (${region.via}), but ${reached}. The authenticator accepts the STS endpoint of any region ` +
            `of the partition, so this works only while STS is active in ${region.value} for the account, and it often marks an entry copied ` +
            `from another cluster: check the cluster name too. ${fix}`
          : `The token is signed in ${region.value} (${region.via}, partition ${partition}), but ${reached}, in partition ${foreign.identity.partition}: ` +
            `the authenticator rejects an STS host of another partition${stsHostError(foreign.identity.partition, region.value)}, and kubectl says ` +
            `"You must be logged in to the server (Unauthorized)". ${fix}`,
        ...(foreign === undefined ? {} : { level: 'error' as const }),
        related: others.map((c) => ({ span: identitySpan(c), message: `context "${contextName(c.context)}": region ${c.identity.region}, from ${identityEvidence(c.identity)}` })),
      });
    }
  },
});

/** The authenticator's words for a token from another partition's STS, where the host is certain. */
function stsHostError(clusterPartition: string, region: string): string {
  const domains: Readonly<Record<string, string>> = { aws: 'amazonaws.com', 'aws-us-gov': 'amazonaws.com', 'aws-cn': 'amazonaws.com.cn' };
  const domain = domains[partitionOfRegion(region)];
  return domain === undefined ? '' : ` ("partition {${clusterPartition}} does not support hostname sts.${region}.${domain}")`;
}
