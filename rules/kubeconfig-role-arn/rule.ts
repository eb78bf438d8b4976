import { findPlaceholder, isAccountId, parseArn, PARTITIONS } from '../../src/arn.js';
import { eksUsers, valueSpan } from '../../src/kubeconfig/eks-users.js';
import { defineRule } from '../../src/rule.js';

export default defineRule({
  id: 'kubeconfig-role-arn',
  level: 'error',
  tags: ['lockout'],
  summary: 'The role an EKS exec plugin assumes (--role-arn, --role, -r, DEFAULT_ROLE) is not an IAM role ARN: an assumed-role, user or instance-profile ARN, a role name, or a placeholder.',
  description:
    'With a role, aws eks get-token and aws-iam-authenticator first call sts:AssumeRole, which takes only an IAM role ' +
    'ARN (arn:PARTITION:iam::ACCOUNT:role/NAME). An STS assumed-role ARN (copied from aws sts get-caller-identity), a ' +
    'user or instance-profile ARN, a bare role name or an unrendered placeholder makes the call fail, so no token is ' +
    'made and every kubectl command with this user fails.',
  check(model, context) {
    for (const { exec } of eksUsers(model)) {
      const role = exec.roleArn;
      // An empty role means no role, for both plugins.
      if (role === undefined || role.value === '') continue;
      const problem = problemOf(role.value);
      if (problem === undefined) continue;
      context.report({
        span: valueSpan(role, problem.start, problem.end),
        message: `The role to assume, "${role.value}" (${role.via}), ${problem.message}: sts:AssumeRole fails, no token is made and every kubectl command with this user fails.${problem.fix === undefined ? '' : ` ${problem.fix}`}`,
      });
    }
  },
});

interface Problem {
  readonly message: string;
  readonly start?: number;
  readonly end?: number;
  readonly fix?: string;
}

const SHAPE = 'arn:PARTITION:iam::ACCOUNT:role/NAME';
/** An upper-case name with underscores (role/EKS_ADMIN) is a legal IAM name, not a placeholder. */
const UPPER_SNAKE = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;

function problemOf(value: string): Problem | undefined {
  const arn = parseArn(value);
  const placeholder = findPlaceholder(value);
  const legalName = placeholder !== undefined && arn !== undefined && placeholder.start >= arn.offsets.resource && UPPER_SNAKE.test(value.slice(placeholder.start, placeholder.end));
  if (placeholder !== undefined && !legalName) return { message: `contains the unrendered placeholder "${value.slice(placeholder.start, placeholder.end)}"`, ...placeholder };
  const space = /\s/.exec(value);
  if (space !== null) return { message: 'contains whitespace', start: space.index, end: space.index + 1 };
  if (arn === undefined) return { message: 'is not an ARN, and a role name alone is not accepted', fix: `Write the role's ARN: ${SHAPE}.` };
  if (!PARTITIONS.includes(arn.partition)) return { message: `has the unknown partition "${arn.partition}"`, ...at(arn.offsets.partition, arn.partition) };
  if (arn.kind === 'assumed-role') {
    return { message: 'is an STS assumed-role ARN (a session of the role, not the role)', fix: `Use "arn:${arn.partition}:iam::${arn.accountId}:role/${arn.name}".`, ...at(arn.offsets.service, value.slice(arn.offsets.service)) };
  }
  const resource = at(arn.offsets.resource, arn.resource);
  if (arn.service !== 'iam') return { message: `names the service "${arn.service}"; a role ARN is ${SHAPE}`, ...at(arn.offsets.service, arn.service) };
  if (arn.kind === 'user') return { message: 'is an IAM user ARN, and only roles can be assumed', ...resource };
  if (arn.kind === 'instance-profile') return { message: 'is an instance profile ARN', fix: "Use the ARN of the profile's role.", ...resource };
  if (arn.kind !== 'role' || arn.name === '') return { message: `has the resource "${arn.resource}"; a role ARN is ${SHAPE}`, ...resource };
  if (arn.region !== '') return { message: `has the region "${arn.region}"; IAM ARNs have none`, ...at(arn.offsets.service + arn.service.length + 1, arn.region) };
  if (!isAccountId(arn.accountId)) return { message: `has "${arn.accountId}" where the 12-digit account id belongs`, ...at(arn.offsets.account, arn.accountId) };
  return undefined;
}

function at(start: number, text: string): { start: number; end: number } {
  return { start, end: start + text.length };
}
