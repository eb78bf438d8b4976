import type { MapEntry, MapNode } from '../../src/source-node.js';
import { walkNodes } from '../../src/source-node.js';
import { defineRule, type RuleContext } from '../../src/rule.js';

export default defineRule({
  id: 'duplicate-key',
  level: 'error',
  tags: ['lockout'],
  summary: 'A key is repeated in one mapping of aws-auth: in data, or in an entry of the embedded YAML.',
  description:
    'The decoders used by kubectl and the authenticator keep the last value of a repeated key without an error. ' +
    'A second mapRoles key under data silently replaces the first block; a second groups key in one entry ' +
    'replaces the first list.',
  check(model, context) {
    for (const configMap of model.configMaps) {
      checkMap(configMap.node, context, 'this ConfigMap');
      if (configMap.metadata !== undefined) checkMap(configMap.metadata, context, 'metadata');
      if (configMap.data !== undefined) checkMap(configMap.data, context, 'data');
    }
    for (const section of model.sections) {
      if (section.content.kind !== 'parsed' || section.content.root === null) continue;
      walkNodes(section.content.root, (node) => {
        if (node.kind === 'map') checkMap(node, context, `this ${section.name} entry`, true);
      });
    }
  },
});

/**
 * Reports every occurrence of a key after its first. Inside entries keys are compared ignoring case, as the newer
 * parser does; it re-encodes the entry as a JSON object with sorted keys, so of spellings that differ only in case
 * the one that sorts last wins (the lowercase one, which is also the only one the older parser reads).
 */
function checkMap(map: MapNode, context: RuleContext, where: string, foldCase = false): void {
  const groups = new Map<string, MapEntry[]>();
  for (const entry of map.entries) {
    if (entry.merged === true) continue;
    const key = foldCase ? entry.key.toLowerCase() : entry.key;
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  }
  for (const entries of groups.values()) {
    const [first, ...repeats] = entries;
    if (first === undefined) continue;
    const winner = entries.reduce((best, e) => (e.key >= best.key ? e : best));
    const dropped = entries.filter((e) => e !== winner);
    for (const entry of repeats) {
      const name = entry.key === first.key ? `"${entry.key}"` : `"${entry.key}" (same field as "${first.key}")`;
      const outcome =
        entry === winner
          ? `only this last value is used and ${theOnesAt(dropped)} silently dropped`
          : `the value of "${winner.key}" at line ${line(winner)} is used and this one is silently dropped${winner.key === entry.key ? '' : ' (of spellings that differ only in case, the authenticator keeps the lowercase one, or else the one that sorts last)'}`;
      context.report({
        span: entry.keySpan,
        message: `Key ${name} is repeated in ${where}: ${outcome}. Merge them into one key.`,
        related: entries.filter((e) => e !== entry).map((e) => ({ span: e.keySpan, message: e === winner ? 'this value is used' : 'other occurrence, ignored' })),
      });
    }
  }
}

function line(entry: MapEntry): number {
  return entry.keySpan.start.line;
}

function theOnesAt(entries: readonly MapEntry[]): string {
  const at = entries.map(line).join(', ');
  return entries.length === 1 ? `the one at line ${at} is` : `the ones at lines ${at} are`;
}
