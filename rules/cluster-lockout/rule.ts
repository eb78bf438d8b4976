import { groupNames, stringScalar } from '../../src/aws-auth/identity.js';
import { mappingsOfCluster, policyName, scopeOf } from '../../src/cluster/access.js';
import { termsOf } from '../../src/cluster/terms.js';
import { AUTH_MODES, type AccessEntry, type AuthMode, type Cluster, type Mapping } from '../../src/model.js';
import { defineRule, type RelatedLocation } from '../../src/rule.js';
import { stringValue } from '../../src/source-node.js';

export default defineRule({
  id: 'cluster-lockout',
  level: 'error',
  tags: ['lockout'],
  summary: 'No principal can administer the cluster: creator admin is off, and no admin access entry or system:masters mapping takes its place.',
  description:
    'With bootstrapClusterCreatorAdminPermissions false, EKS gives the principal that creates the cluster no ' +
    'access at all. Unless an access entry with AmazonEKSClusterAdminPolicy at cluster scope, or (in a mode that ' +
    'reads aws-auth) a system:masters mapping, names someone else, nobody can manage the cluster from Kubernetes: ' +
    'not even to add the access that is missing. The setting cannot be changed after creation.',
  check(model, context) {
    for (const cluster of model.clusters) {
      const creatorAdmin = cluster.creatorAdmin;
      if (creatorAdmin.source !== 'explicit' || creatorAdmin.value || creatorAdmin.node === undefined) continue;
      const mode = modeOf(cluster);
      if (mode === undefined) continue; // auth-mode-value's business: which store counts is unknown.
      // EKS refuses false with CONFIG_MAP at creation: creator-admin-config-map reports that, with EKS's error.
      if (mode === 'CONFIG_MAP') continue;
      const readsAwsAuth = mode !== 'API';
      if (model.accessEntries.some((e) => e.cluster === cluster && grantsClusterAdmin(e))) continue;
      // An admin entry whose ClusterName names no cluster of its template (a parameter, an import) may be this cluster's: do not guess.
      if (model.accessEntries.some((e) => e.cluster === undefined && grantsClusterAdmin(e))) continue;
      const masters = mappingsOfCluster(model, cluster).filter(grantsMasters);
      if (readsAwsAuth && masters.length > 0) continue;
      // aws-auth whose cluster is unknown (several clusters in the tree) may be this cluster's: do not guess.
      if (readsAwsAuth && model.mappings.some((m) => model.clusterOf(m.section.owner) === undefined && grantsMasters(m))) continue;

      const related: RelatedLocation[] = [];
      if (cluster.authMode.node !== undefined) related.push({ span: cluster.authMode.node.span, message: 'the cluster\'s authentication mode' });
      const ignored = readsAwsAuth ? '' : ignoredMasters(masters, related);
      const missing = readsAwsAuth
        ? 'no access entry grants AmazonEKSClusterAdminPolicy at cluster scope and no aws-auth mapping grants system:masters'
        : 'no access entry grants AmazonEKSClusterAdminPolicy at cluster scope';
      const key = termsOf(cluster).creatorAdmin;
      const fix = `Add an access entry with AmazonEKSClusterAdminPolicy at cluster scope for a role your administrators use, or set ${key} to true.`;
      const written = creatorAdmin.node.kind === 'scalar' ? creatorAdmin.node.text : 'false';
      context.report({
        span: creatorAdmin.node.span,
        message:
          `"${key}: ${written}" leaves the cluster's creator without access, and ${missing} ` +
          `(mode ${describe(cluster)})${ignored}: nobody could administer the cluster, and this setting cannot be changed after creation. ${fix}`,
        related,
      });
    }
  },
});

function modeOf(cluster: Cluster): AuthMode | undefined {
  const value = cluster.authMode.value;
  return AUTH_MODES.find((m) => m === value);
}

function describe(cluster: Cluster): string {
  const mode = cluster.authMode;
  return mode.source === 'explicit' ? mode.value : `${mode.value}, ${mode.defaultOf ?? 'the'} default`;
}

/** AmazonEKSClusterAdminPolicy with `accessScope.type: cluster`. */
function grantsClusterAdmin(entry: AccessEntry): boolean {
  return entry.policies.some((p) => policyName(p) === 'AmazonEKSClusterAdminPolicy' && stringValue(scopeOf(p).type) === 'cluster');
}

function grantsMasters(mapping: Mapping): boolean {
  return groupNames(mapping).includes('system:masters');
}

/** In API mode a system:masters mapping does not help: say so and point at it. */
function ignoredMasters(masters: readonly Mapping[], related: RelatedLocation[]): string {
  const first = masters[0];
  const principal = stringScalar(first?.principal);
  if (first === undefined) return '';
  related.push({ span: principal?.span ?? first.node.span, message: 'a system:masters mapping that API mode ignores' });
  return `; the system:masters mapping${masters.length > 1 ? 's' : ''} in aws-auth ${masters.length > 1 ? 'do' : 'does'} not count, API mode ignores aws-auth`;
}
