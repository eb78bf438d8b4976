import { nodeKind } from '../../src/aws-auth/identity.js';
import { defineRule } from '../../src/rule.js';

export default defineRule({
  id: 'no-permissions',
  level: 'note',
  tags: ['correctness'],
  summary: 'An aws-auth entry has no groups: it authenticates and can do almost nothing.',
  description:
    'An entry without groups only gets what the API server gives every authenticated user (system:authenticated). ' +
    'That is right when RBAC binds the username directly; otherwise the mapping lets people log in and then ' +
    'answers Forbidden to everything, which is easy to mistake for an authentication problem.',
  check(model, context) {
    for (const mapping of model.mappings) {
      const groups = mapping.groups;
      const empty = groups === undefined || (groups.kind === 'scalar' && groups.value === null) || (groups.kind === 'seq' && groups.items.length === 0);
      // A node mapping without its groups is node-mapping-shape's finding, with the groups it needs.
      if (!empty || nodeKind(mapping) !== undefined) continue;
      // No groups key: point at the entry's first key. An empty value (`groups:`) already points at its key.
      const span = groups === undefined ? (mapping.node.entries[0]?.keySpan ?? mapping.node.span) : groups.span;
      context.report({
        span,
        message: `This ${mapping.section.label} entry has no groups: it authenticates with only system:authenticated and gets Forbidden unless RBAC binds its username directly. Add the groups its RBAC bindings use.`,
      });
    }
  },
});
