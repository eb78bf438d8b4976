import { AUTO_NODE_POLICY, NODE_ENTRY_TYPES, policyName } from '../../src/cluster/access.js';
import { apiRefusalOutcome, termsOf } from '../../src/cluster/terms.js';
import type { AccessEntry } from '../../src/model.js';
import { defineRule } from '../../src/rule.js';
import { lastEntry, type SourceNode } from '../../src/source-node.js';
import type { Span } from '../../src/span.js';

/** Node types eksctl checks itself; it passes EC2 (Auto Mode) through and refuses HYPERPOD_LINUX as a type. */
const EKSCTL_RESTRICTED: readonly string[] = ['EC2_LINUX', 'EC2_WINDOWS', 'FARGATE_LINUX', 'HYBRID_LINUX'];

/** The username EKS gives each node type. */
const NODE_USERNAMES: Readonly<Record<string, string>> = {
  EC2_LINUX: 'system:node:{{EC2PrivateDNSName}}',
  EC2_WINDOWS: 'system:node:{{EC2PrivateDNSName}}',
  FARGATE_LINUX: 'system:node:{{SessionName}}',
  HYBRID_LINUX: 'system:node:{{SessionName}}',
};

export default defineRule({
  id: 'node-entry-fields',
  level: 'error',
  tags: ['correctness'],
  summary: 'A node-type access entry sets kubernetesGroups, a username or access policies (EC2 for Auto Mode may take only AmazonEKSAutoNodePolicy).',
  description:
    'For node types (EC2_LINUX, EC2_WINDOWS, FARGATE_LINUX, HYBRID_LINUX, HYPERPOD_LINUX, and EC2 for EKS Auto Mode) ' +
    'EKS sets the username and the node groups itself. Groups, a username or access policies on such an entry are ' +
    'refused: eksctl stops before creating anything, and the EKS API answers that policies can only be associated ' +
    'with STANDARD entries. The one exception is AmazonEKSAutoNodePolicy on an EC2 entry. For HYPERPOD_LINUX AWS ' +
    'documents none of these fields, so a refusal there is likely rather than documented.',
  check(model, context) {
    for (const entry of model.accessEntries) {
      const typeNode = entry.type;
      if (typeNode?.kind !== 'scalar' || typeof typeNode.value !== 'string' || !NODE_ENTRY_TYPES.includes(typeNode.value)) continue;
      const type = typeNode.value;
      const eksctl = entry.carrier === 'eksctl';
      // eksctl refuses the type itself (access-entry-type reports it): its fields never reach EKS.
      if (eksctl && type === 'HYPERPOD_LINUX') continue;
      const terms = termsOf(entry);
      const where = `accessEntries[${entry.index}]`;
      const related = [{ span: typeNode.span, message: `the entry type ${type}` }];
      const entryName = type === 'EC2' ? 'an EC2 (EKS Auto Mode node) entry' : `${/^[AEIOU]/.test(type) ? 'an' : 'a'} ${type} entry`;
      for (const [noun, field, value] of [['groups', terms.groups, entry.kubernetesGroups], ['username', terms.username, entry.username]] as const) {
        if (!isSet(value)) continue;
        const given = NODE_USERNAMES[type];
        const identity = given === undefined ? 'sets the identity of these nodes itself' : `names these nodes ${given} and puts them in the node groups itself`;
        let outcome: string;
        if (eksctl && EKSCTL_RESTRICTED.includes(type)) {
          outcome = `eksctl refuses the file (cannot specify ${where}.kubernetesGroups nor ${where}.kubernetesUsername when type is set to ${type}); EKS ${identity}`;
        } else if (type === 'HYPERPOD_LINUX') {
          // AWS documents neither groups nor a username for this type: say what is known, not more.
          outcome = `AWS does not document whether HyperPod node entries take ${noun === 'groups' ? 'groups' : 'a username'}; EC2_LINUX, EC2_WINDOWS, FARGATE_LINUX and HYBRID_LINUX entries refuse ${noun === 'groups' ? 'them' : 'one'} because EKS sets the identity of nodes itself, so the EKS API likely rejects this entry too`;
        } else if (type === 'EC2') {
          outcome = `EKS sets the identity of Auto Mode nodes itself and documents no ${noun} for this type${eksctl ? '; eksctl does not check EC2 entries, so this goes to EKS as written' : ''}, and ${noun === 'groups' ? 'any group here would apply to every node' : 'a username here would replace the nodes\' own'}`;
        } else {
          outcome = `node entries take no ${noun}: EKS ${identity}, and the EKS API rejects the entry${apiRefusalOutcome(entry)}`;
        }
        context.report({
          span: keySpan(entry, field) ?? value.span,
          message: `${field} on ${entryName}: ${outcome}. Remove ${field}; for a person or tool, use a separate STANDARD entry.`,
          related,
        });
      }
      if (entry.policies.length === 0) continue;
      if (type === 'EC2') {
        // Auto Mode node roles need AmazonEKSAutoNodePolicy and nothing else. A policy without an ARN is access-policy-arn's.
        for (const policy of entry.policies) {
          if (policy.arn === undefined || policy.arn.kind === 'opaque') continue;
          const name = policyName(policy);
          if (name === AUTO_NODE_POLICY) continue;
          const shown = name ?? (policy.arn.kind === 'scalar' ? `"${String(policy.arn.value)}"` : 'here');
          context.report({
            span: policy.arn.span,
            message: `access policy ${shown} on ${entryName}: such an entry takes only ${AUTO_NODE_POLICY}${eksctl ? '; eksctl does not check EC2 entries, so this goes to EKS as written' : ''}, and any other policy would apply to every Auto Mode node. Remove it; grant people or tools access through a STANDARD entry.`,
            related,
          });
        }
        continue;
      }
      const outcome = eksctl && EKSCTL_RESTRICTED.includes(type)
        ? `eksctl refuses the file (cannot specify ${where}.accessPolicies when type is set to ${type})`
        : type === 'HYPERPOD_LINUX'
          ? 'AWS documents no access policies for HyperPod node entries (the AWS CDK documentation says they cannot have any), and the EKS API refuses policies on the other node types ("This operation can only be performed on Access Entries with a type of "STANDARD""), so it likely refuses these too'
          : `the EKS API answers: This operation can only be performed on Access Entries with a type of "STANDARD"${apiRefusalOutcome(entry)}`;
      context.report({
        span: keySpan(entry, terms.policies) ?? entry.node.span,
        message: `${terms.policies} on ${entryName}: ${outcome}. Nodes get their permissions from the node groups EKS assigns; remove ${terms.policies}.`,
        related,
      });
    }
  },
});

/** Written with content: an empty list, empty string or null is what eksctl and EKS treat as unset. */
function isSet(node: SourceNode | undefined): node is SourceNode {
  if (node === undefined || node.kind === 'opaque') return false;
  if (node.kind === 'seq') return node.items.length > 0;
  if (node.kind === 'map') return true;
  return node.value !== null && node.value !== '';
}

function keySpan(entry: AccessEntry, key: string): Span | undefined {
  return lastEntry(entry.node, key)?.keySpan;
}
