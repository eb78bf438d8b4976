import { EXAMPLE_ACCOUNT_IDS, parseArn } from '../../src/arn.js';
import { stringScalar } from '../../src/aws-auth/identity.js';
import { defineRule } from '../../src/rule.js';
import { substringSpan, type ScalarNode } from '../../src/source-node.js';

export default defineRule({
  id: 'example-account-id',
  level: 'warning',
  tags: ['correctness'],
  summary: 'A documentation example account id (111122223333, 123456789012, 444455556666, 000000000000) in a real config.',
  description:
    'These account ids appear in AWS documentation and tutorials. In a real aws-auth ConfigMap they mean a ' +
    'snippet was pasted without being adapted: the mapping matches nobody in your account.',
  check(model, context) {
    const report = (scalar: ScalarNode, start: number, account: string): void => {
      context.report({
        span: substringSpan(scalar, start, start + account.length),
        message: `"${account}" is a documentation example account id: this mapping matches nobody in a real account. Put your account id here.`,
      });
    };
    for (const mapping of model.mappings) {
      const principal = stringScalar(mapping.principal);
      // ARNs match case-insensitively (ARN:AWS:IAM::...): parse an ASCII-lowercased copy, same offsets.
      const arn = principal === undefined ? undefined : parseArn(principal.value.replace(/[A-Z]/g, (c) => c.toLowerCase()));
      if (principal !== undefined && arn !== undefined && EXAMPLE_ACCOUNT_IDS.includes(arn.accountId)) {
        report(principal, arn.offsets.account, arn.accountId);
      }
      // The newer parser reads sso keys case-insensitively (last wins); an unquoted id is a number, still an example.
      const sso = mapping.sso?.kind === 'map' ? [...mapping.sso.entries].reverse().find((e) => e.key.toLowerCase() === 'accountid')?.value : undefined;
      if (sso?.kind === 'scalar' && EXAMPLE_ACCOUNT_IDS.includes(sso.text)) report(sso, 0, sso.text);
    }
    for (const account of model.accounts) {
      if (account.node.kind === 'scalar' && EXAMPLE_ACCOUNT_IDS.includes(account.node.text)) report(account.node, 0, account.node.text);
    }
  },
});
