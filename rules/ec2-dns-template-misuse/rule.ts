import { groupNames, groupScalars, nodeKind, stringScalar, templateTokens } from '../../src/aws-auth/identity.js';
import type { Mapping } from '../../src/model.js';
import { defineRule } from '../../src/rule.js';
import { substringSpan } from '../../src/source-node.js';

const TOKEN = '{{EC2PrivateDNSName}}';

export default defineRule({
  id: 'ec2-dns-template-misuse',
  level: 'error',
  tags: ['lockout'],
  summary: '{{EC2PrivateDNSName}} is used in a mapping that is not an EC2 node role.',
  description:
    'The authenticator renders {{EC2PrivateDNSName}} by reading an EC2 instance id from the session name. IAM ' +
    'users have no session; Fargate, hybrid nodes and people assuming a role have session names that are not ' +
    'instance ids. Rendering then fails ("SessionName did not contain an instance id") and the request is denied, ' +
    'with no fallback to other mappings.',
  check(model, context) {
    for (const mapping of model.mappings) {
      const reason = misuse(mapping);
      if (reason === undefined) continue;
      for (const scalar of [stringScalar(mapping.username), ...groupScalars(mapping)]) {
        if (scalar === undefined) continue;
        for (const token of templateTokens(scalar.value)) {
          if (token.text !== TOKEN) continue;
          context.report({
            span: substringSpan(scalar, token.start, token.end),
            message: `${TOKEN} in ${reason}: rendering fails ("SessionName did not contain an instance id") and every request with this identity is denied. Use a fixed prefix with {{SessionName}}, e.g. "name:{{SessionName}}".`,
          });
        }
      }
    }
  },
});

function misuse(mapping: Mapping): string | undefined {
  if (mapping.kind === 'user') return 'a mapUsers entry (IAM users have no session)';
  const kind = nodeKind(mapping);
  if (kind === 'fargate') return 'a Fargate pod execution role mapping (use system:node:{{SessionName}})';
  if (kind === 'hybrid') return 'a hybrid nodes role mapping (use system:node:{{SessionName}})';
  if (kind === undefined && !groupNames(mapping).includes('system:nodes')) return 'a mapping that is not an EC2 node role';
  return undefined;
}
