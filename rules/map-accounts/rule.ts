import { defineRule } from '../../src/rule.js';

export default defineRule({
  id: 'map-accounts',
  level: 'warning',
  tags: ['security'],
  securitySeverity: '7.0',
  summary: 'mapAccounts admits every IAM principal of an account.',
  description:
    'When no mapRoles or mapUsers entry matches, the authenticator lets in any IAM user or role of an account ' +
    'listed in mapAccounts, with its ARN as username and no groups. Every role in that account, including roles ' +
    'that other accounts or services can assume, can then authenticate and gets whatever RBAC grants to ' +
    'system:authenticated.',
  check(model, context) {
    for (const account of model.accounts) {
      // An empty item admits nobody (the authenticator stores "").
      if (account.node.kind !== 'scalar' || account.node.text.trim() === '') continue;
      context.report({
        span: account.node.span,
        message: `mapAccounts lists "${account.node.text}": every IAM user and role of that account can authenticate (as its ARN, with no groups). Map the specific roles or users under mapRoles/mapUsers instead.`,
      });
    }
  },
});
