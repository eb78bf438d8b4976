import type { Block } from '../hcl/index.js';
import type { AccessEntry, AccessPolicy, AwsAuthConfigMap, AwsAuthSection, Cluster, SectionName, Setting } from '../model.js';
import { lastEntry, stringValue, type MapEntry, type MapNode, type ScalarNode, type SourceNode } from '../source-node.js';
import type { Span } from '../span.js';
import { evaluate, instances, type Scope, type TfFile } from './evaluate.js';
import { encodedNode } from './nodes.js';

/**
 * `module` blocks of terraform-aws-modules/eks (registry `terraform-aws-modules/eks/aws`, git URLs
 * of terraform-aws-modules/terraform-aws-eks) and of its `modules/aws-auth` submodule.
 * v20+ root modules become clusters with access entries; v19-and-older root modules and the
 * aws-auth submodule write aws-auth from `aws_auth_*` (`map_*` before v18) inputs.
 */

/** The majors a `version` constraint (or a git `ref`) allows: [min, max], max undefined when unbounded. */
export interface MajorRange {
  readonly min: number;
  readonly max: number | undefined;
}

export interface EksModuleUse {
  readonly kind: 'root' | 'aws-auth';
  readonly file: string;
  /** `module "name"`: where findings about the module as a whole sit. */
  readonly header: Span;
  readonly name: string;
  /** The module's arguments, evaluated (one instance). */
  readonly body: MapNode;
  /** undefined when the version cannot be told. */
  readonly majors: MajorRange | undefined;
  /** The `version` value (or the `source` with its ref) that decided the majors. */
  readonly versionSpan: Span | undefined;
  /** The version as written, for messages. */
  readonly versionText: string | undefined;
}

export interface EksModuleContribution {
  readonly configMaps: readonly AwsAuthConfigMap[];
  readonly clusters: readonly Cluster[];
  readonly accessEntries: readonly AccessEntry[];
  readonly modules: readonly EksModuleUse[];
}

const ROOT_REGISTRY = /^(?:registry\.terraform\.io\/)?terraform-aws-modules\/eks\/aws(\/\/.*)?$/i;
const GIT = /^(?:git::)?(?:(?:https?|ssh):\/\/)?(?:git@)?github\.com[/:]terraform-aws-modules\/terraform-aws-eks(?:\.git)?(\/\/[^?]*)?(?:\?(.*))?$/i;

/** What a `source` names: the root module, the aws-auth submodule, or something else; with a git ref. */
export function classifySource(source: string): { kind: 'root' | 'aws-auth'; ref: string | undefined } | undefined {
  const trimmed = source.trim();
  let subdir: string | undefined;
  let ref: string | undefined;
  const registry = ROOT_REGISTRY.exec(trimmed);
  if (registry !== null) {
    subdir = registry[1];
  } else {
    const git = GIT.exec(trimmed);
    if (git === null) return undefined;
    subdir = git[1];
    ref = new URLSearchParams(git[2] ?? '').get('ref') ?? undefined;
  }
  const path = (subdir ?? '').replace(/^\/\//, '').replace(/\/+$/, '');
  if (path === '') return { kind: 'root', ref };
  if (path === 'modules/aws-auth') return { kind: 'aws-auth', ref };
  return undefined;
}

interface Version {
  readonly parts: readonly number[];
}

function parseVersion(text: string): Version | undefined {
  const match = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:[-+].*)?$/.exec(text.trim());
  if (match === null) return undefined;
  return { parts: [match[1], match[2], match[3]].filter((p): p is string => p !== undefined).map(Number) };
}

