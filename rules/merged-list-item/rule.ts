import { groupScalars, stringScalar } from '../../src/aws-auth/identity.js';
import { defineRule } from '../../src/rule.js';
import { substringSpan } from '../../src/source-node.js';

const MERGED = / - |\bgroups:|\busername:|\brolearn:|\buserarn:/;

export default defineRule({
  id: 'merged-list-item',
  level: 'warning',
  tags: ['correctness'],
  summary: 'A group or username contains " - " or "groups:": two list items were merged by an indentation slip.',
  description:
    'When a list item is indented one space more than the one before it, YAML reads it as the continuation of ' +
    'the previous value: "- system:bootstrappers" followed by " - system:nodes" becomes the single group ' +
    '"system:bootstrappers - system:nodes". The node then lacks both groups and cannot join.',
  check(model, context) {
    for (const mapping of model.mappings) {
      const values = [stringScalar(mapping.username), ...groupScalars(mapping)];
      for (const scalar of values) {
        if (scalar === undefined) continue;
        const match = MERGED.exec(scalar.value);
        if (match === null) continue;
        const parts = scalar.value.split(/ - /).map((p) => `"${p.trim()}"`);
        context.report({
          span: substringSpan(scalar, match.index, match.index + match[0].length),
          message: `"${scalar.value}" looks like separate list items merged into one string by an indentation slip${parts.length > 1 ? ` (meant: ${parts.join(', ')})` : ''}; the authenticator grants exactly this one string. Align the "- " items.`,
        });
      }
    }
  },
});
