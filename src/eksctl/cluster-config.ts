import { posix } from 'node:path';
import { parseArn } from '../arn.js';
import { partitionOfRegion } from '../cluster/access.js';
import type { AccessEntry, AccessPolicy, AccountMapping, AwsAuthSection, Cluster, ClusterNodes, Mapping, NodeRole, SectionName, Setting } from '../model.js';
import { lastEntry, lastValue, type MapNode, type SourceNode } from '../source-node.js';
import type { Span } from '../span.js';

/** What one eksctl ClusterConfig contributes to the model. */
export interface EksctlContribution {
  readonly cluster: Cluster;
  readonly sections: readonly AwsAuthSection[];
  readonly mappings: readonly Mapping[];
  readonly accounts: readonly AccountMapping[];
}

export function isClusterConfig(root: SourceNode | null): root is MapNode {
  if (root?.kind !== 'map') return false;
  const apiVersion = stringOf(lastValue(root, 'apiVersion'));
  return stringOf(lastValue(root, 'kind')) === 'ClusterConfig' && apiVersion?.startsWith('eksctl.io/') === true;
}

/** Reads an eksctl ClusterConfig: the cluster, its access entries, and the aws-auth mappings it writes. */
export function readClusterConfig(root: MapNode, file: string): EksctlContribution {
  const metadata = mapOf(lastValue(root, 'metadata'));
  const accessConfigEntry = lastEntry(root, 'accessConfig');
  const accessConfig = mapOf(accessConfigEntry?.value);
  const entries: AccessEntry[] = [];
  const region = stringOf(metadata === undefined ? undefined : lastValue(metadata, 'region'));
  const cluster: Cluster = {
    carrier: 'eksctl',
    file,
    directory: posix.dirname(file) === '.' ? '' : posix.dirname(file),
    node: root,
    anchor: (metadata === undefined ? undefined : lastValue(metadata, 'name'))?.span ?? lastValue(root, 'kind')?.span,
    name: stringOf(metadata === undefined ? undefined : lastValue(metadata, 'name')),
    region,
    partition: region === undefined ? undefined : partitionOfRegion(region),
    authMode: setting(accessConfig, 'authenticationMode', defaultAuthMode(root)),
    accessConfigSpan: accessConfigEntry?.keySpan,
    creatorAdmin: setting(accessConfig, 'bootstrapClusterCreatorAdminPermissions', true),
    accessEntries: entries,
    nodes: nodesOf(root),
  };
  const list = accessConfig === undefined ? undefined : lastValue(accessConfig, 'accessEntries');
  if (list?.kind === 'seq') {
    list.items.forEach((item, index) => {
      if (item.kind === 'map') entries.push(accessEntry(cluster, file, index, item));
    });
  }
  return { cluster, ...identityMappings(root, cluster) };
}

/**
 * An explicit value, or the default eksctl fills in. A value of the wrong type keeps its node, so a
 * rule can report it, and the default as its value.
 */
function setting<T extends string | boolean>(map: MapNode | undefined, key: string, fallback: T): Setting<T> {
  const node = map === undefined ? undefined : lastValue(map, key);
  // eksctl treats an empty string as unset and fills in its default.
  if (node === undefined || node.kind === 'opaque' || (node.kind === 'scalar' && (node.value === null || node.value === ''))) {
    return { value: fallback, source: 'default', defaultOf: 'eksctl' };
  }
  const value = node.kind === 'scalar' && typeof node.value === typeof fallback ? (node.value as T) : fallback;
  return { value, node, source: 'explicit' };
}

/** eksctl's default mode: CONFIG_MAP for Outposts local clusters without instance-store etcd, else API_AND_CONFIG_MAP. */
function defaultAuthMode(root: MapNode): string {
  const outpost = mapOf(lastValue(root, 'outpost'));
  const local = outpost !== undefined && lastValue(outpost, 'controlPlaneOutpostARN') !== undefined && lastValue(outpost, 'etcdInstanceType') === undefined;
  return local ? 'CONFIG_MAP' : 'API_AND_CONFIG_MAP';
}

function accessEntry(cluster: Cluster, file: string, index: number, node: MapNode): AccessEntry {
  const policies = lastValue(node, 'accessPolicies');
  return {
    cluster,
    carrier: 'eksctl',
    file,
    index,
    node,
    principal: lastValue(node, 'principalARN'),
    type: lastValue(node, 'type'),
    kubernetesGroups: lastValue(node, 'kubernetesGroups'),
    username: lastValue(node, 'kubernetesUsername'),
    policies: policies?.kind === 'seq'
      ? policies.items.flatMap((p): AccessPolicy[] => (p.kind === 'map' ? [{ node: p, arn: lastValue(p, 'policyARN'), scope: lastValue(p, 'accessScope') }] : []))
      : [],
  };
}

