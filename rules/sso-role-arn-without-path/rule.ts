import { parseArn } from '../../src/arn.js';
import { stringScalar } from '../../src/aws-auth/identity.js';
import { isRegion } from '../../src/cluster/access.js';
import { apiRefusalOutcome } from '../../src/cluster/terms.js';
import { defineRule } from '../../src/rule.js';

/** The path IAM Identity Center gives every role it creates (then, outside us-east-1 for older instances, the region). */
const SSO_PATH = 'aws-reserved/sso.amazonaws.com/';

export default defineRule({
  id: 'sso-role-arn-without-path',
  level: 'warning',
  tags: ['lockout'],
  summary: 'An access entry principal names an IAM Identity Center role (AWSReservedSSO_...) without its aws-reserved/sso.amazonaws.com/ path.',
  description:
    'IAM Identity Center creates its roles under the path /aws-reserved/sso.amazonaws.com/REGION/. An access entry ' +
    'takes the exact role ARN, path included, so the path-stripped ARN that aws-auth needs is rejected by the EKS ' +
    'API ("The specified principalArn is invalid: invalid principal.") and the entry is not created.',
  check(model, context) {
    for (const entry of model.accessEntries) {
      const scalar = stringScalar(entry.principal);
      if (scalar === undefined) continue;
      const arn = parseArn(scalar.value.trim());
      if (arn?.kind !== 'role' || arn.service !== 'iam' || !/^AWSReservedSSO_/i.test(arn.name)) continue;
      if (arn.path.startsWith(SSO_PATH)) continue;
      const written = arn.path === '' ? 'without a path' : `with the path "/${arn.path}"`;
      // Keep a region that was written (role/sso.amazonaws.com/eu-west-1/...); it is Identity Center's, not the cluster's.
      const region = arn.path.split('/').find(isRegion) ?? '<identity-center-region>';
      const fixed = `arn:${arn.partition}:iam::${arn.accountId}:role/${SSO_PATH}${region}/${arn.name}`;
      context.report({
        span: scalar.span,
        message:
          `"${scalar.value}" is an IAM Identity Center role written ${written}: access entries take the role's full ARN, so ` +
          `the EKS API rejects it ("The specified principalArn is invalid: invalid principal.") and the entry is not created${apiRefusalOutcome(entry)}. ` +
          `Use the ARN IAM shows for the role, "${fixed}" (aws iam get-role --role-name ${arn.name} --query Role.Arn).`,
      });
    }
  },
});
