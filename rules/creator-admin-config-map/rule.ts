import { describeMode } from '../../src/cluster/access.js';
import { apiRefusalOutcome, termsOf } from '../../src/cluster/terms.js';
import { defineRule } from '../../src/rule.js';

const EKS_ERROR = 'bootstrapClusterCreatorAdminPermissions must be true if cluster authentication mode is set to CONFIG_MAP';

export default defineRule({
  id: 'creator-admin-config-map',
  level: 'error',
  tags: ['correctness'],
  summary: 'bootstrapClusterCreatorAdminPermissions is false on a cluster whose authenticationMode is CONFIG_MAP: EKS rejects it at creation.',
  description:
    'With CONFIG_MAP the cluster creator is the only identity that can write the first aws-auth ConfigMap, so EKS ' +
    'refuses to create a CONFIG_MAP cluster without creator admin permissions. The create call fails with ' +
    `InvalidParameterException: ${EKS_ERROR}.`,
  check(model, context) {
    for (const cluster of model.clusters) {
      const { creatorAdmin, authMode } = cluster;
      if (creatorAdmin.value || authMode.value !== 'CONFIG_MAP') continue;
      const span = creatorAdmin.node?.span ?? cluster.accessConfigSpan ?? cluster.anchor;
      if (span === undefined) continue;
      const written = creatorAdmin.node?.kind === 'scalar' ? creatorAdmin.node.text : 'false';
      const { creatorAdmin: creatorKey, authenticationMode: modeKey } = termsOf(cluster);
      const setting =
        creatorAdmin.source === 'explicit'
          ? `${creatorKey}: ${written}${written === 'false' ? '' : ' (read as false)'}`
          : 'Creator admin permissions off (left out, the tool sends false)';
      const mode = authMode.source === 'explicit' ? `${modeKey} CONFIG_MAP` : describeMode(cluster);
      const related = authMode.node === undefined ? [] : [{ span: authMode.node.span, message: `the cluster's ${modeKey} CONFIG_MAP` }];
      context.report({
        span,
        message:
          `${setting} cannot be combined with ${mode}: EKS refuses to create the cluster with "InvalidParameterException: ${EKS_ERROR}"${apiRefusalOutcome(cluster)}. ` +
          `Set ${creatorKey} to true, or choose ${modeKey} API_AND_CONFIG_MAP or API and give an administrator an access entry.`,
        ...(related.length > 0 ? { related } : {}),
      });
    }
  },
});
