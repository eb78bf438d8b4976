import { defineRule } from '../../src/rule.js';

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
        context.report({
          span: issue.node.span,
          message: `${section} must be a YAML list ("- " items), but this is ${describe(issue.node.kind)}: the authenticator cannot decode it and drops every entry of ${section}.`,
        });
      } else if (/^\/\d+$/.test(issue.pointer)) {
        const expected = section === 'mapAccounts' ? 'an account id' : 'a mapping (rolearn/userarn, username, groups)';
        context.report({
          span: issue.node.span,
          message: `Item ${issue.pointer.slice(1)} of ${section} is ${describe(issue.node.kind)}, not ${expected}: the authenticator drops it${issue.node.kind === 'seq' ? ' (a list nested in a list, often from passing a list where its items were expected)' : ''}.`,
        });
      }
    }
  },
});

function describe(kind: string): string {
  return kind === 'map' ? 'a mapping' : kind === 'seq' ? 'a list' : 'a single value';
}
