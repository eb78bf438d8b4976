import { findPlaceholder, parseArn, PARTITIONS } from '../../src/arn.js';
import { stringScalar } from '../../src/aws-auth/identity.js';
import type { Mapping } from '../../src/model.js';
import { defineRule } from '../../src/rule.js';
import { substringSpan, type ScalarNode } from '../../src/source-node.js';

export default defineRule({
  id: 'invalid-arn',
  level: 'error',
  tags: ['lockout'],
  summary: 'A principal ARN can never match: malformed, unknown partition, wrong service or resource, whitespace, wildcards or an unrendered placeholder.',
  description:
    'The authenticator does not validate ARNs: it stores whatever is written and compares it with the caller\'s ' +
    'canonical ARN, case-insensitively and as a whole string. A malformed ARN, a missing or placeholder account, ' +
    'a region, an instance-profile or group ARN, a wildcard (there is no wildcard matching) or a stray space is ' +
    'accepted silently and matches nobody.',
  check(model, context) {
    for (const mapping of model.mappings) {
      const scalar = stringScalar(mapping.principal);
      if (scalar === undefined) continue;
      const problem = problemOf(scalar.value, mapping);
      if (problem === undefined) continue;
      context.report({
        span: problem.start === undefined ? scalar.span : substringSpan(scalar as ScalarNode, problem.start, problem.end ?? problem.start + 1),
        message: `${mapping.kind === 'role' ? 'rolearn' : 'userarn'} "${scalar.value}" ${problem.message}, so this mapping never matches.`,
      });
    }
  },
});

interface Problem {
  readonly message: string;
  readonly start?: number;
  readonly end?: number;
}

function problemOf(value: string, mapping: Mapping): Problem | undefined {
  const space = /\s/.exec(value);
  if (space !== null) return { message: 'contains whitespace (the comparison keeps it)', start: space.index, end: space.index + 1 };
  const placeholder = findPlaceholder(value);
  if (placeholder !== undefined) {
    return { message: `contains the unrendered placeholder "${value.slice(placeholder.start, placeholder.end)}"`, ...placeholder };
  }
  const arn = parseArn(value);
  if (arn === undefined) return { message: 'is not an ARN (expected arn:PARTITION:iam::ACCOUNT:role/NAME)' };
  if (!PARTITIONS.includes(arn.partition)) {
    return { message: `has the unknown partition "${arn.partition}" (known: ${PARTITIONS.join(', ')})`, start: arn.offsets.partition, end: arn.offsets.partition + arn.partition.length };
  }
  const federated = arn.service === 'sts' && arn.kind === 'federated-user' && mapping.kind === 'user';
  if (arn.kind === 'assumed-role') return undefined; // assumed-role-arn explains this one
  if (arn.service !== 'iam' && !federated) {
    return { message: `names the service "${arn.service}" instead of "iam"`, start: arn.offsets.service, end: arn.offsets.service + arn.service.length };
  }
  if (arn.region !== '') return { message: `has the region "${arn.region}"; IAM ARNs have none` };
  if (arn.accountId === '') return { message: 'has no account id (often a failed interpolation)', start: arn.offsets.account - 1, end: arn.offsets.account + 1 };
  if (!/^\d+$/.test(arn.accountId)) {
    return { message: `has "${arn.accountId}" where the 12-digit account id belongs`, start: arn.offsets.account, end: arn.offsets.account + arn.accountId.length };
  }
  const wildcard = /[*?]/.exec(arn.resource);
  if (wildcard !== null) {
    const at = arn.offsets.resource + wildcard.index;
    return { message: 'contains a wildcard; aws-auth has no wildcard matching', start: at, end: at + 1 };
  }
  const resourceSpan = { start: arn.offsets.resource, end: value.length };
  if (arn.kind === 'instance-profile') return { message: 'is an instance profile ARN; map the node IAM role (role/NAME) instead', ...resourceSpan };
  if (arn.kind === 'group') return { message: 'is an IAM group ARN; groups never authenticate, map the role or users instead', ...resourceSpan };
  if (arn.kind === 'other' || (arn.kind !== 'root' && arn.name === '')) {
    return { message: `has the resource "${arn.resource}"; expected role/NAME, user/NAME or root`, ...resourceSpan };
  }
  return undefined;
}
