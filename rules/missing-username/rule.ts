import { principalOf } from '../../src/aws-auth/identity.js';
import type { Mapping } from '../../src/model.js';
import { defineRule } from '../../src/rule.js';
import type { Span } from '../../src/span.js';

const EFFECT = 'so aggregated APIs such as "kubectl top" answer Unauthorized and audit logs show no user';

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
      const fix = mapping.kind === 'role' ? 'e.g. "name:{{SessionName}}"' : "e.g. the user's own name";
      if (username === undefined) {
        const arn = principalOf(mapping);
        context.report({
          span: entryAnchor(mapping),
          message: `This ${mapping.section.label} entry${arn === undefined ? '' : ` for "${arn}"`} has no username: it authenticates with an empty user name, ${EFFECT}. Add a username (${fix}).`,
        });
      } else if (username.kind === 'scalar' && (username.value === null || (typeof username.value === 'string' && username.value.trim() === ''))) {
        // `username:` with nothing after it has an empty span: point at the key instead.
        const span = username.span.startOffset === username.span.endOffset ? usernameKey(mapping) ?? username.span : username.span;
        context.report({
          span,
          message: `username is empty: the user name becomes "", ${EFFECT}. Set a username (${fix}).`,
        });
      }
    }
  },
});

/** The entry's own `rolearn`/`userarn` key, else its first written key. */
function entryAnchor(mapping: Mapping): Span {
  const own = mapping.node.entries.filter((e) => e.merged !== true);
  const principalKey = mapping.principalKey;
  return (own.find((e) => e.key.toLowerCase() === principalKey) ?? own[0])?.keySpan ?? mapping.node.span;
}

function usernameKey(mapping: Mapping): Span | undefined {
  return mapping.node.entries.findLast((e) => e.key.toLowerCase() === 'username')?.keySpan;
}
