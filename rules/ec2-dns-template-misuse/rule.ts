import { groupNames, groupScalars, nodeKind, sessionlessCaller, stringScalar, templateTokens } from '../../src/aws-auth/identity.js';
import type { Mapping } from '../../src/model.js';
import { defineRule } from '../../src/rule.js';
import type { StringScalar } from '../../src/source-node.js';
import { substringSpan } from '../../src/source-node.js';

const TOKEN = '{{EC2PrivateDNSName}}';

interface Misuse {
  readonly where: string;
  /** What to write instead in the username. */
  readonly fix: string;
}

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
      const misuse = misuseOf(mapping);
      if (misuse === undefined) continue;
      const username = stringScalar(mapping.username);
      const scalars: [StringScalar, string][] = groupScalars(mapping).map((g) => [g, 'Use fixed group names.']);
      if (username !== undefined) scalars.unshift([username, misuse.fix]);
      for (const [scalar, fix] of scalars) {
        for (const token of templateTokens(scalar.value)) {
          if (token.text !== TOKEN) continue;
          context.report({
            span: substringSpan(scalar, token.start, token.end),
            message: `${TOKEN} in ${misuse.where}: rendering fails ("SessionName did not contain an instance id") and every request with this identity is denied. ${fix}`,
          });
        }
      }
    }
  },
});

function misuseOf(mapping: Mapping): Misuse | undefined {
  const caller = sessionlessCaller(mapping);
  if (caller !== undefined) return { where: `the mapping of ${caller}, which has no role session`, fix: 'Use a fixed username, such as the user\'s own name.' };
  const kind = nodeKind(mapping);
  const nodeFix = 'Use username: system:node:{{SessionName}}.';
  if (kind === 'fargate') return { where: 'a Fargate pod execution role mapping', fix: nodeFix };
  if (kind === 'hybrid') return { where: 'a hybrid nodes role mapping', fix: nodeFix };
  if (kind === undefined && !groupNames(mapping).includes('system:nodes')) {
    return { where: 'a mapping that is not an EC2 node role', fix: 'Use a fixed prefix ending in ":" with {{SessionName}}, e.g. "name:{{SessionName}}".' };
  }
  return undefined;
}
