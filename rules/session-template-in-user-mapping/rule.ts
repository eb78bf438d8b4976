import { groupScalars, sessionlessCaller, stringScalar, templateTokens } from '../../src/aws-auth/identity.js';
import { defineRule } from '../../src/rule.js';
import type { StringScalar } from '../../src/source-node.js';
import { substringSpan } from '../../src/source-node.js';

const SESSION_TOKENS = ['{{SessionName}}', '{{SessionNameRaw}}'];

export default defineRule({
  id: 'session-template-in-user-mapping',
  level: 'warning',
  tags: ['correctness'],
  summary: '{{SessionName}} or {{SessionNameRaw}} in the mapping of an IAM user, which has no role session.',
  description:
    'IAM users (and the account root and federated users) authenticate without a role session, so the ' +
    'authenticator renders {{SessionName}} and {{SessionNameRaw}} as an empty string for them: ' +
    '"admin-{{SessionName}}" becomes "admin-", and a username made of the template alone becomes empty. This ' +
    'covers mapUsers entries and user ARNs written under mapRoles; a role ARN under mapUsers has a session.',
  check(model, context) {
    for (const mapping of model.mappings) {
      const caller = sessionlessCaller(mapping);
      if (caller === undefined) continue;
      const username = stringScalar(mapping.username);
      const scalars: [StringScalar, string][] = groupScalars(mapping).map((g) => [g, 'group']);
      if (username !== undefined) scalars.unshift([username, 'username']);
      for (const [scalar, what] of scalars) {
        for (const token of templateTokens(scalar.value)) {
          if (!SESSION_TOKENS.includes(token.text)) continue;
          const rendered = SESSION_TOKENS.reduce((text, t) => text.replaceAll(t, ''), scalar.value);
          context.report({
            span: substringSpan(scalar, token.start, token.end),
            message: `${token.text} in the mapping of ${caller}, which has no role session: it renders empty and the ${what} becomes ${rendered === '' ? 'empty' : `"${rendered}"`}. Use a fixed name, such as the user's own name.`,
          });
        }
      }
    }
  },
});
