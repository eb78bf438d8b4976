import type { AccountMapping, AwsAuthSection, Mapping } from '../model.js';
import type { MapEntry, MapNode, SourceNode } from '../source-node.js';

/** The entries of a `mapRoles`/`mapUsers` document, keyed the way the newer parser reads them. */
export function mappingsOf(section: AwsAuthSection): Mapping[] {
  if (section.name === 'mapAccounts' || section.content.kind !== 'parsed') return [];
  const root = section.content.root;
  if (root?.kind !== 'seq') return [];
  const kind = section.name === 'mapRoles' ? 'role' : 'user';
  const principalKey = kind === 'role' ? 'rolearn' : 'userarn';
  const result: Mapping[] = [];
  root.items.forEach((item, index) => {
    if (item.kind !== 'map') return;
    const fields = foldedFields(item);
    result.push({
      section,
      index,
      node: item,
      kind,
      principalKey,
      principal: fields.get(principalKey)?.value,
      sso: kind === 'role' ? fields.get('sso')?.value : undefined,
      username: fields.get('username')?.value,
      groups: fields.get('groups')?.value,
    });
  });
  return result;
}

/**
 * The entry each field reads, as the newer parser decides: YAML keeps the last of identical keys;
 * the JSON step then sorts keys and Go's encoding/json matches them case-insensitively, so among case
 * variants the spelling that sorts last wins (the lowercase one, when present).
 */
export function foldedFields(map: MapNode): Map<string, MapEntry> {
  const fields = new Map<string, MapEntry>();
  for (const entry of map.entries) {
    const field = entry.key.toLowerCase();
    const current = fields.get(field);
    if (current === undefined || entry.key >= current.key) fields.set(field, entry);
  }
  return fields;
}

export function accountsOf(section: AwsAuthSection): AccountMapping[] {
  if (section.name !== 'mapAccounts' || section.content.kind !== 'parsed') return [];
  const root = section.content.root;
  if (root?.kind !== 'seq') return [];
  return root.items.map((node: SourceNode, index) => ({ section, index, node }));
}
