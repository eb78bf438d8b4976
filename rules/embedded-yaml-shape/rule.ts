import { defineRule } from '../../src/rule.js';
import type { SourceNode } from '../../src/source-node.js';
import type { Span } from '../../src/span.js';

export default defineRule({
  id: 'embedded-yaml-shape',
  level: 'error',
  tags: ['lockout'],
  summary: 'The embedded aws-auth document is not a list, a list item is not a mapping, or mapAccounts is not a list of account ids.',
  description:
    'mapRoles and mapUsers must be YAML lists of mappings and mapAccounts a list of account ids. A document that ' +
    'is a mapping (the "- " is missing) fails to decode and the whole key is dropped; an item that is a nested ' +
    'list or a bare value is dropped or never matches.',
  check(model, context) {
    for (const issue of model.schemaIssues) {
      if (issue.keyword !== 'type') continue;
      const section = issue.section.name;
      if (issue.pointer === '') {
        // `~` or `null` as the whole document reads as "no mappings", without an error.
        if (issue.node.kind === 'scalar' && issue.node.type === 'null') continue;
        context.report({
          span: where(issue.node),
          message: `${section} must be a YAML list ("- " items), but this is ${describe(issue.node)}: the authenticator cannot decode it and drops every entry of ${section}.`,
        });
      } else if (/^\/\d+$/.test(issue.pointer)) {
        const expected = section === 'mapAccounts' ? 'an account id' : 'a mapping (rolearn/userarn, username, groups)';
        context.report({
          span: where(issue.node),
          message: `Item ${issue.pointer.slice(1)} of ${section} is ${describe(issue.node)}, not ${expected}: the authenticator drops it${issue.node.kind === 'seq' ? ' (a list nested in a list, often from passing a list where its items were expected)' : ''}.`,
        });
      }
    }
  },
});

function describe(node: SourceNode): string {
  if (node.kind === 'scalar' && node.type === 'null') return 'empty';
  return node.kind === 'map' ? 'a mapping' : node.kind === 'seq' ? 'a list' : 'a single value';
}

/**
 * The smallest place to point at: a mapping's first key (where the "- " is missing), the "-" or "[" that opens a
 * nested list. Collection spans run to the end of their last line, trailing comment included.
 */
function where(node: SourceNode): Span {
  const span = node.span;
  if (node.kind === 'scalar') return span;
  const firstKey = node.kind === 'map' ? node.entries.find((e) => e.merged !== true)?.keySpan : undefined;
  return firstKey ?? { ...span, end: { line: span.start.line, column: span.start.column + 1 }, endOffset: span.startOffset + 1 };
}
