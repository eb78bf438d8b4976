import { describeMode } from '../../src/cluster/access.js';
import { termsOf } from '../../src/cluster/terms.js';
import type { AwsAuthSection, Cluster, Model } from '../../src/model.js';
import type { RelatedLocation } from '../../src/rule.js';
import { defineRule } from '../../src/rule.js';

export default defineRule({
  id: 'aws-auth-ignored',
  level: 'error',
  tags: ['lockout'],
  summary: 'aws-auth mappings for a cluster whose authenticationMode is API: EKS ignores them.',
  description:
    'In API mode EKS authenticates only through access entries; the aws-auth ConfigMap method is switched off. ' +
    'The ConfigMap (or eksctl iamIdentityMappings, which eksctl still writes into it) can exist, but none of its ' +
    'mappings lets anyone in, nodes included. A cluster cannot leave API mode once it is set.',
  check(model, context) {
    const reported = new Set<string>();
    for (const section of model.sections) {
      const cluster = model.clusterOf(section.owner);
      if (cluster?.authMode.value !== 'API' || !carriesMappings(model, section)) continue;
      // eksctl's iamIdentityMappings key holds every section it writes: report it once.
      const key = `${section.keySpan.file}\0${section.keySpan.startOffset}`;
      if (reported.has(key)) continue;
      reported.add(key);
      const related = relatedOf(cluster, section);
      context.report({ span: section.keySpan, message: messageFor(cluster, section), ...(related.length > 0 ? { related } : {}) });
    }
  },
});

/** Whether the section holds anything the authenticator would have read (an empty `mapRoles: ""` does not). */
function carriesMappings(model: Model, section: AwsAuthSection): boolean {
  const content = section.content;
  switch (content.kind) {
    case 'empty':
    case 'not-string':
      return false;
    case 'parsed':
      if (model.mappings.some((m) => m.section === section) || model.accounts.some((a) => a.section === section)) return true;
      return content.root !== null && !(content.root.kind === 'seq' && content.root.items.length === 0);
    default:
      return true;
  }
}

function clusterName(cluster: Cluster): string {
  return cluster.name === undefined ? 'the cluster' : `cluster "${cluster.name}"`;
}

function where(cluster: Cluster, section: AwsAuthSection): string {
  const node = cluster.authMode.node;
  if (node === undefined) return '';
  const file = node.span.file === section.keySpan.file ? '' : `${node.span.file} `;
  return ` (${file}line ${node.span.start.line})`;
}

function messageFor(cluster: Cluster, section: AwsAuthSection): string {
  const mode =
    cluster.carrier === 'flag'
      ? `the cluster is in API mode (${describeMode(cluster)})`
      : `${clusterName(cluster)} uses ${describeMode(cluster)}${where(cluster, section)}`;
  const subject =
    section.owner === cluster
      ? `iamIdentityMappings are ignored: ${mode}, so eksctl still writes them into aws-auth but EKS never reads that ConfigMap`
      : `${section.label} is ignored: ${mode}, so EKS never reads the aws-auth ConfigMap`;
  return (
    `${subject}; none of these mappings authenticates anyone (callers get Unauthorized${section.name === 'mapRoles' ? ', nodes mapped here cannot join' : ''}). ` +
    `Give these principals access entries (${termsOf(cluster).accessEntries}, aws eks create-access-entry) and remove the mappings, ` +
    'or, before the cluster is created, choose API_AND_CONFIG_MAP: a cluster in API mode cannot be switched back.'
  );
}

function relatedOf(cluster: Cluster, section: AwsAuthSection): RelatedLocation[] {
  if (cluster.carrier === 'flag') return [];
  const node = cluster.authMode.node;
  const key = termsOf(cluster).authenticationMode;
  if (node !== undefined) return [{ span: node.span, message: `${clusterName(cluster)} sets ${key} ${cluster.authMode.value} here` }];
  if (cluster.anchor === undefined || section.owner === cluster) return [];
  return [{ span: cluster.anchor, message: `${clusterName(cluster)}, whose ${key} is ${describeMode(cluster)}` }];
}
