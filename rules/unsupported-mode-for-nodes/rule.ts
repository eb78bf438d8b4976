import { describeMode } from '../../src/cluster/access.js';
import { termsOf } from '../../src/cluster/terms.js';
import { defineRule, type RelatedLocation } from '../../src/rule.js';

export default defineRule({
  id: 'unsupported-mode-for-nodes',
  level: 'error',
  tags: ['lockout'],
  summary: 'Hybrid nodes or EKS Auto Mode on a cluster whose authentication mode is CONFIG_MAP.',
  description:
    'Hybrid nodes and EKS Auto Mode nodes join the cluster through access entries (HYBRID_LINUX and EC2), which ' +
    'a CONFIG_MAP cluster does not have. eksctl refuses remoteNetworkConfig on such a cluster, and Auto Mode ' +
    'requires access entries; the cluster\'s mode must be API_AND_CONFIG_MAP or API.',
  check(model, context) {
    for (const cluster of model.clusters) {
      if (cluster.authMode.value !== 'CONFIG_MAP') continue;
      const modeSpan = cluster.authMode.node?.span ?? cluster.accessConfigSpan ?? cluster.anchor;
      const related: RelatedLocation[] = modeSpan === undefined ? [] : [{ span: modeSpan, message: 'the cluster\'s authentication mode' }];
      const mode = describeMode(cluster);
      const t = termsOf(cluster);
      const fix =
        `Set ${t.accessConfig}.${t.authenticationMode} to API_AND_CONFIG_MAP or API (an existing cluster moves from CONFIG_MAP to API_AND_CONFIG_MAP first; the change cannot be undone).`;
      if (cluster.nodes.hybrid !== undefined) {
        const refusal = cluster.carrier === 'eksctl'
          ? 'eksctl stops with: remoteNetworkConfig requires authenticationMode to be either "API_AND_CONFIG_MAP" or "API"'
          : 'EKS supports hybrid nodes only on API or API_AND_CONFIG_MAP clusters';
        context.report({
          span: cluster.nodes.hybrid,
          message:
            `${t.remoteNetworkConfig} declares hybrid nodes, but the cluster is on ${mode}: hybrid nodes join through a HYBRID_LINUX access entry, ` +
            `and ${refusal}. ${fix}`,
          related,
        });
      }
      if (cluster.nodes.autoMode !== undefined) {
        context.report({
          span: cluster.nodes.autoMode,
          message:
            `EKS Auto Mode is enabled, but the cluster is on ${mode}: Auto Mode requires access entries (its nodes join through an EC2 ` +
            `access entry), which a CONFIG_MAP cluster cannot have. ${fix}`,
          related,
        });
      }
    }
  },
});
