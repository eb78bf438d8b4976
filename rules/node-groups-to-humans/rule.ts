import { groupScalars, nodeKind, usernameOf } from '../../src/aws-auth/identity.js';
import { defineRule } from '../../src/rule.js';

const NODE_GROUPS = ['system:nodes', 'system:bootstrappers'];

export default defineRule({
  id: 'node-groups-to-humans',
  level: 'warning',
  tags: ['security'],
  securitySeverity: '6.0',
  summary: 'system:nodes or system:bootstrappers is given to a mapping that is not a node.',
  description:
    'These groups carry what kubelets need: creating node objects and certificate requests, reading secrets of ' +
    'pods scheduled to a node. Given to a person or a CI role, they grant node-level powers that RBAC reviews do ' +
    'not show, and with a username outside system:node: the Node authorizer does not even apply its limits.',
  check(model, context) {
    for (const mapping of model.mappings) {
      if (nodeKind(mapping) !== undefined) continue;
      for (const group of groupScalars(mapping)) {
        if (!NODE_GROUPS.includes(group.value)) continue;
        context.report({
          span: group.span,
          message: `"${group.value}" is a node group, but this ${mapping.kind === 'user' ? 'mapUsers entry' : 'mapping'} (username ${JSON.stringify(usernameOf(mapping) ?? '')}) is not a node: it gives ${group.value === 'system:bootstrappers' ? 'node bootstrap rights (node certificate requests)' : 'kubelet rights'} to whoever authenticates as this principal. Remove the group; if this is a node role, use the full node mapping (username system:node:{{EC2PrivateDNSName}} with system:bootstrappers and system:nodes).`,
        });
      }
    }
  },
});
