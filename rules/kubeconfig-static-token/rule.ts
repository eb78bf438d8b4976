import { defineRule } from '../../src/rule.js';

export default defineRule({
  id: 'kubeconfig-static-token',
  level: 'error',
  tags: ['security'],
  securitySeverity: '7.5',
  summary: 'A kubeconfig user has a static token: an EKS bearer token (k8s-aws-v1.), or any token in a committed kubeconfig.',
  description:
    'A static token is a credential in a file. An EKS token (k8s-aws-v1. followed by a pre-signed STS URL) lets anyone who ' +
    'holds it act as that IAM identity for 15 minutes, then every request is Unauthorized ("X-Amz-Date parameter is ' +
    'expired"); it also discloses the access key id. Any other token in a kubeconfig kept in a repository is a ' +
    'long-lived secret shared with everyone who can read it. Use an exec plugin (aws eks get-token) instead. ' +
    'Findings show where the token is and what kind it is, never its value.',
  check(model, context) {
    for (const kubeconfig of model.kubeconfigs) {
      for (const user of kubeconfig.users) {
        const token = user.token;
        if (token === undefined) continue;
        const who = `User "${user.name?.value ?? `users[${user.index}]`}"`;
        if (token.kind === 'eks') {
          context.report({
            span: token.span,
            message:
              `${who} has a static EKS bearer token (k8s-aws-v1.…, value not shown): it works for 15 minutes after it was signed, ` +
              'then the cluster answers Unauthorized ("X-Amz-Date parameter is expired"), and until then anyone who reads this file ' +
              'can act as that IAM identity. Remove it and use an exec plugin that fetches a fresh token (aws eks get-token); ' +
              'treat the token as leaked.',
          });
        } else if (token.kind === 'other' && kubeconfig.origin === 'repository') {
          context.report({
            span: token.span,
            message:
              `${who} has a static bearer token (value not shown) in a kubeconfig kept with the repository: a credential in a ` +
              'file that everyone with read access holds. Remove it, revoke it, and use an exec plugin (aws eks get-token) or a ' +
              'token supplied at run time.',
          });
        }
      }
    }
  },
});
