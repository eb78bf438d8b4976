import { describeMode } from '../../src/cluster/access.js';
import { termsOf } from '../../src/cluster/terms.js';
import { defineRule } from '../../src/rule.js';

export default defineRule({
  id: 'legacy-auth-mode',
  level: 'note',
  tags: ['migration'],
  summary: 'The cluster uses the CONFIG_MAP authentication mode: only aws-auth, no access entries.',
  description:
    'In CONFIG_MAP mode every IAM principal is mapped through the aws-auth ConfigMap, where one bad edit can lock ' +
    'everyone out and the cluster creator stays an invisible system:masters. Access entries, managed through the ' +
    'EKS API, are the supported path: move to API_AND_CONFIG_MAP, migrate the mappings, then to API.',
  check(model, context) {
    for (const cluster of model.clusters) {
      const mode = cluster.authMode;
      // The --auth-mode stand-in has nothing written to point at.
      if (mode.value !== 'CONFIG_MAP' || mode.source === 'flag') continue;
      // eksctl picks CONFIG_MAP itself for Outposts local clusters: not the user's choice.
      if (mode.source === 'default' && cluster.carrier === 'eksctl') continue;
      // The mode is already an error here: access-entries-need-api-mode, unsupported-mode-for-nodes.
      if (cluster.accessEntries.length > 0 || cluster.nodes.hybrid !== undefined || cluster.nodes.autoMode !== undefined) continue;
      const span = mode.node?.span ?? cluster.accessConfigSpan ?? cluster.anchor;
      if (span === undefined) continue;
      // eksctl migrates aws-auth itself; elsewhere the entries are declared like any other resource.
      const how = cluster.carrier === 'eksctl' ? 'eksctl utils migrate-to-access-entry' : termsOf(cluster).accessEntries;
      context.report({
        span,
        message:
          `The cluster is on ${describeMode(cluster)}: it authenticates through the aws-auth ConfigMap only, where a single bad edit ` +
          'drops every mapping and the creator is an invisible, unremovable system:masters. Access entries are the supported path: ' +
          `switch to API_AND_CONFIG_MAP, recreate the mappings as access entries (${how}), then move to API.`,
      });
    }
  },
});
