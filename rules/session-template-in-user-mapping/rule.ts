import { groupScalars, stringScalar, templateTokens } from '../../src/aws-auth/identity.js';
import { defineRule } from '../../src/rule.js';
import { substringSpan } from '../../src/source-node.js';

export default defineRule({
  id: 'session-template-in-user-mapping',
  level: 'warning',
  tags: ['correctness'],
  summary: '{{SessionName}} or {{SessionNameRaw}} in a mapUsers entry.',
  description:
    'IAM users authenticate without a role session, so the authenticator renders {{SessionName}} and ' +
    '{{SessionNameRaw}} as an empty string for them: "admin-{{SessionName}}" becomes "admin-", and a username ' +
    'made of the template alone becomes empty.',
  check(model, context) {
    for (const mapping of model.mappings) {
      if (mapping.kind !== 'user') continue;
      for (const scalar of [stringScalar(mapping.username), ...groupScalars(mapping)]) {
        if (scalar === undefined) continue;
        for (const token of templateTokens(scalar.value)) {
          if (token.text !== '{{SessionName}}' && token.text !== '{{SessionNameRaw}}') continue;
          const rendered = scalar.value.replace(token.text, '');
          context.report({
            span: substringSpan(scalar, token.start, token.end),
            message: `${token.text} in a mapUsers entry: IAM users have no session, so it renders empty and the name becomes "${rendered}". Use a fixed name, or {{AccountID}}/{{AccessKeyID}} if you need a unique part.`,
          });
        }
      }
    }
  },
});
