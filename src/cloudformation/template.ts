import { posix } from 'node:path';
import type { AccessEntry, AccessPolicy, Cluster } from '../model.js';
import { lastEntry, lastValue, stringValue, type MapNode, type SourceNode } from '../source-node.js';

/** What one CloudFormation template contributes: its EKS clusters and access entries. */
export interface TemplateContribution {
  readonly clusters: readonly Cluster[];
  readonly accessEntries: readonly AccessEntry[];
}

const EKS_TYPES = new Set(['AWS::EKS::Cluster', 'AWS::EKS::AccessEntry']);

/** A template (YAML or JSON) with at least one EKS cluster or access entry resource. */
export function isEksTemplate(root: SourceNode | null): root is MapNode {
  const resources = root?.kind === 'map' ? lastValue(root, 'Resources') : undefined;
  return resources?.kind === 'map' && resources.entries.some((r) => EKS_TYPES.has(resourceType(r.value) ?? ''));
}

export function readTemplate(root: MapNode, file: string): TemplateContribution {
  const resources = lastValue(root, 'Resources');
  if (resources?.kind !== 'map') return { clusters: [], accessEntries: [] };
  const byLogicalId = new Map<string, Cluster>();
  const entriesOf = new Map<Cluster, AccessEntry[]>();
  const entries: AccessEntry[] = [];
  for (const resource of resources.entries) {
    if (resourceType(resource.value) !== 'AWS::EKS::Cluster') continue;
    const own: AccessEntry[] = [];
    const cluster = readCluster(resource.key, resource.keySpan, properties(resource.value), file, own);
    byLogicalId.set(resource.key, cluster);
    entriesOf.set(cluster, own);
  }
  let index = 0;
  for (const resource of resources.entries) {
    if (resourceType(resource.value) !== 'AWS::EKS::AccessEntry') continue;
    const props = properties(resource.value);
    if (props === undefined) continue;
    const cluster = clusterNamed(lastValue(props, 'ClusterName'), byLogicalId, resources);
    const entry = readEntry(props, cluster, file, index++);
    entries.push(entry);
    if (cluster !== undefined) entriesOf.get(cluster)?.push(entry);
  }
  return { clusters: [...byLogicalId.values()], accessEntries: entries };
}

function readCluster(logicalId: string, anchor: SourceNode['span'], props: MapNode | undefined, file: string, accessEntries: readonly AccessEntry[]): Cluster {
  const accessConfigEntry = props === undefined ? undefined : lastEntry(props, 'AccessConfig');
  const accessConfig = accessConfigEntry?.value.kind === 'map' ? accessConfigEntry.value : undefined;
  const computedConfig = accessConfigEntry?.value.kind === 'opaque';
  const mode = accessConfig === undefined ? undefined : field(accessConfig, 'AuthenticationMode');
  const creator = accessConfig === undefined ? undefined : field(accessConfig, 'BootstrapClusterCreatorAdminPermissions');
  const compute = props === undefined ? undefined : lastValue(props, 'ComputeConfig');
  const autoMode = compute?.kind === 'map' ? lastValue(compute, 'Enabled') : undefined;
  return {
    carrier: 'cloudformation',
    file,
    directory: posix.dirname(file) === '.' ? '' : posix.dirname(file),
    node: props,
    anchor,
    name: stringValue(props === undefined ? undefined : field(props, 'Name')) ?? logicalId,
    // The stack's region is chosen at deploy time.
    region: undefined,
    partition: undefined,
    authMode: computedConfig || mode?.kind === 'opaque'
      ? { value: '', source: 'unknown' }
      : known(mode) ? { value: stringValue(mode) ?? String(mode.kind === 'scalar' ? mode.value : ''), node: mode, source: 'explicit' } : { value: 'CONFIG_MAP', source: 'default', defaultOf: 'CloudFormation' },
    accessConfigSpan: accessConfigEntry?.keySpan,
    creatorAdmin: computedConfig || creator?.kind === 'opaque'
      ? { value: true, source: 'unknown' }
      : known(creator) ? { value: creator.kind === 'scalar' && creator.value === false ? false : true, node: creator, source: 'explicit' } : { value: true, source: 'default', defaultOf: 'CloudFormation' },
    accessEntries,
    nodes: {
      windows: [],
      fargate: [],
      hybrid: props === undefined ? undefined : lastEntry(props, 'RemoteNetworkConfig')?.keySpan,
      autoMode: autoMode?.kind === 'scalar' && autoMode.value === true ? autoMode.span : undefined,
      selfManaged: [],
      roles: [],
    },
  };
}

