import type { AwsAuthConfigMap, AwsAuthSection, SectionName } from '../model.js';
import { SECTION_NAMES } from '../model.js';
import { lastEntry, type MapNode, type SourceNode } from '../source-node.js';
import type { LineIndex } from '../span.js';
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
  const metadataNode = lastEntry(node, 'metadata')?.value;
  const metadata = metadataNode?.kind === 'map' ? metadataNode : undefined;
  const name = metadata === undefined ? undefined : lastEntry(metadata, 'name')?.value;
  const namespace = metadata === undefined ? undefined : lastEntry(metadata, 'namespace')?.value;
  const dataNode = lastEntry(node, 'data')?.value;
  const data = dataNode?.kind === 'map' ? dataNode : undefined;
  const named = name?.kind === 'scalar' && name.value === 'aws-auth';
  if (!named && !(data?.entries.some((e) => looksLikeSectionKey(e.key)) ?? false)) return undefined;
  const immutableEntry = lastEntry(node, 'immutable');
  const sections: AwsAuthSection[] = [];
  const configMap: AwsAuthConfigMap = {
    carrier: 'manifest',
    file,
    node,
    anchor: lastEntry(node, 'kind')?.value.span ?? node.span,
    metadata,
    name: name?.kind === 'scalar' ? name : undefined,
    namespace: namespace?.kind === 'scalar' ? namespace : undefined,
    data,
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
      content: loadSectionContent(section, entry.value, lines),
    });
  }
  return configMap;
}

function scalarString(node: SourceNode | undefined): string | undefined {
  return node?.kind === 'scalar' && typeof node.value === 'string' ? node.value : undefined;
}
