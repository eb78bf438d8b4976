import { parseArn, type Arn } from '../../src/arn.js';
import { stringScalar } from '../../src/aws-auth/identity.js';
import { entryType, NODE_ENTRY_TYPES } from '../../src/cluster/access.js';
import { apiRefusalOutcome, termsOf } from '../../src/cluster/terms.js';
import type { AccessEntry } from '../../src/model.js';
import { defineRule, type RelatedLocation } from '../../src/rule.js';

export default defineRule({
  id: 'access-entry-principal',
  level: 'error',
  tags: ['correctness'],
  summary: 'An access entry principal is not an IAM role or user (root, group, federated user, session), is a service-linked role, or is an IAM user on a node-type entry.',
  description:
    'An access entry is created for one IAM role or IAM user, the identity EKS finds when a caller authenticates. ' +
    'The account root, IAM groups, instance profiles and STS federated-user sessions are ' +
    'never that identity, and service-linked roles are excluded by EKS; node-type entries take IAM roles only. ' +
    'EKS rejects such an entry, and the deploy that creates it fails.',
  check(model, context) {
    for (const entry of model.accessEntries) {
      const scalar = stringScalar(entry.principal);
      if (scalar === undefined) continue;
      const text = scalar.value.trim();
      const arn = parseArn(text);
      if (arn === undefined) continue;
      const problem = problemOf(arn, entry);
      if (problem === undefined) continue;
      context.report({
        span: scalar.span,
        message: `${termsOf(entry).principal} "${scalar.value}" ${problem.message}`,
        ...(problem.related === undefined ? {} : { related: [problem.related] }),
      });
    }
  },
});

interface Problem {
  readonly message: string;
  readonly related?: RelatedLocation;
}

/** The role each kind of node authenticates with. */
const NODE_ROLES: Readonly<Record<string, string>> = {
  EC2: 'Auto Mode node role',
  EC2_LINUX: 'node role',
  EC2_WINDOWS: 'node role',
  FARGATE_LINUX: 'pod execution role',
  HYBRID_LINUX: 'Hybrid Nodes IAM role',
  HYPERPOD_LINUX: 'HyperPod execution role',
};

const REJECTED = 'EKS accepts only an IAM role or IAM user as an access entry principal and rejects this one';

function problemOf(arn: Arn, entry: AccessEntry): Problem | undefined {
  const role = (name: string): string => `arn:${arn.partition}:iam::${arn.accountId}:role/${name}`;
  const outcome = apiRefusalOutcome(entry);
  const rejected = `${REJECTED}${outcome}`;
  if (arn.service === 'sts') {
    // Assumed-role (session) ARNs are assumed-role-arn's finding, in access entries as in aws-auth.
    if (arn.kind === 'federated-user') {
      return {
        message: `is an STS federated-user session (GetFederationToken), a temporary identity, not an IAM role or user: ${rejected}. Give these callers a role to assume and create the entry for that role.`,
      };
    }
    return undefined;
  }
  if (arn.service !== 'iam') return undefined;
  switch (arn.kind) {
    case 'root':
      return {
        message: `is the account root, not an IAM role or user: ${rejected}; unlike in IAM policies, "root" does not stand for every principal of the account here. Create an entry for the role your administrators assume, e.g. "${role('NAME')}".`,
      };
    case 'group':
      return {
        message: `is an IAM group: a caller never authenticates as a group, so ${rejected}. Create an entry for a role the group's members may assume, or one per IAM user.`,
      };
    case 'instance-profile':
      return {
        message: `is an instance profile, not a role: ${rejected}. Use the ARN of the IAM role in that instance profile ("${role('ROLE_NAME')}"; its name can differ from the profile's).`,
      };
    case 'role':
      if (arn.path.toLowerCase().startsWith('aws-service-role/')) {
        return {
          message: `is a service-linked role (path /aws-service-role/): EKS does not take service-linked roles as access entry principals and rejects it${outcome}. The service that owns the role sets up its own access; create entries for roles of your own.`,
        };
      }
      return undefined;
    case 'user': {
      const type = entryType(entry);
      if (!NODE_ENTRY_TYPES.includes(type)) return undefined;
      const nodeRole = NODE_ROLES[type] ?? 'node role';
      return {
        message: `is an IAM user, but ${/^[AEIOU]/.test(type) ? 'an' : 'a'} ${type} entry takes IAM roles only: these nodes authenticate with their ${nodeRole}, and EKS rejects a user here${outcome}. Use the ${nodeRole}'s ARN ("${role('ROLE_NAME')}"), or make this a STANDARD entry if the user is a person or tool.`,
        ...(entry.type === undefined ? {} : { related: { span: entry.type.span, message: `the entry type ${type}` } }),
      };
    }
    default:
      return undefined;
  }
}
