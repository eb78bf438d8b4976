import { parseArn } from '../../src/arn.js';
import { stringScalar } from '../../src/aws-auth/identity.js';
import { defineRule } from '../../src/rule.js';

export default defineRule({
  id: 'assumed-role-arn',
  level: 'error',
  tags: ['lockout'],
  summary: 'An STS assumed-role ARN is used where an IAM role ARN is expected.',
  description:
    'aws sts get-caller-identity prints arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION. The authenticator turns ' +
    'the caller into arn:aws:iam::ACCOUNT:role/NAME before matching, so a mapping written with the assumed-role ' +
    'ARN (one session of the role) never matches. Map the role itself.',
  check(model, context) {
    for (const mapping of model.mappings) {
      const scalar = stringScalar(mapping.principal);
      if (scalar === undefined) continue;
      // Matching is case-insensitive: classify an ASCII-lowercased copy (same offsets), keep the written name.
      const text = scalar.value.trim();
      const arn = parseArn(text.replace(/[A-Z]/g, (c) => c.toLowerCase()));
      if (arn?.kind !== 'assumed-role') continue;
      const nameStart = arn.offsets.resource + 'assumed-role/'.length;
      const fixed = `arn:${arn.partition}:iam::${arn.accountId}:role/${text.slice(nameStart, nameStart + arn.name.length)}`;
      context.report({
        span: scalar.span,
        message: `"${scalar.value}" is an STS assumed-role (session) ARN: the authenticator matches callers as the role ARN, so this never matches. Use "${fixed}"${mapping.kind === 'user' ? ' under mapRoles' : ''}.`,
      });
    }
  },
});
