import { describeMode } from '../../src/cluster/access.js';
import { apiRefusalOutcome, termsOf } from '../../src/cluster/terms.js';
import type { AccessEntry, Cluster } from '../../src/model.js';
import { defineRule } from '../../src/rule.js';
import { stringValue } from '../../src/source-node.js';

const EKSCTL_ERROR = 'accessConfig.authenticationMode must be set to either API_AND_CONFIG_MAP or API to use access entries';
const API_ERROR = "The cluster's authentication mode must be set to one of [API, API_AND_CONFIG_MAP] to perform this operation.";

export default defineRule({
  id: 'access-entries-need-api-mode',
  level: 'error',
  tags: ['lockout'],
  summary: 'Access entries for a cluster whose authenticationMode is CONFIG_MAP, written or by default.',
  description:
    'In CONFIG_MAP mode the access-entry API is switched off: eksctl refuses the config, and the EKS API rejects every ' +
    'access-entry call, so the principals those entries were meant to let in (admins, CI roles, nodes) have no access. ' +
    'The EKS API, CloudFormation and the raw Terraform resource default to CONFIG_MAP when no mode is given.',
  check(model, context) {
    for (const cluster of model.clusters) {
      const entries = cluster.accessEntries;
      const first = entries[0];
      if (cluster.authMode.value !== 'CONFIG_MAP' || first === undefined) continue;
      const span = cluster.authMode.node?.span ?? cluster.accessConfigSpan ?? cluster.anchor ?? first.node.span;
      context.report({
        span,
        message: messageFor(cluster, first, entries.length),
        related: entries.map((entry) => ({ span: (entry.principal ?? entry.node).span, message: `access entry ${describeEntry(entry)}` })),
      });
    }
  },
});

function describeEntry(entry: AccessEntry): string {
  const principal = stringValue(entry.principal);
  return principal === undefined ? `#${entry.index + 1}` : `for ${principal}`;
}

function messageFor(cluster: Cluster, first: AccessEntry, total: number): string {
  const count = total === 1 ? `an access entry (${describeEntry(first)})` : `${total} access entries`;
  const key = termsOf(cluster).authenticationMode;
  const mode = cluster.authMode.source === 'explicit' ? `${key} "CONFIG_MAP"` : `The mode ${describeMode(cluster)}`;
  const consequence =
    cluster.carrier === 'eksctl' ? `eksctl stops with "${EKSCTL_ERROR}"` : `EKS rejects each access entry with "${API_ERROR}"${apiRefusalOutcome(cluster)}`;
  return (
    `${mode} switches access entries off, but ${cluster.name === undefined ? 'the cluster' : `cluster "${cluster.name}"`} declares ${count}: ${consequence}. ` +
    `Set ${key} to API_AND_CONFIG_MAP (aws-auth keeps working beside the entries) or API, or remove the access entries; ` +
    'an existing CONFIG_MAP cluster must go through API_AND_CONFIG_MAP first (a direct update to API is rejected).'
  );
}
