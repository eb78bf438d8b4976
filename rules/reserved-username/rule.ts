import { EC2_NODE_USERNAME, SESSION_NODE_USERNAME, stringScalar } from '../../src/aws-auth/identity.js';
import { entryType, NODE_ENTRY_TYPES } from '../../src/cluster/access.js';
import { termsOf } from '../../src/cluster/terms.js';
import { defineRule } from '../../src/rule.js';

const RESERVED_PREFIXES = ['system:', 'eks:', 'aws:', 'amazon:', 'iam:'];

export default defineRule({
  id: 'reserved-username',
  level: 'warning',
  tags: ['security'],
  securitySeverity: '5.5',
  summary: 'A username starts with a reserved prefix (system:, eks:, aws:, amazon:, iam:).',
  description:
    'Names under system: belong to Kubernetes components (system:kube-scheduler, system:serviceaccount:...), and ' +
    'eks:, aws:, amazon: and iam: to EKS and AWS. A person or tool mapped to such a name impersonates that ' +
    'component, gets its RBAC bindings and hides in audit logs. Access entries reject these names outright. ' +
    'The node patterns system:node:{{EC2PrivateDNSName}} and system:node:{{SessionName}} are expected.',
  check(model, context) {
    for (const mapping of model.mappings) {
      const username = stringScalar(mapping.username);
      if (username === undefined) continue;
      const value = username.value;
      if (value === EC2_NODE_USERNAME || value === SESSION_NODE_USERNAME) continue;
      const prefix = RESERVED_PREFIXES.find((p) => value.toLowerCase().startsWith(p));
      if (prefix === undefined) continue;
      const written = value.slice(0, prefix.length);
      const segments = value.slice(prefix.length).replace(/\{\{[^{}]*\}\}/g, '').split(':').filter((x) => x !== '');
      const name = (segments.at(-1) ?? '').replace(/[-_.]+$/, '') || 'admin';
      const suggestion = mapping.kind === 'role' ? `${name}:{{SessionName}}` : name;
      context.report({
        span: username.span,
        message: `username "${value}" ${written === prefix ? 'uses' : 'looks like'} the reserved prefix "${prefix}": the caller ${prefix === 'system:' ? 'impersonates a Kubernetes system identity' : 'poses as an EKS/AWS identity'}, gets whatever RBAC grants that name and is hard to tell apart in audit logs (access entries reject such names). Use a name of your own, e.g. "${suggestion}".`,
      });
    }
    // The access entries API refuses these names outright, so there it is an error.
    for (const entry of model.accessEntries) {
      // A node-type entry takes no username at all: node-entry-fields reports it, whatever it says.
      if (NODE_ENTRY_TYPES.includes(entryType(entry))) continue;
      const username = stringScalar(entry.username);
      const prefix = username === undefined ? undefined : RESERVED_PREFIXES.find((p) => username.value.startsWith(p));
      if (username === undefined || prefix === undefined) continue;
      context.report({
        span: username.span,
        level: 'error',
        message: `${termsOf(entry).username} "${username.value}" starts with "${prefix}": the access entries API rejects it ("The username must not begin with ${prefix}"), so the entry is not created${entry.carrier === 'cloudformation' ? ' and the stack rolls back' : ''}. Leave the username unset (EKS derives one from the ARN) or use a name of your own.`,
      });
    }
  },
});
