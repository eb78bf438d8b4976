import { isAccountId, parseArn } from '../../src/arn.js';
import { stringScalar } from '../../src/aws-auth/identity.js';
import { defineRule } from '../../src/rule.js';
import { substringSpan, type ScalarNode } from '../../src/source-node.js';

export default defineRule({
  id: 'invalid-account-id',
  level: 'error',
  tags: ['lockout'],
  summary: 'An AWS account id (in mapAccounts, an sso block or a principal ARN) is not 12 digits.',
  description:
    'AWS account ids are exactly 12 digits, leading zeros included. The authenticator does not check mapAccounts ' +
    'entries or ARNs: a short id is stored and never matches. An sso accountID that is not 12 digits is rejected ' +
    'and its entry dropped. A lost leading zero (a number where a string was meant) is the usual cause.',
  check(model, context) {
    const report = (node: ScalarNode, start: number, account: string, what: string): void => {
      context.report({
        span: start === 0 && account.length === node.text.length ? node.span : substringSpan(node, start, start + account.length),
        message: `Account id "${account}" in ${what} is not 12 digits (it has ${account.length}${/^\d*$/.test(account) ? '' : ' characters, not all digits'}): it never matches${what === 'an sso block' ? ' and the entry is dropped' : ''}. Use the full 12-digit id${account.length < 12 && /^\d+$/.test(account) ? ' (a lost leading zero?)' : ''}.`,
      });
    };
    for (const account of model.accounts) {
      // An empty item is stored as "" and matches nobody, like no item at all.
      const node = account.node;
      if (node.kind === 'scalar' && node.value !== null && node.text !== '' && !isAccountId(node.text)) report(node, 0, node.text, 'mapAccounts');
    }
    for (const mapping of model.mappings) {
      const principal = stringScalar(mapping.principal);
      const arn = principal === undefined ? undefined : parseArn(principal.value);
      // Placeholders and empty accounts are invalid-arn's; here only numbers of the wrong length.
      if (principal !== undefined && arn !== undefined && /^\d+$/.test(arn.accountId) && !isAccountId(arn.accountId)) {
        report(principal, arn.offsets.account, arn.accountId, 'a principal ARN');
      }
      if (mapping.sso?.kind !== 'map') continue;
      const entry = [...mapping.sso.entries].reverse().find((e) => e.key.toLowerCase() === 'accountid');
      const value = entry?.value;
      if (value?.kind === 'scalar' && value.value !== null && !isAccountId(value.text)) report(value, 0, value.text, 'an sso block');
    }
  },
});

