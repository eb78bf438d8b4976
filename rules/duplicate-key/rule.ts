import type { MapNode } from '../../src/source-node.js';
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

/** Reports every later occurrence of a key; inside entries keys are compared as the newer parser does, ignoring case. */
function checkMap(map: MapNode, context: RuleContext, where: string, foldCase = false): void {
  const first = new Map<string, MapNode['entries'][number]>();
  for (const entry of map.entries) {
    if (entry.merged === true) continue;
    const key = foldCase ? entry.key.toLowerCase() : entry.key;
    const earlier = first.get(key);
    if (earlier === undefined) {
      first.set(key, entry);
      continue;
    }
    const same = earlier.key === entry.key ? `"${entry.key}"` : `"${entry.key}" (same field as "${earlier.key}")`;
    context.report({
      span: entry.keySpan,
      message: `Key ${same} is repeated in ${where}: only this last value is used and the one at line ${earlier.keySpan.start.line} is silently dropped. Merge them into one key.`,
      related: [{ span: earlier.keySpan, message: 'first occurrence, ignored' }],
    });
  }
}