/** The majors a Terraform version constraint allows; undefined when it cannot be read. */
export function majorsOf(constraint: string): MajorRange | undefined {
  let min = 0;
  let max: number | undefined;
  const parts = constraint.split(',').map((p) => p.trim()).filter((p) => p !== '');
  if (parts.length === 0) return undefined;
  for (const part of parts) {
    const match = /^(~>|>=|<=|!=|=|>|<)?\s*(.+)$/.exec(part);
    const version = match?.[2] === undefined ? undefined : parseVersion(match[2]);
    if (match === null || version === undefined) return undefined;
    const major = version.parts[0] ?? 0;
    const rest = version.parts.slice(1).some((p) => p > 0);
    switch (match[1]) {
      case undefined:
      case '=':
      case '~>':
        min = Math.max(min, major);
        max = max === undefined ? major : Math.min(max, major);
        break;
      case '>=':
      case '>':
        min = Math.max(min, major);
        break;
      case '<': {
        const top = rest ? major : major - 1;
        max = max === undefined ? top : Math.min(max, top);
        break;
      }
      case '<=':
        max = max === undefined ? major : Math.min(max, major);
        break;
      default:
        break;
    }
  }
  return max !== undefined && max < min ? undefined : { min, max };
}

const MODULE_DEFAULT = 'the terraform-aws-modules/eks module';

/** Reads every terraform-aws-modules/eks module block of one Terraform module (directory). */
export function readEksModules(directory: string, files: readonly TfFile[], scope: Scope): EksModuleContribution {
  const result = { configMaps: [] as AwsAuthConfigMap[], clusters: [] as Cluster[], accessEntries: [] as AccessEntry[], modules: [] as EksModuleUse[] };
  const indexes = new Map<string, number>();
  for (const file of files) {
    for (const block of file.body.blocks) {
      if (block.type !== 'module' || block.labels.length !== 1) continue;
      const sourceAttribute = block.body.attributes.findLast((a) => a.name === 'source');
      const source = sourceAttribute === undefined ? undefined : evaluate(sourceAttribute.expr, file, scope);
      const sourceText = stringValue(source);
      const kind = sourceText === undefined ? undefined : classifySource(sourceText);
      if (kind === undefined || source === undefined) continue;
      const known = instances(block, file, scope);
      for (const instance of known ?? [{ key: undefined, bindings: {} }]) {
        const body = moduleBody(block, file, scope, instance.bindings);
        const use = moduleUse(block, file, kind.kind, kind.ref, source, body);
        result.modules.push(use);
        const nextIndex = (): number => {
          const index = indexes.get(file.path) ?? 0;
          indexes.set(file.path, index + 1);
          return index;
        };
        if (kind.kind === 'root' && use.majors !== undefined && use.majors.min >= 20) {
          const cluster = readCluster(use, directory, known === undefined, nextIndex);
          if (cluster !== undefined) {
            result.clusters.push(cluster);
            result.accessEntries.push(...cluster.accessEntries);
          }
        }
        const configMap = readAwsAuth(use);
        if (configMap !== undefined) result.configMaps.push(configMap);
      }
    }
  }
  return result;
}

/** A module block's arguments, evaluated. */
function moduleBody(block: Block, file: TfFile, scope: Scope, bindings: Readonly<Record<string, SourceNode>>): MapNode {
  const entries: MapEntry[] = [];
  for (const attribute of block.body.attributes) {
    if (attribute.name === 'for_each' || attribute.name === 'count') continue;
    entries.push({
      key: attribute.name,
      keySpan: file.lines.span(attribute.nameRange.start, attribute.nameRange.end),
      value: evaluate(attribute.expr, file, scope, { bindings }),
    });
  }
  return { kind: 'map', span: file.lines.span(block.range.start, block.range.end), entries };
}

function moduleUse(block: Block, file: TfFile, kind: 'root' | 'aws-auth', ref: string | undefined, source: SourceNode, body: MapNode): EksModuleUse {
  const label = block.labels[0];
  const header = file.lines.span(block.typeRange.start, label?.range.end ?? block.typeRange.end);
  const versionNode = lastEntry(body, 'version')?.value;
  let majors: MajorRange | undefined;
  let versionSpan: Span | undefined;
  let versionText: string | undefined;
  if (ref !== undefined) {
    const version = parseVersion(ref);
    const major = version?.parts[0];
    if (major !== undefined) majors = { min: major, max: major };
    versionSpan = source.span;
    versionText = ref;
  } else {
    const text = stringValue(versionNode);
    if (text !== undefined && versionNode !== undefined) {
      majors = majorsOf(text);
      versionSpan = versionNode.span;
      versionText = text;
    }
  }
  return { kind, file: file.path, header, name: label?.value ?? '', body, majors, versionSpan, versionText };
}