/**
 * iamIdentityMappings become aws-auth entries: role ARNs under mapRoles, user ARNs under mapUsers,
 * `account` under mapAccounts. A `serviceName` mapping adds eksctl's own role to mapRoles (the section
 * exists, the entry is not ours to check). Entries eksctl refuses to write (no ARN, an ARN that is
 * neither a user nor a role, neither username nor groups) never reach aws-auth: eksctl-identity-mapping
 * reports them, and they are not mappings here.
 */
function identityMappings(root: MapNode, cluster: Cluster): Omit<EksctlContribution, 'cluster'> {
  const entry = lastEntry(root, 'iamIdentityMappings');
  if (entry?.value.kind !== 'seq') return { sections: [], mappings: [], accounts: [] };
  const sections = new Map<SectionName, AwsAuthSection>();
  const sectionFor = (name: SectionName): AwsAuthSection => {
    let section = sections.get(name);
    if (section === undefined) {
      section = { name, label: 'iamIdentityMappings', owner: cluster, keySpan: entry.keySpan, value: entry.value, content: { kind: 'structured' } };
      sections.set(name, section);
    }
    return section;
  };
  const mappings: Mapping[] = [];
  const accounts: AccountMapping[] = [];
  entry.value.items.forEach((item, index) => {
    if (item.kind !== 'map') return;
    const account = lastValue(item, 'account');
    if (account !== undefined) {
      accounts.push({ section: sectionFor('mapAccounts'), index, node: account });
      return;
    }
    if (lastValue(item, 'serviceName') !== undefined) {
      sectionFor('mapRoles');
      return;
    }
    const principal = lastValue(item, 'arn');
    const arnKind = parseArn(stringOf(principal)?.trim() ?? '')?.kind;
    const username = lastValue(item, 'username');
    const groups = lastValue(item, 'groups');
    const refused = !isSet(principal) || (!isSet(username) && !isSet(groups)) || (arnKind !== undefined && arnKind !== 'user' && arnKind !== 'role');
    if (refused) return;
    const kind = arnKind === 'user' ? 'user' : 'role';
    mappings.push({
      section: sectionFor(kind === 'user' ? 'mapUsers' : 'mapRoles'),
      index,
      node: item,
      kind,
      principalKey: 'arn',
      principal,
      sso: undefined,
      username,
      groups,
    });
  });
  return { sections: [...sections.values()], mappings, accounts };
}

const WINDOWS_AMI = /windows/i;

function nodesOf(root: MapNode): ClusterNodes {
  const windows: Span[] = [];
  const selfManaged: Span[] = [];
  const roles: NodeRole[] = [];
  const role = (node: SourceNode | undefined, kind: NodeRole['kind']): void => {
    const arn = stringOf(node);
    if (node !== undefined && arn !== undefined) roles.push({ arn, kind, span: node.span });
  };
  for (const key of ['nodeGroups', 'managedNodeGroups']) {
    const groups = lastValue(root, key);
    if (groups?.kind !== 'seq') continue;
    for (const group of groups.items) {
      if (group.kind !== 'map') continue;
      if (key === 'nodeGroups') selfManaged.push(group.span);
      const ami = lastValue(group, 'amiFamily');
      const isWindows = ami !== undefined && WINDOWS_AMI.test(stringOf(ami) ?? '');
      if (isWindows) windows.push(ami.span);
      const iam = mapOf(lastValue(group, 'iam'));
      role(iam === undefined ? undefined : lastValue(iam, 'instanceRoleARN'), isWindows ? 'ec2-windows' : 'ec2-linux');
    }
  }
  const fargate = lastValue(root, 'fargateProfiles');
  if (fargate?.kind === 'seq') {
    for (const profile of fargate.items) if (profile.kind === 'map') role(lastValue(profile, 'podExecutionRoleARN'), 'fargate');
  }
  const autoMode = mapOf(lastValue(root, 'autoModeConfig'));
  const enabled = autoMode === undefined ? undefined : lastValue(autoMode, 'enabled');
  return {
    windows,
    fargate: fargate?.kind === 'seq' ? fargate.items.map((p) => p.span) : [],
    // eksctl only checks a remoteNetworkConfig that has a value.
    hybrid: mapOf(lastValue(root, 'remoteNetworkConfig')) === undefined ? undefined : lastEntry(root, 'remoteNetworkConfig')?.keySpan,
    autoMode: enabled?.kind === 'scalar' && enabled.value === true ? enabled.span : undefined,
    selfManaged,
    roles,
  };
}

/** eksctl treats empty strings, empty lists and null as not set. */
function isSet(node: SourceNode | undefined): boolean {
  if (node === undefined) return false;
  if (node.kind === 'scalar') return node.value !== null && node.value !== '';
  if (node.kind === 'seq') return node.items.length > 0;
  return true;
}

function mapOf(node: SourceNode | undefined): MapNode | undefined {
  return node?.kind === 'map' ? node : undefined;
}

function stringOf(node: SourceNode | undefined): string | undefined {
  return node?.kind === 'scalar' && typeof node.value === 'string' ? node.value : undefined;
}
