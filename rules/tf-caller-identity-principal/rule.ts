import { defineRule } from '../../src/rule.js';

export default defineRule({
  id: 'tf-caller-identity-principal',
  level: 'warning',
  tags: ['lockout'],
  summary: 'A Terraform access entry principal_arn or aws-auth rolearn is built from data.aws_caller_identity.<name>.arn, which is an assumed-role session ARN when Terraform runs as a role.',
  description:
    'When Terraform runs with a role (CI pipelines, SSO, assume_role in the provider), data.aws_caller_identity.arn is ' +
    'arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION, not the role ARN. Access entries reject or never match an STS ' +
    'session ARN, and an aws-auth rolearn with it matches only that one session (or nothing, once the session name ' +
    'changes): the pipeline locks itself out. data.aws_iam_session_context.<name>.issuer_arn gives the role ARN.',
  check(model, context) {
    for (const use of model.callerIdentityPrincipals ?? []) {
      const where = use.attribute === 'principal_arn' ? 'an access entry principal_arn' : 'an aws-auth rolearn';
      context.report({
        span: use.span,
        message:
          `data.aws_caller_identity.${use.dataName}.arn is used in ${where}: when Terraform runs as a role (CI, SSO) it is an ` +
          `assumed-role session ARN (arn:aws:sts::...:assumed-role/NAME/SESSION), not the role. ` +
          `Use data.aws_iam_session_context.${use.dataName}.issuer_arn (with arn = data.aws_caller_identity.${use.dataName}.arn).`,
      });
    }
  },
});
