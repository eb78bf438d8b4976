import { defineRule } from '../../src/rule.js';

export default defineRule({
  id: 'missing-username',
  level: 'warning',
  tags: ['lockout'],
  summary: 'An aws-auth entry has no username, or an empty one.',
  description:
    'Without a username the authenticator returns an empty user name. Most kubectl commands still work, but ' +
    'requests the API server proxies to aggregated APIs (kubectl top, metrics-server) answer Unauthorized, and ' +
    'audit logs cannot say who did what.',
  check(model, context) {
    for (const mapping of model.mappings) {
      if (mapping.sso !== undefined && mapping.principal === undefined) continue;
      const username = mapping.username;
      const entryKey = mapping.node.entries[0]?.keySpan ?? mapping.node.span;
      if (username === undefined) {
        context.report({
          span: entryKey,
          message: `This ${mapping.section.name} entry has no username: it authenticates with an empty user name, so aggregated APIs such as "kubectl top" answer Unauthorized and audit logs show no user. Add a username (for roles, e.g. "name:{{SessionName}}").`,
        });
      } else if (username.kind === 'scalar' && (username.value === null || (typeof username.value === 'string' && username.value.trim() === ''))) {
        context.report({
          span: username.span,
          message: 'username is empty: the user name becomes "", so aggregated APIs such as "kubectl top" answer Unauthorized and audit logs show no user. Set a username.',
        });
      }
    }
  },
});
