import { groupNames, stringScalar } from '../../src/aws-auth/identity.js';
import { CLUSTER_ADMIN_POLICY, grantsClusterAdmin, mappingsOfCluster } from '../../src/cluster/access.js';
import { termsOf } from '../../src/cluster/terms.js';
import { AUTH_MODES, type AuthMode, type Cluster, type Mapping } from '../../src/model.js';
import { defineRule, type RelatedLocation } from '../../src/rule.js';

export default defineRule({
  id: 'cluster-lockout',
  level: 'error',
  tags: ['lockout'],
  summary: 'Nobody gets Kubernetes access to the new cluster: creator admin is off, and no access entry grants AmazonEKSClusterAdminPolicy at cluster scope.',
  description:
    'With bootstrapClusterCreatorAdminPermissions false, EKS gives the principal that creates the cluster no ' +
    `access at all. Unless an access entry with ${CLUSTER_ADMIN_POLICY} at cluster scope names someone else, nobody ` +
    'has Kubernetes access to the new cluster: a system:masters mapping in aws-auth does not help, because writing ' +
    'aws-auth (eksctl iamIdentityMappings, kubectl apply) itself takes Kubernetes access. Access comes back only when ' +
    'an IAM principal allowed eks:CreateAccessEntry adds an admin access entry through the EKS API. The setting cannot ' +
    'be changed after creation.',
  check(model, context) {
    for (const cluster of model.clusters) {
      const creatorAdmin = cluster.creatorAdmin;
      if (creatorAdmin.source !== 'explicit' || creatorAdmin.value || creatorAdmin.node === undefined) continue;
      const mode = modeOf(cluster);
      if (mode === undefined) continue; // auth-mode-value's business.
      // EKS refuses false with CONFIG_MAP at creation: creator-admin-config-map reports that, with EKS's error.
      if (mode === 'CONFIG_MAP') continue;
      if (cluster.accessEntries.some(grantsClusterAdmin) || cluster.accessEntriesIncomplete === true) continue;
      // An admin entry whose ClusterName names no cluster of its template (a parameter, an import) may be this cluster's: do not guess.
      if (model.accessEntries.some((e) => e.cluster === undefined && grantsClusterAdmin(e))) continue;

      const related: RelatedLocation[] = [];
      if (cluster.authMode.node !== undefined) related.push({ span: cluster.authMode.node.span, message: 'the cluster\'s authentication mode' });
      const masters = mappingsOfCluster(model, cluster).filter(grantsMasters);
      const ignored = ignoredMasters(cluster, mode, masters, related);
      const key = termsOf(cluster).creatorAdmin;
      const fix = `Add an access entry with ${CLUSTER_ADMIN_POLICY} at cluster scope for a role your administrators use, or set ${key} to true.`;
      const written = creatorAdmin.node.kind === 'scalar' ? creatorAdmin.node.text : 'false';
      context.report({
        span: creatorAdmin.node.span,
        message:
          `"${key}: ${written}" leaves the cluster's creator without access, and no access entry grants ${CLUSTER_ADMIN_POLICY} at cluster scope ` +
          `(mode ${describe(cluster)}): nobody has Kubernetes access to the cluster until an IAM principal allowed eks:CreateAccessEntry ` +
          `adds an admin access entry through the EKS API, and this setting cannot be changed after creation.${ignored} ${fix}`,
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

function grantsMasters(mapping: Mapping): boolean {
  return groupNames(mapping).includes('system:masters');
}

/** A system:masters mapping never takes the creator's place: say why and point at it. */
function ignoredMasters(cluster: Cluster, mode: AuthMode, masters: readonly Mapping[], related: RelatedLocation[]): string {
  const first = masters[0];
  if (first === undefined) return '';
  const principal = stringScalar(first.principal);
  const api = mode === 'API';
  related.push({ span: principal?.span ?? first.node.span, message: api ? 'a system:masters mapping that API mode ignores' : 'a system:masters mapping that nobody can write to aws-auth' });
  const what = `The system:masters mapping${masters.length > 1 ? 's' : ''} in aws-auth ${masters.length > 1 ? 'do' : 'does'} not count`;
  if (api) return ` ${what}: API mode ignores aws-auth.`;
  // eksctl's own warning, when no access entries are configured at all (pkg/accessentry/service.go).
  const warns = cluster.accessEntries.length === 0 ? ', as eksctl warns: "eksctl features that require connectivity to the Kubernetes API server will fail"' : '';
  const writers = [
    ...(masters.some((m) => 'accessEntries' in m.section.owner) ? [`eksctl cannot write its iamIdentityMappings${warns}`] : []),
    ...(masters.some((m) => !('accessEntries' in m.section.owner)) ? ['kubectl cannot apply the manifest'] : []),
  ];
  return ` ${what}, since writing aws-auth takes Kubernetes access (${writers.join('; ')}).`;
}
