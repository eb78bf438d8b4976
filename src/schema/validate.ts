import { validateEksctlAccess, validateMapAccounts, validateMapRoles, validateMapUsers, type ValidateFunction } from '../../generated/validators.js';
import eksctlSchema from '../../schemas/eksctl-access.schema.json' with { type: 'json' };
import type { AwsAuthSection, Cluster, ConfigIssue, Mapping, SchemaIssue, SectionName } from '../model.js';
import { lastEntry, type MapNode, type SourceNode } from '../source-node.js';

const VALIDATORS: Readonly<Record<SectionName, ValidateFunction>> = {
  mapRoles: validateMapRoles,
  mapUsers: validateMapUsers,
  mapAccounts: validateMapAccounts,
};

/** Canonical spelling of every key the authenticator knows, by lowercase form. */
export const KNOWN_KEYS: ReadonlyMap<string, string> = new Map(
  ['rolearn', 'userarn', 'username', 'groups', 'userid', 'sso', 'permissionSetName', 'accountID', 'partition'].map((k) => [k.toLowerCase(), k]),
);

/**
 * Validates one section against its JSON Schema and locates each violation on the source tree.
 * Keys are folded to their canonical spelling first, as the newer parser does, so a case slip is
 * reported once by `field-key-case` and not again as a missing or unknown field.
 */
export function validateSection(section: AwsAuthSection, mappings: readonly Mapping[]): SchemaIssue[] {
  if (section.content.kind !== 'parsed' || section.content.root === null) return [];
  const index = new Map<string, SourceNode>();
  const instance = section.name === 'mapAccounts'
    ? toAccountsInstance(section.content.root, index)
    : toInstance(section.content.root, '', index);
  const validate = VALIDATORS[section.name];
  if (validate(instance)) return [];
  const byIndex = new Map(mappings.filter((m) => m.section === section).map((m) => [m.index, m]));
  const issues: SchemaIssue[] = [];
  for (const error of validate.errors ?? []) {
    const node = index.get(error.instancePath);
    if (node === undefined || node.kind === 'opaque') continue;
    const entryIndex = /^\/(\d+)/.exec(error.instancePath)?.[1];
    issues.push({
      section,
      keyword: error.keyword,
      pointer: error.instancePath,
      node,
      params: error.params,
      mapping: entryIndex === undefined ? undefined : byIndex.get(Number(entryIndex)),
    });
  }
  return issues;
}

function toInstance(node: SourceNode, pointer: string, index: Map<string, SourceNode>): unknown {
  index.set(pointer, node);
  switch (node.kind) {
    case 'scalar':
      return node.value;
    case 'opaque':
      return null;
    case 'seq':
      return node.items.map((item, i) => toInstance(item, `${pointer}/${i}`, index));
    case 'map': {
      const object: Record<string, unknown> = {};
      for (const entry of node.entries) {
        const key = KNOWN_KEYS.get(entry.key.toLowerCase()) ?? entry.key;
        object[key] = toInstance(entry.value, `${pointer}/${escapePointer(key)}`, index);
      }
      return object;
    }
  }
}

/** yaml.v2 decodes mapAccounts into []string, keeping the source text of plain numbers. */
function toAccountsInstance(root: SourceNode, index: Map<string, SourceNode>): unknown {
  index.set('', root);
  if (root.kind !== 'seq') return toInstance(root, '', index);
  return root.items.map((item, i) => {
    index.set(`/${i}`, item);
    return item.kind === 'scalar' ? item.text : toInstance(item, `/${i}`, index);
  });
}

function escapePointer(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** Which definition of the eksctl schema applies at a pointer, for did-you-mean suggestions. */
const EKSCTL_OBJECTS: readonly (readonly [RegExp, keyof typeof eksctlSchema.definitions])[] = [
  [/^\/accessConfig$/, 'accessConfig'],
  [/^\/accessConfig\/accessEntries\/\d+$/, 'accessEntry'],
  [/^\/accessConfig\/accessEntries\/\d+\/accessPolicies\/\d+$/, 'accessPolicy'],
  [/^\/accessConfig\/accessEntries\/\d+\/accessPolicies\/\d+\/accessScope$/, 'accessScope'],
  [/^\/iamIdentityMappings\/\d+$/, 'iamIdentityMapping'],
];

/** Validates the access parts of an eksctl ClusterConfig (keys are case-sensitive, as eksctl's decoder is). */
export function validateClusterConfig(cluster: Cluster): ConfigIssue[] {
  const root = cluster.node;
  if (root === undefined) return [];
  const parts: MapNode = { kind: 'map', span: root.span, entries: ['accessConfig', 'iamIdentityMappings'].flatMap((k) => lastEntry(root, k) ?? []) };
  const index = new Map<string, SourceNode>();
  const instance = toExactInstance(parts, '', index);
  if (validateEksctlAccess(instance)) return [];
  return (validateEksctlAccess.errors ?? []).flatMap((error) => {
    const node = index.get(error.instancePath);
    if (node === undefined || node.kind === 'opaque') return [];
    const definition = EKSCTL_OBJECTS.find(([pattern]) => pattern.test(error.instancePath))?.[1];
    const knownKeys = definition === undefined ? [] : Object.keys(eksctlSchema.definitions[definition].properties);
    return [{ schema: 'eksctl' as const, cluster, keyword: error.keyword, pointer: error.instancePath, node, params: error.params, knownKeys }];
  });
}

/** Like toInstance, without folding key case: eksctl drops keys that are not spelled exactly. */
function toExactInstance(node: SourceNode, pointer: string, index: Map<string, SourceNode>): unknown {
  index.set(pointer, node);
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'opaque') return null;
  if (node.kind === 'seq') return node.items.map((item, i) => toExactInstance(item, `${pointer}/${i}`, index));
  const object: Record<string, unknown> = {};
  for (const entry of node.entries) object[entry.key] = toExactInstance(entry.value, `${pointer}/${escapePointer(entry.key)}`, index);
  return object;
}