function field(map: MapNode | undefined, key: string): SourceNode | undefined {
  return map === undefined ? undefined : lastEntry(map, key)?.value;
}

function isFalse(node: SourceNode | undefined): boolean {
  return node?.kind === 'scalar' && (node.value === false || node.value === 'false');
}

function isTrue(node: SourceNode | undefined): boolean {
  return node?.kind === 'scalar' && (node.value === true || node.value === 'true');
}

function isNull(node: SourceNode | undefined): boolean {
  return node === undefined || (node.kind === 'scalar' && node.value === null);
}

// ---------------------------------------------------------------------------------------------
// v20+: the cluster and its access entries

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function readCluster(use: EksModuleUse, directory: string, unknownInstances: boolean, nextIndex: () => number): Cluster | undefined {
  const { body } = use;
  if (isFalse(field(body, 'create'))) return undefined;
  const { min, max } = use.majors ?? { min: 0, max: undefined };
  // v21 renamed cluster_name to name.
  const nameNode = min >= 21 ? field(body, 'name') : max !== undefined && max <= 20 ? field(body, 'cluster_name') : (field(body, 'name') ?? field(body, 'cluster_name'));
  const modeEntry = lastEntry(body, 'authentication_mode');
  const mode = modeEntry?.value;
  const creator = field(body, 'enable_cluster_creator_admin_permissions');
  const entries: AccessEntry[] = [];
  const cluster: Mutable<Cluster> = {
    carrier: 'terraform',
    file: use.file,
    directory,
    node: body,
    anchor: nameNode?.kind === 'scalar' && nameNode.span.file === use.file ? nameNode.span : use.header,
    name: stringValue(nameNode),
    region: undefined,
    partition: undefined,
    authMode: authMode(mode),
    accessConfigSpan: modeEntry?.keySpan,
    creatorAdmin: creatorAdmin(creator),
    accessEntries: entries,
    nodes: { windows: [], fargate: [], hybrid: undefined, autoMode: undefined, selfManaged: [], roles: [] },
  };
  // The module adds entries of its own (node groups, the creator): only those written are known.
  let incomplete = unknownInstances || isTrue(creator) || creator?.kind === 'opaque';
  const accessEntries = field(body, 'access_entries');
  if (accessEntries !== undefined && accessEntries.kind !== 'map' && !isNull(accessEntries)) incomplete = true;
  if (accessEntries?.kind === 'map') {
    for (const item of accessEntries.entries) {
      if (item.value.kind !== 'map') {
        incomplete = true;
        continue;
      }
      const policies: AccessPolicy[] = [];
      const associations = field(item.value, 'policy_associations');
      let policiesIncomplete = false;
      if (associations?.kind === 'map') {
        for (const association of associations.entries) {
          if (association.value.kind !== 'map') {
            policiesIncomplete = true;
            continue;
          }
          policies.push({ node: association.value, arn: field(association.value, 'policy_arn'), scope: field(association.value, 'access_scope') });
        }
      } else if (associations !== undefined && !isNull(associations)) {
        policiesIncomplete = true;
      }
      const entry: Mutable<AccessEntry> = {
        cluster: unknownInstances ? undefined : cluster,
        carrier: 'terraform',
        file: use.file,
        index: nextIndex(),
        node: item.value,
        principal: field(item.value, 'principal_arn'),
        type: field(item.value, 'type'),
        kubernetesGroups: field(item.value, 'kubernetes_groups'),
        username: field(item.value, 'user_name'),
        policies,
      };
      if (policiesIncomplete) entry.policiesIncomplete = true;
      entries.push(entry);
    }
  }
  if (incomplete) cluster.accessEntriesIncomplete = true;
  return cluster;
}

