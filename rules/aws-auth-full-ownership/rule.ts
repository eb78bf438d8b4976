import { stringScalar } from '../../src/aws-auth/identity.js';
import type { AwsAuthConfigMap, Mapping, Model } from '../../src/model.js';
import { defineRule } from '../../src/rule.js';
import { stringValue } from '../../src/source-node.js';

export default defineRule({
  id: 'aws-auth-full-ownership',
  level: 'warning',
  tags: ['lockout'],
  summary:
    'A Terraform kubernetes_config_map or kubernetes_config_map_v1 owns the whole aws-auth ConfigMap without node-role mappings while the same module creates node groups or Fargate profiles.',
  description:
    'EKS adds the node role of every managed node group and the pod execution role of every Fargate profile to aws-auth ' +
    '(username system:node:{{EC2PrivateDNSName}} or system:node:{{SessionName}}, group system:nodes). A kubernetes_config_map ' +
    'or kubernetes_config_map_v1 owns the whole object: each apply writes back only the entries Terraform declares and removes ' +
    'the ones EKS wrote, so the nodes can no longer authenticate and go NotReady. kubernetes_config_map_v1_data manages only its own keys.',
  check(model, context) {
    for (const owner of model.configMapOwners ?? []) {
      if (owner.nodeResources.length === 0) continue;
      const configMap = model.configMaps.find(
        (c) => c.carrier === 'terraform' && c.file === owner.file && c.anchor.startOffset === owner.anchor.startOffset && c.anchor.endOffset === owner.anchor.endOffset,
      );
      if (configMap === undefined || !knownWithoutNodes(configMap, model)) continue;
      const kinds = [...new Set(owner.nodeResources.map((r) => r.type))].join(' and ');
      context.report({
        span: owner.typeSpan,
        message:
          `${owner.type} owns the whole aws-auth ConfigMap but maps no node role (no system:nodes entry), while this module creates ${kinds}: ` +
          `every apply removes the entries EKS writes for its nodes and they go NotReady. Map the node roles here, or use kubernetes_config_map_v1_data (or access entries).`,
        related: owner.nodeResources.map((r) => ({ span: r.span, message: `${r.type} whose aws-auth entry EKS writes` })),
      });
    }
  },
});

/** The mapRoles content is known (or absent) and has no node mapping. */
function knownWithoutNodes(configMap: AwsAuthConfigMap, model: Model): boolean {
  if (configMap.data === undefined && configMap.node.entries.some((e) => e.key === 'data')) return false;
  const roles = configMap.sections.find((s) => s.name === 'mapRoles');
  if (roles !== undefined && roles.content.kind !== 'parsed' && roles.content.kind !== 'empty') return false;
  const root = roles?.content.kind === 'parsed' ? roles.content.root : null;
  // Unknown items (`concat(known, var.more)`) may be the node roles.
  if (root !== null && (root.kind !== 'seq' || root.items.some((i) => i.kind !== 'map'))) return false;
  const mappings = model.mappings.filter((m) => m.section.owner === configMap);
  return !mappings.some(isNodeMapping);
}

function isNodeMapping(mapping: Mapping): boolean {
  if (mapping.principal?.kind === 'opaque' || mapping.username?.kind === 'opaque' || mapping.groups?.kind === 'opaque') return true;
  const username = stringScalar(mapping.username)?.value.trim() ?? '';
  if (username.startsWith('system:node:')) return true;
  const groups = mapping.groups;
  return groups?.kind === 'seq' && groups.items.some((g) => g.kind === 'opaque' || stringValue(g)?.trim() === 'system:nodes');
}
