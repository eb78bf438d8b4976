import { findPlaceholder, parseArn, PARTITIONS, type Arn } from '../../src/arn.js';
import { stringScalar } from '../../src/aws-auth/identity.js';
import type { Mapping } from '../../src/model.js';
import { defineRule } from '../../src/rule.js';
import { substringSpan } from '../../src/source-node.js';

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
      // An empty ARN is missing-principal's.
      if (scalar === undefined || scalar.value === '') continue;
      const problem = problemOf(scalar.value, mapping);
      if (problem === undefined) continue;
      const field = mapping.principalKey;
      context.report({
        span: problem.start === undefined ? scalar.span : substringSpan(scalar, problem.start, problem.end ?? problem.start + 1),
        message: `${field} "${scalar.value}" ${problem.message}${problem.matches === true ? '.' : ', so this mapping never matches.'}`,
      });
    }
  },
});

interface Problem {
  readonly message: string;
  readonly start?: number;
  readonly end?: number;
  /** The authenticator would still match it (string comparison): the message must not say otherwise. */
  readonly matches?: boolean;
}

const UPPER_SNAKE = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;

function problemOf(value: string, mapping: Mapping): Problem | undefined {
  // Matching is case-insensitive (Go EqualFold), so check the structure of an ASCII-lowercased copy:
  // same length, same offsets. Messages quote the text as written.
  const arn = parseArn(value.replace(/[A-Z]/g, (c) => c.toLowerCase()));
  const written = (start: number, length: number): string => value.slice(start, start + length);
  const placeholder = findPlaceholder(value);
  // An upper-case name with underscores (role/EKS_ADMIN) is a legal IAM name, not a placeholder.
  const legalName = placeholder !== undefined && arn !== undefined && placeholder.start >= arn.offsets.resource && UPPER_SNAKE.test(value.slice(placeholder.start, placeholder.end));
  if (placeholder !== undefined && !legalName) {
    return { message: `contains the unrendered placeholder "${value.slice(placeholder.start, placeholder.end)}"`, ...placeholder };
  }
  const space = /\s/.exec(value);
  if (space !== null) return { message: 'contains whitespace (the comparison keeps it)', start: space.index, end: space.index + 1 };
  if (arn === undefined) {
    const parts = value.split(':').length;
    return /^arn:/i.test(value)
      ? { message: `has ${parts} colon-separated parts instead of 6 (arn:PARTITION:iam::ACCOUNT:role/NAME)` }
      : { message: 'is not an ARN (expected arn:PARTITION:iam::ACCOUNT:role/NAME)' };
  }
  if (!PARTITIONS.includes(arn.partition)) {
    return { message: `has the unknown partition "${written(arn.offsets.partition, arn.partition.length)}" (known: ${PARTITIONS.join(', ')})`, ...part(arn.offsets.partition, arn.partition) };
  }
  if (arn.kind === 'assumed-role') return undefined; // assumed-role-arn explains this one
  if (arn.service === 'sts' && arn.kind === 'federated-user') {
    if (mapping.kind === 'user') return undefined;
    return {
      message: 'is an STS federated-user ARN under mapRoles: it is not a role. The string comparison still matches it, but readers and tools take mapRoles entries for roles; move it to mapUsers as userarn',
      matches: true,
      ...part(arn.offsets.service, arn.service),
    };
  }
  if (arn.service !== 'iam') {
    return { message: `names the service "${written(arn.offsets.service, arn.service.length)}" instead of "iam"`, ...part(arn.offsets.service, arn.service) };
  }
  if (arn.region !== '') {
    return { message: `has the region "${written(regionOffset(arn), arn.region.length)}"; IAM ARNs have none`, ...part(regionOffset(arn), arn.region) };
  }
  if (arn.accountId === '') return { message: 'has no account id (often a failed interpolation)', start: arn.offsets.account - 1, end: arn.offsets.account + 1 };
  // Wrong-length numbers are invalid-account-id's.
  if (!/^\d+$/.test(arn.accountId)) {
    return { message: `has "${written(arn.offsets.account, arn.accountId.length)}" where the 12-digit account id belongs`, ...part(arn.offsets.account, arn.accountId) };
  }
  const wildcard = /[*?]/.exec(arn.resource);
  if (wildcard !== null) {
    const at = arn.offsets.resource + wildcard.index;
    return { message: 'contains a wildcard; aws-auth has no wildcard matching', start: at, end: at + 1 };
  }
  const resource = { start: arn.offsets.resource, end: value.length };
  if (arn.kind === 'instance-profile') return { message: 'is an instance profile ARN; map the node IAM role (role/NAME) instead', ...resource };
  if (arn.kind === 'group') return { message: 'is an IAM group ARN; groups never authenticate, map the role or users instead', ...resource };
  if (arn.kind === 'other' || (arn.kind !== 'root' && arn.name === '')) {
    return { message: `has the resource "${value.slice(arn.offsets.resource)}"; expected role/NAME, user/NAME or root`, ...resource };
  }
  return undefined;
}

function part(start: number, text: string): { start: number; end: number } {
  return { start, end: start + text.length };
}

function regionOffset(arn: Arn): number {
  return arn.offsets.service + arn.service.length + 1;
}
