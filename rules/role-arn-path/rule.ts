import { parseArn } from '../../src/arn.js';
import { stringScalar } from '../../src/aws-auth/identity.js';
import { replaceInValue, sectionEdit } from '../../src/fix/edits.js';
import { fixWouldCollide } from '../../src/fix/principal-collision.js';
import { defineRule } from '../../src/rule.js';

export default defineRule({
  id: 'role-arn-path',
  level: 'error',
  tags: ['lockout'],
  summary: 'An aws-auth role ARN includes the role path (role/team/name, aws-reserved/sso.amazonaws.com/..., service-role/...).',
  description:
    'STS reports an assumed role as arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION, without the role path, and ' +
    'the authenticator compares the whole ARN string. A rolearn with a path therefore never matches anyone: ' +
    'IAM Identity Center (SSO) roles, roles under service-role/ and any role created with a path must be written ' +
    'as arn:aws:iam::ACCOUNT:role/NAME. Access entries accept paths; aws-auth does not.',
  check(model, context) {
    for (const mapping of model.mappings) {
      const scalar = stringScalar(mapping.principal);
      if (scalar === undefined) continue;
      const arn = parseArn(scalar.value.trim());
      if (arn?.kind !== 'role' || arn.path === '' || arn.service !== 'iam') continue;
      const fixed = `arn:${arn.partition}:iam::${arn.accountId}:role/${arn.name}`;
      const sso = arn.name.startsWith('AWSReservedSSO_') ? ' (an IAM Identity Center role)' : '';
      // The fix deletes the path between "role/" and the name, so the rest keeps its spelling.
      const pathStart = scalar.value.length - scalar.value.trimStart().length + arn.offsets.resource + 'role/'.length;
      const edit = fixWouldCollide(model, mapping) ? undefined : sectionEdit(context, mapping.section, replaceInValue(context, scalar, pathStart, pathStart + arn.path.length, ''));
      context.report({
        span: scalar.span,
        message: `Role ARN "${scalar.value}" has the path "/${arn.path}"${sso}: the mapping never matches, because STS reports the role without its path. Use "${fixed}".`,
        ...(edit === undefined ? {} : { fix: { description: `Remove the path "/${arn.path}" from the role ARN.`, edits: [edit] } }),
      });
    }
  },
});
