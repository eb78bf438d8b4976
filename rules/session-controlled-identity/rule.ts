import { groupScalars, principalName, SESSION_TEMPLATES, sessionlessCaller, stringScalar, templateTokens } from '../../src/aws-auth/identity.js';
import { apiRefusalOutcome, termsOf } from '../../src/cluster/terms.js';
import { defineRule } from '../../src/rule.js';
import { substringSpan } from '../../src/source-node.js';

export default defineRule({
  id: 'session-controlled-identity',
  level: 'warning',
  tags: ['security'],
  securitySeverity: '6.5',
  summary: 'A username or group that the caller can choose through its role session name, without a fixed prefix ending in ":".',
  description:
    'Whoever assumes a role chooses its session name. A username that is only {{SessionName}} (or starts with it, ' +
    'or has a prefix without a ":") lets a caller pick an existing user name, for example another person\'s or ' +
    '"system:..."; a template in groups lets the caller pick groups. Session names cannot contain ":", so a fixed ' +
    'prefix ending in ":" keeps the rendered name in a namespace of its own. IAM users have no session (their ' +
    'templates render empty, see session-template-in-user-mapping) and are not reported here.',
  check(model, context) {
    for (const mapping of model.mappings) {
      if (sessionlessCaller(mapping) !== undefined) continue;
      const username = stringScalar(mapping.username);
      if (username !== undefined) {
        for (const token of templateTokens(username.value)) {
          if (!SESSION_TEMPLATES.includes(token.text)) continue;
          const prefix = username.value.slice(0, token.start);
          if (prefix.endsWith(':')) continue;
          const fixedPrefix = prefix.replace(/[-_.@]+$/, '') || principalName(mapping) || 'team';
          context.report({
            span: substringSpan(username, token.start, token.end),
            message: `username "${username.value}" lets the caller choose the Kubernetes user name through the session name${prefix === '' ? '' : ` (the prefix "${prefix}" does not end in ":")`}, for example the name of another user. Put a fixed prefix ending in ":" before ${token.text}, e.g. "${fixedPrefix}:${token.text}".`,
          });
        }
      }
      for (const group of groupScalars(mapping)) {
        for (const token of templateTokens(group.value)) {
          if (!SESSION_TEMPLATES.includes(token.text)) continue;
          context.report({
            span: substringSpan(group, token.start, token.end),
            message: `Group "${group.value}" is rendered from ${token.text}, so the caller chooses which Kubernetes group it joins. Use fixed group names.`,
          });
        }
      }
    }
    // The access entries API requires a ":" somewhere before {{SessionName}} and rejects the entry otherwise.
    for (const entry of model.accessEntries) {
      const username = stringScalar(entry.username);
      if (username === undefined) continue;
      for (const token of templateTokens(username.value)) {
        if (!token.text.startsWith('{{SessionName') || username.value.slice(0, token.start).includes(':')) continue;
        context.report({
          span: substringSpan(username, token.start, token.end),
          level: 'error',
          message: `${termsOf(entry).username} "${username.value}" has no ":" before ${token.text}: the access entries API rejects it${apiRefusalOutcome(entry)} (a caller could otherwise pick any user name through its session name). Put a fixed prefix with a colon first, e.g. "${username.value.slice(0, token.start).replace(/[-_.@]+$/, '') || 'team'}:${token.text}".`,
        });
      }
    }
  },
});
