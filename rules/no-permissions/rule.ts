import { nodeKind } from '../../src/aws-auth/identity.js';
import { termsOf } from '../../src/cluster/terms.js';
import type { AccessEntry } from '../../src/model.js';
import { defineRule } from '../../src/rule.js';
import { lastValue, type SourceNode } from '../../src/source-node.js';

export default defineRule({
  id: 'no-permissions',
  level: 'note',
  tags: ['correctness'],
  summary: 'An aws-auth entry has no groups, or a STANDARD access entry has neither groups nor access policies: it authenticates and can do almost nothing.',
  description:
    'An entry without groups only gets what the API server gives every authenticated user (system:authenticated). ' +
    'That is right when RBAC binds the username directly; otherwise the mapping lets people log in and then ' +
    'answers Forbidden to everything, which is easy to mistake for an authentication problem. A STANDARD access ' +
    'entry is the same when it has neither Kubernetes groups nor access policies.',
  check(model, context) {
    for (const mapping of model.mappings) {
      const groups = mapping.groups;
      // A node mapping without its groups is node-mapping-shape's finding, with the groups it needs.
      if (!isEmpty(groups) || nodeKind(mapping) !== undefined) continue;
      // No groups key: point at the entry's first key. An empty value (`groups:`) already points at its key.
      const span = groups === undefined ? (mapping.node.entries[0]?.keySpan ?? mapping.node.span) : groups.span;
      context.report({
        span,
        message: `This ${mapping.section.label} entry has no groups: it authenticates with only system:authenticated and gets Forbidden unless RBAC binds its username directly. Add the groups its RBAC bindings use.`,
      });
    }
    for (const entry of model.accessEntries) {
      const terms = termsOf(entry);
      // A value computed at deploy time (`!If`, `!Ref`) may well grant something: only written emptiness counts.
      if (!isStandard(entry) || !isEmpty(entry.kubernetesGroups) || !isEmpty(lastValue(entry.node, terms.policies))) continue;
      // Terraform associates policies in resources of their own.
      if (entry.policies.length > 0 || entry.policiesIncomplete === true) continue;
      // An entry without a principal is missing-principal's finding.
      if (entry.principal === undefined) continue;
      context.report({
        span: entry.principal.span,
        message:
          `This STANDARD access entry has neither ${terms.groups} nor ${terms.policies}: the principal authenticates with only system:authenticated ` +
          `and gets Forbidden unless RBAC binds its username directly. Associate an access policy (for example AmazonEKSViewPolicy, scoped to the namespaces it needs) ` +
          `or add the ${terms.groups} its RBAC bindings use.`,
      });
    }
  },
});

/** Not written, null, or an empty list: nothing granted. */
function isEmpty(node: SourceNode | undefined): boolean {
  return node === undefined || (node.kind === 'scalar' && node.value === null) || (node.kind === 'seq' && node.items.length === 0);
}

/** STANDARD as written or by omission; eksctl also reads an empty type as STANDARD. Other types are not guessed. */
function isStandard(entry: AccessEntry): boolean {
  const type = entry.type;
  if (type === undefined || (type.kind === 'scalar' && type.value === null)) return true;
  if (type.kind !== 'scalar') return false;
  return type.value === 'STANDARD' || (type.value === '' && entry.carrier === 'eksctl');
}