function readEntry(props: MapNode, cluster: Cluster | undefined, file: string, index: number): AccessEntry {
  const policies = lastValue(props, 'AccessPolicies');
  return {
    cluster,
    carrier: 'cloudformation',
    file,
    index,
    node: props,
    principal: field(props, 'PrincipalArn'),
    type: field(props, 'Type'),
    kubernetesGroups: field(props, 'KubernetesGroups'),
    username: field(props, 'Username'),
    policies: policies?.kind === 'seq'
      ? policies.items.flatMap((p): AccessPolicy[] => (p.kind === 'map' ? [{ node: p, arn: field(p, 'PolicyArn'), scope: field(p, 'AccessScope') }] : []))
      : [],
  };
}

/** A property's value (intrinsic functions are already unknown values, see `properties`). */
function field(map: MapNode, key: string): SourceNode | undefined {
  return lastValue(map, key);
}

/**
 * `!Ref Cluster` / `{"Ref": "Cluster"}` names a cluster of this template; so does its literal name, and so
 * does `!Ref Param` when the cluster's Name is that same `!Ref Param`.
 */
function clusterNamed(node: SourceNode | undefined, byLogicalId: ReadonlyMap<string, Cluster>, resources: MapNode): Cluster | undefined {
  if (node === undefined) return undefined;
  const ref = refTarget(node);
  if (ref !== undefined) {
    const byId = byLogicalId.get(ref);
    if (byId !== undefined) return byId;
    const sameRef = [...byLogicalId].find(([id]) => {
      const props = resources.entries.find((r) => r.key === id)?.value;
      const name = props?.kind === 'map' ? lastValue(props, 'Properties') : undefined;
      const nameNode = name?.kind === 'map' ? lastValue(name, 'Name') : undefined;
      return nameNode !== undefined && refTarget(nameNode) === ref;
    });
    return sameRef?.[1];
  }
  const name = stringValue(node);
  return name === undefined ? undefined : [...byLogicalId.values()].find((c) => c.name === name);
}

/** The logical id a Ref names, in its long (`{"Ref": "X"}`) or short (`!Ref X`) form. */
function refTarget(node: SourceNode): string | undefined {
  if (node.kind === 'opaque') return node.tag === '!Ref' ? node.text : undefined;
  if (node.kind === 'map' && node.entries.length === 1 && node.entries[0]?.key === 'Ref') return stringValue(node.entries[0].value);
  return undefined;
}

/** A value that is written and known: not an intrinsic function or a parameter reference. */
function known(node: SourceNode | undefined): node is SourceNode {
  return node !== undefined && node.kind !== 'opaque' && !isIntrinsic(node);
}

export function isIntrinsic(node: SourceNode): boolean {
  return node.kind === 'map' && node.entries.length === 1 && /^(Ref|Fn::[A-Za-z]+|Condition)$/.test(node.entries[0]?.key ?? '');
}

function resourceType(node: SourceNode): string | undefined {
  return node.kind === 'map' ? stringValue(lastValue(node, 'Type')) : undefined;
}

/** A resource's Properties, with every intrinsic function inside (at any depth) made an unknown value. */
function properties(node: SourceNode): MapNode | undefined {
  const props = node.kind === 'map' ? lastValue(node, 'Properties') : undefined;
  return props?.kind === 'map' ? (withoutIntrinsics(props) as MapNode) : undefined;
}

function withoutIntrinsics(node: SourceNode): SourceNode {
  if (isIntrinsic(node)) {
    // Keep what a Ref names, in the shape of the short form, so `{"Ref": "X"}` and `!Ref X` read alike.
    const ref = refTarget(node);
    return ref === undefined ? { kind: 'opaque', span: node.span } : { kind: 'opaque', span: node.span, tag: '!Ref', text: ref };
  }
  if (node.kind === 'map') return { ...node, entries: node.entries.map((e) => ({ ...e, value: withoutIntrinsics(e.value) })) };
  if (node.kind === 'seq') return { ...node, items: node.items.map(withoutIntrinsics) };
  return node;
}
