import { EC2_NODE_USERNAME, groupNames, nodeKind, principalName, SESSION_NODE_USERNAME, usernameOf, type NodeKind } from '../../src/aws-auth/identity.js';
import type { Mapping } from '../../src/model.js';
import { defineRule } from '../../src/rule.js';
import type { Span } from '../../src/span.js';

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
        const written = username === undefined ? (mapping.username === undefined ? 'missing' : 'not a string') : `"${username}"`;
        context.report({
          span: usernameSpan(mapping),
          message: `This looks like ${shape.label} (${evidence(mapping, kind)}), but its username is ${written}: nodes must be "${shape.username}" or the Node authorizer refuses them. Use username: ${shape.username}.`,
        });
      }
      const groups = groupNames(mapping);
      const missing = shape.groups.filter((g) => !groups.includes(g));
      if (missing.length > 0) {
        context.report({
          span: groupsSpan(mapping),
          message: `${capitalize(shape.label)} needs the groups ${shape.groups.join(', ')}; missing: ${missing.join(', ')}. ${consequence(missing)}`,
        });
      }
    }
  },
});

function evidence(mapping: Mapping, kind: NodeKind): string {
  const groups = groupNames(mapping);
  const name = principalName(mapping).toLowerCase();
  if (mapping.declaredNodeKind !== undefined) {
    return mapping.declaredNodeKind === 'fargate' ? 'the cluster runs a Fargate profile with this role' : `the cluster runs a ${kind === 'ec2-windows' ? 'Windows ' : ''}node group with this instance role`;
  }
  if (kind === 'fargate') return groups.includes('system:node-proxier') ? 'it has system:node-proxier' : 'its role name says Fargate';
  if (kind === 'hybrid') return name.includes('hybrid') ? 'its role name contains "hybrid"' : `its username is "${SESSION_NODE_USERNAME}"`;
  if (kind === 'ec2-windows') return name.includes('windows') ? 'its role name contains "windows"' : 'it has eks:kube-proxy-windows';
  if (groups.includes('system:nodes') && groups.includes('system:bootstrappers')) return 'it has system:bootstrappers and system:nodes';
  if (groups.includes('system:nodes')) return 'it is in system:nodes and its role name looks like a node role';
  return `its username is "${usernameOf(mapping) ?? ''}"`;
}

function consequence(missing: readonly string[]): string {
  const nodeGroups = missing.filter((g) => g === 'system:bootstrappers' || g === 'system:nodes');
  if (nodeGroups.length > 0) return 'Without them, nodes cannot register and go NotReady.';
  if (missing.includes('system:node-proxier')) return 'Without it, kube-proxy on Fargate nodes lacks its permissions and pods of the Fargate profile do not start.';
  return 'Without it, kube-proxy on Windows nodes lacks its permissions and Windows pods lose DNS resolution.';
}

function fieldKey(mapping: Mapping, key: string): Span | undefined {
  return mapping.node.entries.findLast((e) => e.key.toLowerCase() === key)?.keySpan;
}

/** The username value; its key when the value is empty (`username:`); the entry's first key when it is missing. */
function usernameSpan(mapping: Mapping): Span {
  const value = mapping.username;
  if (value !== undefined && value.span.startOffset < value.span.endOffset) return value.span;
  return fieldKey(mapping, 'username') ?? mapping.node.entries[0]?.keySpan ?? mapping.node.span;
}

function groupsSpan(mapping: Mapping): Span {
  return fieldKey(mapping, 'groups') ?? usernameSpan(mapping);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
