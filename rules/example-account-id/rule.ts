import { EXAMPLE_ACCOUNT_IDS, parseArn } from '../../src/arn.js';
import { principals } from '../../src/cluster/principals.js';
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
    // Principal ARNs wherever they are written: aws-auth mappings and access entries.
    for (const { scalar } of principals(model)) {
      const arn = parseArn(scalar.value);
      if (arn !== undefined && EXAMPLE_ACCOUNT_IDS.includes(arn.accountId)) report(scalar, arn.offsets.account, arn.accountId);
    }
    for (const mapping of model.mappings) {
      // The newer parser reads sso keys case-insensitively (last wins); an unquoted id is a number, still an example.
      const sso = mapping.sso?.kind === 'map' ? [...mapping.sso.entries].reverse().find((e) => e.key.toLowerCase() === 'accountid')?.value : undefined;
      if (sso?.kind === 'scalar' && EXAMPLE_ACCOUNT_IDS.includes(sso.text)) report(sso, 0, sso.text);
    }
    for (const account of model.accounts) {
      if (account.node.kind === 'scalar' && EXAMPLE_ACCOUNT_IDS.includes(account.node.text)) report(account.node, 0, account.node.text);
    }
  },
});
