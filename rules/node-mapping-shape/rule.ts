import { EC2_NODE_USERNAME, groupNames, nodeKind, SESSION_NODE_USERNAME, stringScalar, usernameOf, type NodeKind } from '../../src/aws-auth/identity.js';
import type { Mapping } from '../../src/model.js';
import { defineRule } from '../../src/rule.js';

interface Shape {
  readonly label: string;
  readonly username: string;
  readonly groups: readonly string[];
}

const SHAPES: Readonly<Record<NodeKind, Shape>> = {
  'ec2-linux': { label: 'an EC2 Linux node role', username: EC2_NODE_USERNAME, groups: ['system:bootstrappers', 'system:nodes'] },
  'ec2-windows': { label: 'an EC2 Windows node role', username: EC2_NODE_USERNAME, groups: ['system:bootstrappers', 'system:nodes', 'eks:kube-proxy-windows'] },
  fargate: { label: 'a Fargate pod execution role', username: SESSION_NODE_USERNAME, groups: ['system:bootstrappers', 'system:nodes', 'system:node-proxier'] },
  hybrid: { label: 'a hybrid nodes role', username: SESSION_NODE_USERNAME, groups: ['system:bootstrappers', 'system:nodes'] },
};

export default defineRule({
  id: 'node-mapping-shape',
  level: 'error',
  tags: ['lockout'],
  summary: 'A node mapping does not have the username and groups its kind of node needs.',
  description:
    'The Kubernetes Node authorizer only serves kubelets whose user is system:node:<node name> and that are in ' +
    'system:nodes; bootstrapping needs system:bootstrappers. EC2 nodes use system:node:{{EC2PrivateDNSName}}; ' +
    'Windows nodes also need eks:kube-proxy-windows; Fargate uses system:node:{{SessionName}} with ' +
    'system:node-proxier; hybrid nodes use system:node:{{SessionName}}. With anything else nodes cannot join or ' +
    'go NotReady.',
  check(model, context) {
    for (const mapping of model.mappings) {
      const kind = nodeKind(mapping);
      if (kind === undefined) continue;
      const shape = SHAPES[kind];
      const username = usernameOf(mapping);
      if (username !== shape.username) {
        context.report({
          span: stringScalar(mapping.username)?.span ?? mapping.node.entries[0]?.keySpan ?? mapping.node.span,
          message: `This looks like ${shape.label} (${evidence(mapping, kind)}), but its username is ${username === undefined ? 'missing' : `"${username}"`}: nodes must be "${shape.username}" or the Node authorizer refuses them. Use username: ${shape.username}.`,
        });
      }
      const groups = groupNames(mapping);
      const missing = shape.groups.filter((g) => !groups.includes(g));
      if (missing.length > 0) {
        context.report({
          span: groupsSpan(mapping),
          message: `${capitalize(shape.label)} needs the groups ${shape.groups.join(', ')}; missing: ${missing.join(', ')}. Without ${missing.includes('eks:kube-proxy-windows') && missing.length === 1 ? 'it, Windows pods lose DNS resolution' : 'them, nodes cannot register and go NotReady'}.`,
        });
      }
    }
  },
});

function evidence(mapping: Mapping, kind: NodeKind): string {
  const groups = groupNames(mapping);
  if (kind === 'fargate' && groups.includes('system:node-proxier')) return 'it has system:node-proxier';
  if (groups.includes('system:nodes')) return 'it is in system:nodes';
  return `its username is "${usernameOf(mapping) ?? ''}"`;
}

function groupsSpan(mapping: Mapping) {
  const key = mapping.node.entries.find((e) => e.key.toLowerCase() === 'groups');
  return key?.keySpan ?? stringScalar(mapping.username)?.span ?? mapping.node.span;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
