import { walkNodes } from '../../src/source-node.js';
import { defineRule } from '../../src/rule.js';
import { KNOWN_KEYS } from '../../src/schema/validate.js';

export default defineRule({
  id: 'field-key-case',
  level: 'error',
  tags: ['lockout'],
  summary: 'An aws-auth entry key is not spelled in its exact case (roleARN, UserName, Groups).',
  description:
    'The newer authenticator parser matches keys case-insensitively, but the parser generation EKS has also run ' +
    '(yaml.v2, release-0.5) is case-sensitive and ignores roleARN, userARN, UserName or Groups: the entry loses its ' +
    'ARN, name or groups. Only the exact spellings are safe on every control plane.',
  check(model, context) {
    for (const section of model.sections) {
      if (section.name === 'mapAccounts' || section.content.kind !== 'parsed' || section.content.root === null) continue;
      walkNodes(section.content.root, (node) => {
        if (node.kind !== 'map') return;
        for (const entry of node.entries) {
          const canonical = KNOWN_KEYS.get(entry.key.toLowerCase());
          if (canonical === undefined || canonical === entry.key || entry.merged === true) continue;
          context.report({
            span: entry.keySpan,
            message: `Key "${entry.key}" must be written "${canonical}": the case-sensitive parser generation ignores it, and the entry loses its ${canonical}.`,
          });
        }
      });
    }
  },
});
