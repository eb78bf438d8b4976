import { parseArn, PARTITIONS } from '../../src/arn.js';
import { stringScalar } from '../../src/aws-auth/identity.js';
import { isRegion, mappingsOfCluster, partitionOfRegion } from '../../src/cluster/access.js';
import type { Cluster } from '../../src/model.js';
import { defineRule, type RelatedLocation } from '../../src/rule.js';
import { lastValue, substringSpan, type SourceNode } from '../../src/source-node.js';

export default defineRule({
  id: 'partition-mismatch',
  level: 'warning',
  tags: ['lockout'],
  summary: "A principal's ARN partition differs from the partition of the cluster's region (aws-cn for cn-*, aws-us-gov for us-gov-*, ...).",
  description:
    'IAM principals live in one partition, and callers of a cluster in cn-north-1 or us-gov-west-1 present ARNs ' +
    'of that partition (arn:aws-cn:..., arn:aws-us-gov:...). The authenticator compares the partition as part of ' +
    'the ARN string, so an aws-auth mapping written with another partition never matches, and an access entry for ' +
    'a principal of another partition names a principal that cannot exist there. Typical cause: a config copied ' +
    'from a commercial-region cluster.',
  check(model, context) {
    for (const cluster of model.clusters) {
      const region = cluster.region?.trim();
      if (region === undefined || !isRegion(region)) continue;
      const expected = partitionOfRegion(region);
      const related = regionOf(cluster);
      for (const mapping of mappingsOfCluster(model, cluster)) {
        const report = check(mapping.principal, expected, region, 'aws-auth');
        if (report !== undefined) context.report({ ...report, related });
      }
      for (const entry of cluster.accessEntries) {
        const report = check(entry.principal, expected, region, 'access entry');
        if (report !== undefined) context.report({ ...report, related });
      }
    }
  },
});

function check(node: SourceNode | undefined, expected: string, region: string, carrier: 'aws-auth' | 'access entry'): { span: ReturnType<typeof substringSpan>; message: string } | undefined {
  const scalar = stringScalar(node);
  if (scalar === undefined) return undefined;
  const trimmed = scalar.value.trim();
  const arn = parseArn(trimmed);
  // An unknown partition is invalid-arn's finding, whatever the region.
  if (arn === undefined || arn.partition === expected || !PARTITIONS.includes(arn.partition)) return undefined;
  const start = scalar.value.indexOf(trimmed) + arn.offsets.partition;
  const fixed = `arn:${expected}:${trimmed.slice(arn.offsets.service)}`;
  const effect = carrier === 'aws-auth'
    ? `callers of this cluster present "${expected}" ARNs, so this mapping never matches`
    : 'IAM principals exist in one partition only, so this access entry can never admit anyone';
  return {
    span: substringSpan(scalar, start, start + arn.partition.length),
    message: `Partition "${arn.partition}" differs from the cluster's: region ${region} is in partition "${expected}", and ${effect}. Use "${fixed}".`,
  };
}

function regionOf(cluster: Cluster): RelatedLocation[] {
  const metadata = cluster.node === undefined ? undefined : lastValue(cluster.node, 'metadata');
  const region = metadata?.kind === 'map' ? lastValue(metadata, 'region') : undefined;
  return region === undefined ? [] : [{ span: region.span, message: "the cluster's region" }];
}
