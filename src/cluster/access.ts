import type { AccessEntry, AccessPolicy, Cluster, Model } from '../model.js';
import { lastValue, stringValue, type SourceNode } from '../source-node.js';
import type { Span } from '../span.js';
import { termsOf } from './terms.js';

/** Access entry types the EKS API accepts (exact case). Omitted means STANDARD. */
export const ENTRY_TYPES: readonly string[] = ['STANDARD', 'EC2', 'EC2_LINUX', 'EC2_WINDOWS', 'FARGATE_LINUX', 'HYBRID_LINUX', 'HYPERPOD_LINUX'];
/** Types for nodes: role principals only, no groups, username or policies (EC2, for Auto Mode, may take AmazonEKSAutoNodePolicy). */
export const NODE_ENTRY_TYPES: readonly string[] = ['EC2', 'EC2_LINUX', 'EC2_WINDOWS', 'FARGATE_LINUX', 'HYBRID_LINUX', 'HYPERPOD_LINUX'];

export const CLUSTER_ADMIN_POLICY = 'AmazonEKSClusterAdminPolicy';
/** The one policy an EC2 (Auto Mode) entry takes. */
export const AUTO_NODE_POLICY = 'AmazonEKSAutoNodePolicy';

/** The entry's type as written, or STANDARD when omitted. */
export function entryType(entry: AccessEntry): string {
  return stringValue(entry.type) ?? 'STANDARD';
}

/** `arn:PARTITION:eks::aws:cluster-access-policy/NAME`, split; undefined when it is not of that form. */
export function parsePolicyArn(arn: string): { partition: string; name: string } | undefined {
  const match = /^arn:([a-z-]+):eks::aws:cluster-access-policy\/([A-Za-z0-9]+)$/.exec(arn);
  return match === null ? undefined : { partition: match[1] ?? '', name: match[2] ?? '' };
}

export function policyName(policy: AccessPolicy): string | undefined {
  const arn = stringValue(policy.arn);
  return arn === undefined ? undefined : parsePolicyArn(arn)?.name;
}

/**
 * Whether EKS associates this policy with the entry: any policy on a STANDARD entry (or one of a type it does not
 * know), none on node types, only AmazonEKSAutoNodePolicy on EC2. node-entry-fields reports the others.
 */
export function takesPolicy(entry: AccessEntry, policy: AccessPolicy): boolean {
  const type = entryType(entry);
  if (type === 'EC2') return policyName(policy) === AUTO_NODE_POLICY;
  return !NODE_ENTRY_TYPES.includes(type);
}

/** AmazonEKSClusterAdminPolicy with `accessScope.type: cluster`. */
function isClusterAdminAtClusterScope(policy: AccessPolicy): boolean {
  return policyName(policy) === CLUSTER_ADMIN_POLICY && stringValue(scopeOf(policy).type) === 'cluster';
}

/** The entry makes its principal cluster admin: AmazonEKSClusterAdminPolicy at cluster scope, on an entry that takes it. */
export function grantsClusterAdmin(entry: AccessEntry): boolean {
  return entry.policies.some((p) => takesPolicy(entry, p) && isClusterAdminAtClusterScope(p));
}

/** Where a finding about a policy item without the field in question sits: its first own key. */
export function policyKeySpan(policy: AccessPolicy): Span {
  return policy.node.entries.find((e) => e.merged !== true)?.keySpan ?? policy.node.span;
}

/** The scope's type and namespaces, as written. */
export function scopeOf(policy: AccessPolicy): { type: SourceNode | undefined; namespaces: SourceNode | undefined } {
  const scope = policy.scope;
  if (scope?.kind !== 'map') return { type: undefined, namespaces: undefined };
  // eksctl writes type/namespaces, CloudFormation Type/Namespaces.
  return { type: lastValue(scope, 'type') ?? lastValue(scope, 'Type'), namespaces: lastValue(scope, 'namespaces') ?? lastValue(scope, 'Namespaces') };
}

/** A region name: `us-east-1`, `cn-north-1`, `us-gov-west-1`, `eu-isoe-west-1`, `eusc-de-east-1`; not `${AWS_REGION}`. */
export function isRegion(text: string): boolean {
  return /^[a-z]{2,4}(-[a-z]+)+-\d+$/.test(text);
}

/** The partition a region belongs to (`cn-north-1` is aws-cn, `us-gov-west-1` aws-us-gov, ...). */
export function partitionOfRegion(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  if (region.startsWith('us-isof-')) return 'aws-iso-f';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('eu-isoe-')) return 'aws-iso-e';
  if (region.startsWith('eusc-')) return 'aws-eusc';
  return 'aws';
}

/** aws-auth mappings that reach this cluster (any carrier), whatever its mode. */
export function mappingsOfCluster(model: Model, cluster: Cluster): Model['mappings'] {
  return model.mappings.filter((m) => model.clusterOf(m.section.owner) === cluster);
}

/** Where the cluster's mode comes from, for messages: `authenticationMode API` (`AuthenticationMode API`) or "eksctl's default". */
export function describeMode(cluster: Cluster): string {
  const mode = cluster.authMode;
  if (mode.source === 'explicit') return `${termsOf(cluster).authenticationMode} ${mode.value}`;
  if (mode.source === 'flag') return mode.origin ?? `--auth-mode ${mode.value}`;
  return `${mode.value} (${mode.defaultOf ?? 'the'} default)`;
}
