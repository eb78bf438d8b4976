import { posix } from 'node:path';
import { awsAuthConfigMap } from '../aws-auth/configmap.js';
import type { Block, Body } from '../hcl/index.js';
import type { AccessEntry, AccessPolicy, AwsAuthConfigMap, Cluster, NodeRole, Setting } from '../model.js';
import { lastEntry, stringValue, type MapEntry, type MapNode, type SourceNode } from '../source-node.js';
import type { LineIndex, Span } from '../span.js';
import { evaluate, instances, moduleScope, traversal, type Instance, type Scope, type TfFile } from './evaluate.js';
import { mappingOf } from './nodes.js';
import { readEksModules, type EksModuleUse } from './module-eks.js';

/** What the Terraform files of a run contribute: aws-auth ConfigMaps, EKS clusters and access entries. */
export interface TerraformContribution {
  readonly configMaps: readonly AwsAuthConfigMap[];
  readonly clusters: readonly Cluster[];
  readonly accessEntries: readonly AccessEntry[];
  /** terraform-aws-modules/eks module blocks, for rules about their inputs. */
  readonly eksModules?: readonly EksModuleUse[];
}

const CONFIG_MAP_TYPES = new Set(['kubernetes_config_map', 'kubernetes_config_map_v1', 'kubernetes_config_map_v1_data']);

/** Reads every module (one per directory) of the given files. */
export function readTerraform(files: readonly TfFile[]): TerraformContribution {
  const byDirectory = new Map<string, TfFile[]>();
  for (const file of files) {
    const directory = posix.dirname(file.path);
    const list = byDirectory.get(directory) ?? [];
    list.push(file);
    byDirectory.set(directory, list);
  }
  const result = { configMaps: [] as AwsAuthConfigMap[], clusters: [] as Cluster[], accessEntries: [] as AccessEntry[], eksModules: [] as EksModuleUse[] };
  for (const [directory, moduleFiles] of byDirectory) {
    const read = readModule(directory, moduleFiles);
    result.configMaps.push(...read.configMaps);
    result.clusters.push(...read.clusters);
    result.accessEntries.push(...read.accessEntries);
    result.eksModules.push(...(read.eksModules ?? []));
  }
  return result;
}

interface Resource {
  readonly type: string;
  readonly name: string;
  readonly block: Block;
  readonly file: TfFile;
}