function authMode(mode: SourceNode | undefined): Setting<string> {
  if (mode?.kind === 'opaque') return { value: '', source: 'unknown' };
  if (mode === undefined || isNull(mode)) return { value: 'API_AND_CONFIG_MAP', source: 'default', defaultOf: MODULE_DEFAULT };
  return { value: stringValue(mode) ?? (mode.kind === 'scalar' ? String(mode.value) : ''), node: mode, source: 'explicit' };
}

function creatorAdmin(creator: SourceNode | undefined): Setting<boolean> {
  if (creator?.kind === 'opaque') return { value: false, source: 'unknown' };
  if (creator === undefined || isNull(creator)) {
    return { value: false, source: 'default', defaultOf: `${MODULE_DEFAULT} (enable_cluster_creator_admin_permissions defaults to false)` };
  }
  return { value: isTrue(creator), node: creator, source: 'explicit' };
}

// ---------------------------------------------------------------------------------------------
// v19 and older, and the aws-auth submodule: aws-auth written from module inputs

const V18_INPUTS: readonly (readonly [SectionName, string])[] = [
  ['mapRoles', 'aws_auth_roles'],
  ['mapUsers', 'aws_auth_users'],
  ['mapAccounts', 'aws_auth_accounts'],
];
const V17_INPUTS: readonly (readonly [SectionName, string])[] = [
  ['mapRoles', 'map_roles'],
  ['mapUsers', 'map_users'],
  ['mapAccounts', 'map_accounts'],
];

function readAwsAuth(use: EksModuleUse): AwsAuthConfigMap | undefined {
  const { body, majors } = use;
  if (majors === undefined) return undefined;
  let inputs: readonly (readonly [SectionName, string])[];
  if (use.kind === 'aws-auth') {
    // The submodule exists in v20 only: `create` and `manage_aws_auth_configmap` default to true.
    if (majors.min < 20 || majors.max === undefined || majors.max > 20) return undefined;
    if (isFalse(field(body, 'create'))) return undefined;
    if (isFalse(field(body, 'manage_aws_auth_configmap')) && !writes(field(body, 'create_aws_auth_configmap'))) return undefined;
    inputs = V18_INPUTS;
  } else if (majors.max !== undefined && majors.max <= 17) {
    // v17: manage_aws_auth defaults to true.
    if (isFalse(field(body, 'create_eks')) || isFalse(field(body, 'manage_aws_auth'))) return undefined;
    inputs = V17_INPUTS;
  } else if (majors.min >= 18 && majors.max !== undefined && majors.max <= 19) {
    if (isFalse(field(body, 'create'))) return undefined;
    if (!writes(field(body, 'manage_aws_auth_configmap')) && !writes(field(body, 'create_aws_auth_configmap'))) return undefined;
    inputs = V18_INPUTS;
  } else {
    return undefined;
  }
  const sections: AwsAuthSection[] = [];
  const name: ScalarNode = { kind: 'scalar', span: use.header, value: 'aws-auth', type: 'string', text: 'aws-auth', style: 'double' };
  const namespace: ScalarNode = { kind: 'scalar', span: use.header, value: 'kube-system', type: 'string', text: 'kube-system', style: 'double' };
  const configMap: AwsAuthConfigMap = {
    carrier: 'terraform',
    file: use.file,
    node: body,
    anchor: use.header,
    metadata: undefined,
    name,
    namespace,
    data: undefined,
    immutable: undefined,
    sections,
  };
  for (const [section, input] of inputs) {
    const entry = lastEntry(body, input);
    if (entry === undefined) continue;
    const value = entry.value;
    sections.push({
      name: section,
      label: input,
      owner: configMap,
      keySpan: entry.keySpan,
      value,
      content:
        value.kind === 'seq'
          ? { kind: 'parsed', root: encodedNode(value, 'yaml', value.span), truncatedAt: undefined }
          : isNull(value)
            ? { kind: 'empty' }
            : { kind: 'unknown' },
    });
  }
  return configMap;
}

/** A flag that is true, or unknown (the module may write aws-auth). */
function writes(node: SourceNode | undefined): boolean {
  return isTrue(node) || node?.kind === 'opaque';
}
