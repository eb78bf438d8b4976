import { parseArn } from '../../src/arn.js';
import { principals } from '../../src/cluster/principals.js';
import { defineRule } from '../../src/rule.js';

export default defineRule({
  id: 'assumed-role-arn',
  level: 'error',
  tags: ['lockout'],
  summary: 'An STS assumed-role ARN is used where an IAM role ARN is expected.',
  description:
    'aws sts get-caller-identity prints arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION. The authenticator turns ' +
    'the caller into arn:aws:iam::ACCOUNT:role/NAME before matching, so a mapping written with the assumed-role ' +
    'ARN (one session of the role) never matches. Map the role itself. The access entries API rejects such a ' +
    'principal: sessions are temporary identities.',
  check(model, context) {
    for (const principal of principals(model)) {
      const scalar = principal.scalar;
      // Matching is case-insensitive: classify an ASCII-lowercased copy (same offsets), keep the written name.
      const text = scalar.value.trim();
      const arn = parseArn(text.replace(/[A-Z]/g, (c) => c.toLowerCase()));
      if (arn?.kind !== 'assumed-role') continue;
      const nameStart = arn.offsets.resource + 'assumed-role/'.length;
      const fixed = `arn:${arn.partition}:iam::${arn.accountId}:role/${text.slice(nameStart, nameStart + arn.name.length)}`;
      context.report({
        span: scalar.span,
        message: principal.carrier === 'access-entry'
          ? `"${scalar.value}" is an STS assumed-role (session) ARN: the access entries API accepts only IAM roles and users, so this entry cannot be created${principal.entry.carrier === 'cloudformation' ? ' and the stack rolls back' : ''}. Use "${forAccessEntry(fixed, arn.name)}".`
          : `"${scalar.value}" is an STS assumed-role (session) ARN: the authenticator matches callers as the role ARN, so this never matches. Use "${fixed}"${principal.mapping.kind === 'user' ? ' under mapRoles' : ''}.`,
      });
    }
  },
});

/** Access entries keep role paths, and IAM Identity Center roles need theirs, which a session ARN never shows. */
function forAccessEntry(roleArn: string, name: string): string {
  return /^AWSReservedSSO_/i.test(name) ? roleArn.replace(/:role\//, ':role/aws-reserved/sso.amazonaws.com/REGION/') : roleArn;
}
