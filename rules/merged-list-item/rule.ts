import { groupScalars, stringScalar } from '../../src/aws-auth/identity.js';
import { defineRule } from '../../src/rule.js';
import { substringSpan } from '../../src/source-node.js';

/** A list item (" - x") or an entry key ("groups:") swallowed by the value before it. */
const MERGED = /\s(-)\s|\s((?:groups|username|rolearn|userarn):)/;

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
        // Only a plain value can swallow the next line; a quoted one says what it means.
        if (scalar?.style !== 'plain') continue;
        const match = MERGED.exec(scalar.value);
        if (match === null) continue;
        const start = match.index + 1;
        // Point at the swallowed item: from its "-" to the next separator, or at the swallowed key.
        const next = scalar.value.indexOf(' - ', start + 1);
        const end = match[1] === undefined ? start + (match[2]?.length ?? 0) : next < 0 ? scalar.value.length : next;
        const parts = scalar.value.split(/ - /).map((p) => `"${p.trim()}"`);
        context.report({
          span: substringSpan(scalar, start, end),
          message: match[1] !== undefined
            ? `"${scalar.value}" looks like separate list items merged into one string by an indentation slip (meant: ${parts.join(', ')}); the authenticator grants exactly this one string. Align the "- " items.`
            : `"${scalar.value}" contains "${match[2] ?? ''}": a key that belongs on its own line was read as part of this value, so the entry does not get it. Put it on its own line, aligned with the entry's other keys.`,
        });
      }
    }
  },
});
