import type { AwsAuthCarrier, AwsAuthConfigMap, AwsAuthSection, SectionName } from '../model.js';
import { SECTION_NAMES } from '../model.js';
import { lastEntry, type MapNode, type SourceNode } from '../source-node.js';
import type { LineIndex, Span } from '../span.js';
import { closest, editDistance } from '../util/suggest.js';
import { loadSectionContent } from './embedded-sections.js';

/**
 * The aws-auth data key a key was probably meant to be (`maproles`, `MapRole`, `map_users`,
 * `MaPrCcOuNtS`), or undefined for keys that are something else.
 */
export function intendedSectionKey(key: string): SectionName | undefined {
  const normalized = key.toLowerCase().replace(/[\s_-]/g, '');
  if (!normalized.startsWith('map')) return undefined;
  const exact = SECTION_NAMES.find((name) => normalized === name.toLowerCase() || normalized === name.toLowerCase().slice(0, -1));
  if (exact !== undefined) return exact;
  const best = closest(normalized, SECTION_NAMES.map((name) => name.toLowerCase()));
  return best === undefined || editDistance(normalized, best) > 2 ? undefined : SECTION_NAMES.find((name) => name.toLowerCase() === best);
}

/** Keys that look like an attempt at one of the three aws-auth data keys. */
export function looksLikeSectionKey(key: string): boolean {
  return intendedSectionKey(key) !== undefined;
}

/** Finds ConfigMaps that carry aws-auth content in one parsed manifest document. */
export function configMapsIn(root: SourceNode | null, file: string, lines: LineIndex): AwsAuthConfigMap[] {
  if (root?.kind !== 'map') return [];
  const kind = scalarString(lastEntry(root, 'kind')?.value);
  if (kind === 'ConfigMap') {
    const configMap = readConfigMap(root, file, lines);
    return configMap === undefined ? [] : [configMap];
  }
  const items = lastEntry(root, 'items')?.value;
  if (kind?.endsWith('List') === true && items?.kind === 'seq') {
    return items.items.flatMap((item) => configMapsIn(item, file, lines));
  }
  return [];
}

function readConfigMap(node: MapNode, file: string, lines: LineIndex): AwsAuthConfigMap | undefined {
  const anchor = lastEntry(node, 'kind')?.value.span ?? node.span;
  return awsAuthConfigMap({ carrier: 'manifest', file, node, anchor, metadata: mapValue(node, 'metadata'), data: mapValue(node, 'data') }, () => lines);
}

/** What every carrier finds in its own syntax: the object, its metadata and its data. */
export interface ConfigMapParts {
  readonly carrier: AwsAuthCarrier;
  readonly file: string;
  readonly node: MapNode;
  readonly anchor: Span;
  readonly metadata: MapNode | undefined;
  readonly data: MapNode | undefined;
}

/**
 * The ConfigMap with its embedded sections, when it carries aws-auth content (named aws-auth, or data keys
 * that look like aws-auth keys). `linesOf` gives the lines of the file a section's value is written in.
 */
export function awsAuthConfigMap(parts: ConfigMapParts, linesOf: (value: SourceNode) => LineIndex): AwsAuthConfigMap | undefined {
  const { metadata, data, node } = parts;
  const name = metadata === undefined ? undefined : lastEntry(metadata, 'name')?.value;
  const namespace = metadata === undefined ? undefined : lastEntry(metadata, 'namespace')?.value;
  const named = name?.kind === 'scalar' && name.value === 'aws-auth';
  if (!named && !(data?.entries.some((e) => looksLikeSectionKey(e.key)) ?? false)) return undefined;
  const immutableEntry = lastEntry(node, 'immutable');
  const sections: AwsAuthSection[] = [];
  const configMap: AwsAuthConfigMap = {
    ...parts,
    name: name?.kind === 'scalar' ? name : undefined,
    namespace: namespace?.kind === 'scalar' ? namespace : undefined,
    immutable: immutableEntry === undefined ? undefined : { keySpan: immutableEntry.keySpan, value: immutableEntry.value },
    sections,
  };
  for (const section of SECTION_NAMES) {
    const entry = data === undefined ? undefined : lastEntry(data, section);
    if (entry === undefined) continue;
    sections.push({
      name: section satisfies SectionName,
      label: section,
      owner: configMap,
      keySpan: entry.keySpan,
      value: entry.value,
      content: loadSectionContent(section, entry.value, linesOf(entry.value)),
    });
  }
  return configMap;
}

function mapValue(node: MapNode, key: string): MapNode | undefined {
  const value = lastEntry(node, key)?.value;
  return value?.kind === 'map' ? value : undefined;
}

function scalarString(node: SourceNode | undefined): string | undefined {
  return node?.kind === 'scalar' && typeof node.value === 'string' ? node.value : undefined;
}
