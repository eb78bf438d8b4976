import { groupScalars, stringScalar, templateTokens, TEMPLATES } from '../../src/aws-auth/identity.js';
import { defineRule } from '../../src/rule.js';
import { substringSpan } from '../../src/source-node.js';
import { closest } from '../../src/util/suggest.js';

export default defineRule({
  id: 'unknown-template',
  level: 'error',
  tags: ['lockout'],
  summary: 'A {{...}} token in a username or group is not one the authenticator replaces.',
  description:
    'The authenticator replaces exactly {{AccountID}}, {{SessionName}}, {{SessionNameRaw}}, {{AccessKeyID}} and ' +
    '{{EC2PrivateDNSName}}, spelled exactly so, without spaces. Anything else ({{SessionNameRAW}}, ' +
    '{{ SessionName }}, {{UserID}}) is left in the name literally, so RBAC bindings for the intended name never apply.',
  check(model, context) {
    for (const mapping of model.mappings) {
      for (const scalar of [stringScalar(mapping.username), ...groupScalars(mapping)]) {
        if (scalar === undefined) continue;
        for (const token of templateTokens(scalar.value)) {
          if (TEMPLATES.includes(token.text)) continue;
          const suggestion = closest(token.text.replace(/[{}\s]/g, ''), TEMPLATES.map((t) => t.slice(2, -2)));
          context.report({
            span: substringSpan(scalar, token.start, token.end),
            message: `"${token.text}" is not a template the authenticator knows: it stays in the name literally.${suggestion === undefined ? ` Known: ${TEMPLATES.join(', ')}.` : ` Did you mean "{{${suggestion}}}"?`}`,
          });
        }
      }
    }
  },
});