/** One evaluated instance of a resource. */
interface Evaluated {
  readonly resource: Resource;
  readonly instance: Instance;
  readonly body: MapNode;
  /** `for_each`/`count` is unknown: this stands for any number of instances, their values unbound. */
  readonly unknownInstances: boolean;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

interface ClusterRecord {
  readonly name: string;
  readonly cluster: Mutable<Cluster>;
  readonly entries: AccessEntry[];
  readonly roles: NodeRole[];
}

interface EntryRecord {
  readonly name: string;
  readonly entry: Mutable<AccessEntry>;
  readonly policies: AccessPolicy[];
}

function readModule(directory: string, files: readonly TfFile[]): TerraformContribution {
  const scope = moduleScope(files);
  const resources: Resource[] = files.flatMap((file) =>
    file.body.blocks.flatMap((block): Resource[] => {
      const [type, name] = block.labels;
      return block.type === 'resource' && block.labels.length === 2 && type !== undefined && name !== undefined ? [{ type: type.value, name: name.value, block, file }] : [];
    }),
  );
  const of = (type: string): Evaluated[] => resources.filter((r) => r.type === type).flatMap((r) => evaluateResource(r, scope));
  const configMaps = resources.filter((r) => CONFIG_MAP_TYPES.has(r.type)).flatMap((r) => evaluateResource(r, scope)).flatMap((e) => readConfigMap(e, scope) ?? []);

  const clusters: ClusterRecord[] = of('aws_eks_cluster').map((e) => {
    const entries: AccessEntry[] = [];
    const roles: NodeRole[] = [];
    return { name: e.resource.name, cluster: readCluster(e, directory === '.' ? '' : directory, entries, roles), entries, roles };
  });
  // Node groups and Fargate profiles declare the roles their nodes use: aws-auth mappings of those roles are nodes.
  for (const evaluated of [...of('aws_eks_node_group'), ...of('aws_eks_fargate_profile')]) {
    const cluster = evaluated.unknownInstances ? undefined : clusterOf(evaluated, clusters, scope);
    const fargate = evaluated.resource.type === 'aws_eks_fargate_profile';
    const arnNode = field(evaluated.body, fargate ? 'pod_execution_role_arn' : 'node_role_arn');
    const arn = stringValue(arnNode);
    if (cluster === undefined || arnNode === undefined || arn === undefined) continue;
    const windows = /WINDOWS/i.test(stringValue(field(evaluated.body, 'ami_type')) ?? '');
    cluster.roles.push({ arn, kind: fargate ? 'fargate' : windows ? 'ec2-windows' : 'ec2-linux', span: arnNode.span });
  }

  const entries: EntryRecord[] = [];
  const indexes = new Map<string, number>();
  let incomplete = false;
  for (const evaluated of of('aws_eks_access_entry')) {
    // Entries that may not exist (unknown for_each/count) belong to no cluster: their absence or presence is not known.
    const cluster = evaluated.unknownInstances ? undefined : clusterOf(evaluated, clusters, scope);
    if (evaluated.unknownInstances) incomplete = true;
    const policies: AccessPolicy[] = [];
    const file = evaluated.resource.file.path;
    const index = indexes.get(file) ?? 0;
    indexes.set(file, index + 1);
    const entry: Mutable<AccessEntry> = {
      cluster: cluster?.cluster,
      carrier: 'terraform',
      file,
      index,
      node: evaluated.body,
      principal: field(evaluated.body, 'principal_arn'),
      type: field(evaluated.body, 'type'),
      kubernetesGroups: field(evaluated.body, 'kubernetes_groups'),
      username: field(evaluated.body, 'user_name'),
      policies,
    };
    cluster?.entries.push(entry);
    entries.push({ name: evaluated.resource.name, entry, policies });
  }

  let unmatched = false;
  for (const evaluated of of('aws_eks_access_policy_association')) {
    const owner = entryOf(evaluated, entries, clusters, scope);
    if (owner === undefined || evaluated.unknownInstances) unmatched = true;
    owner?.policies.push({ node: evaluated.body, arn: field(evaluated.body, 'policy_arn'), scope: field(evaluated.body, 'access_scope') });
  }
  // Set in place: entries and clusters are referred to by identity.
  if (unmatched) for (const e of entries) e.entry.policiesIncomplete = true;
  if (incomplete || unmatched) for (const c of clusters) c.cluster.accessEntriesIncomplete = true;
  const modules = readEksModules(directory === '.' ? '' : directory, files, scope);
  return {
    configMaps: [...configMaps, ...modules.configMaps],
    clusters: [...clusters.map((c) => c.cluster), ...modules.clusters],
    accessEntries: [...entries.map((e) => e.entry), ...modules.accessEntries],
    eksModules: modules.modules,
  };
}

/** The instances of a resource, each with its body as a map; one unbound instance when `for_each`/`count` is unknown. */
function evaluateResource(resource: Resource, scope: Scope): Evaluated[] {
  const known = instances(resource.block, resource.file, scope);
  const unknownInstances = known === undefined;
  return (known ?? [{ key: undefined, bindings: {} }]).map((instance) => ({
    resource,
    instance,
    body: bodyMap(resource.block.body, resource.block.range, resource.file, scope, instance.bindings),
    unknownInstances,
  }));
}

/**
 * A body as a map: attributes evaluated, nested blocks as maps (the last of a repeated block wins,
 * as they are single blocks in the resources read here). `dynamic` blocks are unknown values.
 */
function bodyMap(body: Body, range: { start: number; end: number }, file: TfFile, scope: Scope, bindings: Readonly<Record<string, SourceNode>>): MapNode {
  const entries: MapEntry[] = [];
  for (const item of body.items) {
    if (item.kind === 'attribute') {
      entries.push({ key: item.name, keySpan: file.lines.span(item.nameRange.start, item.nameRange.end), value: evaluate(item.expr, file, scope, { bindings }) });
    } else if (item.type === 'dynamic' && item.labels[0] !== undefined) {
      const label = item.labels[0];
      entries.push({ key: label.value, keySpan: file.lines.span(label.range.start, label.range.end), value: { kind: 'opaque', span: file.lines.span(item.range.start, item.range.end) } });
    } else if (item.labels.length === 0) {
      entries.push({ key: item.type, keySpan: file.lines.span(item.typeRange.start, item.typeRange.end), value: bodyMap(item.body, item.range, file, scope, bindings) });
    }
  }
  return { kind: 'map', span: file.lines.span(range.start, range.end), entries };
}

function field(map: MapNode | undefined, key: string): SourceNode | undefined {
  return map === undefined ? undefined : lastEntry(map, key)?.value;
}

function mapField(map: MapNode | undefined, key: string): MapNode | undefined {
  const value = field(map, key);
  return value?.kind === 'map' ? value : undefined;
}

/** `resource "type" "name"`: where findings about the resource as a whole sit. */
function headerSpan(resource: Resource): Span {
  const last = resource.block.labels.at(-1);
  return resource.file.lines.span(resource.block.typeRange.start, last?.range.end ?? resource.block.typeRange.end);
}

// ---------------------------------------------------------------------------------------------
// aws-auth ConfigMaps (kubernetes provider)

function readConfigMap(evaluated: Evaluated, scope: Scope): AwsAuthConfigMap | undefined {
  const node = evaluated.body;
  const data = field(node, 'data');
  return awsAuthConfigMap(
    {
      carrier: 'terraform',
      file: evaluated.resource.file.path,
      node,
      anchor: headerSpan(evaluated.resource),
      metadata: mapField(node, 'metadata'),
      data: data?.kind === 'map' ? data : undefined,
    },
    (value) => linesOf(value, scope, evaluated.resource.file),
  );
}

/** The lines of the file a string's characters are written in (a local may live in another file). */
function linesOf(value: SourceNode, scope: Scope, fallback: TfFile): LineIndex {
  const mapped = value.kind === 'scalar' ? mappingOf(value)?.file : undefined;
  return (scope.file(mapped ?? value.span.file) ?? scope.file(value.span.file) ?? fallback).lines;
}

// ---------------------------------------------------------------------------------------------
// aws_eks_cluster

const RESOURCE_DEFAULT = 'the aws_eks_cluster resource';

function readCluster(evaluated: Evaluated, directory: string, accessEntries: readonly AccessEntry[], roles: readonly NodeRole[]): Cluster {
  const { body, resource } = evaluated;
  const nameNode = field(body, 'name');
  const accessEntry = lastEntry(body, 'access_config');
  const accessConfig = accessEntry?.value.kind === 'map' ? accessEntry.value : undefined;
  const dynamicConfig = accessEntry !== undefined && accessConfig === undefined;
  const mode = field(accessConfig, 'authentication_mode');
  const creator = field(accessConfig, 'bootstrap_cluster_creator_admin_permissions');
  const compute = mapField(body, 'compute_config');
  const autoMode = field(compute, 'enabled');
  const hybrid = lastEntry(body, 'remote_network_config');
  return {
    carrier: 'terraform',
    file: resource.file.path,
    directory,
    node: body,
    anchor: nameNode?.kind === 'scalar' && nameNode.span.file === resource.file.path ? nameNode.span : headerSpan(resource),
    name: stringValue(nameNode),
    // The provider's region is configured elsewhere (provider block, environment).
    region: undefined,
    partition: undefined,
    authMode: authMode(dynamicConfig, mode),
    accessConfigSpan: accessEntry?.keySpan,
    creatorAdmin: creatorAdmin(dynamicConfig, accessConfig, creator),
    accessEntries,
    nodes: {
      windows: [],
      fargate: [],
      hybrid: hybrid?.keySpan,
      autoMode: autoMode?.kind === 'scalar' && autoMode.value === true ? autoMode.span : undefined,
      selfManaged: [],
      roles,
    },
  };
}

function authMode(dynamicConfig: boolean, mode: SourceNode | undefined): Setting<string> {
  if (dynamicConfig || mode?.kind === 'opaque') return { value: '', source: 'unknown' };
  if (mode === undefined || (mode.kind === 'scalar' && mode.value === null)) return { value: 'CONFIG_MAP', source: 'default', defaultOf: RESOURCE_DEFAULT };
  return { value: stringValue(mode) ?? (mode.kind === 'scalar' ? String(mode.value) : ''), node: mode, source: 'explicit' };
}

function creatorAdmin(dynamicConfig: boolean, accessConfig: MapNode | undefined, creator: SourceNode | undefined): Setting<boolean> {
  if (dynamicConfig || creator?.kind === 'opaque') return { value: true, source: 'unknown' };
  if (accessConfig === undefined) return { value: true, source: 'default', defaultOf: 'the EKS API' };
  if (creator === undefined || (creator.kind === 'scalar' && creator.value === null)) {
    return {
      value: false,
      source: 'default',
      defaultOf: 'the AWS provider (an access_config block without bootstrap_cluster_creator_admin_permissions sends false)',
    };
  }
  const value = creator.kind === 'scalar' && (creator.value === false || creator.value === 'false') ? false : true;
  return { value, node: creator, source: 'explicit' };
}

// ---------------------------------------------------------------------------------------------
// Access entries and policy associations

/** `aws_eks_cluster.X.name` (or `.id`), or a literal name of a cluster of this module. */
function clusterOf(evaluated: Evaluated, clusters: readonly ClusterRecord[], scope: Scope): ClusterRecord | undefined {
  const attribute = evaluated.resource.block.body.attributes.findLast((a) => a.name === 'cluster_name');
  if (attribute === undefined) return undefined;
  const path = traversal(attribute.expr, scope);
  if (path?.[0] === 'aws_eks_cluster' && typeof path[1] === 'string') {
    const rest = path.slice(2).filter((step) => typeof step === 'string');
    if (rest[0] === 'name' || rest[0] === 'id') return clusters.find((c) => c.name === path[1]);
    return undefined;
  }
  const name = stringValue(field(evaluated.body, 'cluster_name'));
  if (name === undefined) return undefined;
  const named = clusters.filter((c) => c.cluster.name === name);
  return named.length === 1 ? named[0] : undefined;
}

/** The access entry an association belongs to: by reference to it, or by the same principal in the same cluster. */
function entryOf(evaluated: Evaluated, entries: readonly EntryRecord[], clusters: readonly ClusterRecord[], scope: Scope): EntryRecord | undefined {
  const attribute = evaluated.resource.block.body.attributes.findLast((a) => a.name === 'principal_arn');
  const path = attribute === undefined ? undefined : traversal(attribute.expr, scope);
  if (path?.[0] === 'aws_eks_access_entry' && typeof path[1] === 'string') {
    const named = entries.filter((e) => e.name === path[1]);
    if (named.length === 1) return named[0];
    // Several instances (for_each): the one whose principal is the same known value.
  }
  const principal = stringValue(field(evaluated.body, 'principal_arn'));
  if (principal === undefined) return undefined;
  const clusterPath = (() => {
    const a = evaluated.resource.block.body.attributes.findLast((x) => x.name === 'cluster_name');
    return a === undefined ? undefined : traversal(a.expr, scope);
  })();
  let cluster: ClusterRecord | undefined;
  if (clusterPath?.[0] === 'aws_eks_access_entry' && typeof clusterPath[1] === 'string') {
    const via = entries.find((e) => e.name === clusterPath[1]);
    cluster = clusters.find((c) => c.cluster === via?.entry.cluster);
  } else {
    cluster = clusterOf(evaluated, clusters, scope);
  }
  const candidates = entries.filter((e) => stringValue(e.entry.principal) === principal && (cluster === undefined ? e.entry.cluster === undefined : e.entry.cluster === cluster.cluster));
  return candidates.length >= 1 ? candidates[0] : undefined;
}
