import { isAccountId, parseArn, PARTITIONS } from '../../src/arn.js';
import type { ClusterIdentity } from '../../src/kubeconfig/cluster-identity.js';
import { contextName, eksUsers, identitySpan, valueSpan, type EksContext } from '../../src/kubeconfig/eks-users.js';
import type { Cluster, Model } from '../../src/model.js';
import { defineRule, type RelatedLocation } from '../../src/rule.js';
import { stringValue, type SourceNode } from '../../src/source-node.js';

export default defineRule({
  id: 'kubeconfig-role-not-mapped',
  level: 'warning',
  tags: ['lockout'],
  summary: 'The role an EKS exec plugin assumes is mapped by no aws-auth entry and no access entry of the cluster, where the scanned files define that cluster.',
  description:
    'With --role-arn (or -r) the token is signed as that role, and the cluster admits it only through an aws-auth ' +
    'entry (ignored in API mode) or an access entry (none in CONFIG_MAP mode) for it; otherwise the authenticator ' +
    'answers "ARN is not mapped" and kubectl says ' +
    '"You must be logged in to the server (Unauthorized)". The cluster is found by the name its kubeconfig entry ' +
    'carries, among the clusters the scanned eksctl, Terraform and CloudFormation files define; the rule stays silent ' +
    'when any mapping of that cluster is not known statically.',
  check(model, context) {
    for (const eks of eksUsers(model)) {
      const role = eks.exec.roleArn;
      const key = role === undefined ? undefined : roleKey(role.value);
      if (role === undefined || key === undefined) continue;
      const checked = new Set<Cluster>();
      for (const eksContext of eks.contexts) {
        const identity = eksContext.identity;
        if (identity?.name === undefined) continue;
        const clusters = definedClusters(model, identity);
        if (clusters.length === 0 || clusters.some((c) => checked.has(c))) continue;
        for (const c of clusters) checked.add(c);
        const admissions = clusters.map((c) => admission(model, c, key));
        if (admissions.some((a) => a.result !== 'none')) continue;
        const [cluster] = clusters;
        if (cluster === undefined) continue;
        const ignored = admissions.some((a) => a.ignoredMapping);
        context.report({
          span: valueSpan(role),
          message:
            `Role "${role.value}" (${role.via}) is mapped by no ${ignored ? 'access entry' : 'aws-auth entry and no access entry'} of cluster "${identity.name}" ` +
            `(defined in ${cluster.file}), which context "${contextName(eksContext.context)}" reaches` +
            `${ignored ? ', and its aws-auth entry is ignored in authentication mode API' : ''}: the token is signed as this role, the ` +
            'authenticator answers "ARN is not mapped" and kubectl says "You must be logged in to the server (Unauthorized)". ' +
            `${fixOf(clusters)}${creatorNote(clusters)}.`,
          related: related(eksContext, clusters),
        });
      }
    }
  },
});

/** The role as the cluster sees it: partition, account and name (the authenticator drops the path; access entries match the role). */
function roleKey(text: string): string | undefined {
  const arn = parseArn(text.trim());
  if (arn?.service !== 'iam' || arn.kind !== 'role' || arn.name === '' || arn.region !== '') return undefined;
  if (!isAccountId(arn.accountId) || !PARTITIONS.includes(arn.partition)) return undefined;
  return `${arn.partition}:${arn.accountId}:${arn.name.toLowerCase()}`;
}

/** Clusters the scanned files define with this name, in its region when theirs is known. */
function definedClusters(model: Model, identity: ClusterIdentity): Cluster[] {
  return model.clusters.filter((c) => c.carrier !== 'flag' && c.name === identity.name && (c.region === undefined || c.region === identity.region));
}

type Admission = 'mapped' | 'unknown' | 'none';

/** The cluster's authentication mode, when the files say it (an unknown value may be any). */
function modeOf(cluster: Cluster): string | undefined {
  return cluster.authMode.source === 'unknown' ? undefined : cluster.authMode.value;
}

/**
 * Whether any mapping the cluster reads admits the role; `unknown` when some mapping cannot be read statically.
 * aws-auth counts unless the cluster is in API mode (it ignores aws-auth); access entries unless it is in
 * CONFIG_MAP mode (where EKS refuses to create them). `ignoredMapping`: aws-auth maps the role, but API mode ignores it.
 */
function admission(model: Model, cluster: Cluster, key: string): { result: Admission; ignoredMapping: boolean } {
  if (cluster.accessEntriesIncomplete === true) return { result: 'unknown', ignoredMapping: false };
  if (cluster.nodes.roles.some((r) => roleKey(r.arn) === key)) return { result: 'mapped', ignoredMapping: false };
  const mode = modeOf(cluster);
  const fromAccess = mode === 'CONFIG_MAP' ? 'none' : accessEntryAdmission(model, cluster, key);
  const fromAwsAuth = awsAuthAdmission(model, cluster, key);
  const results = mode === 'API' ? [fromAccess] : [fromAccess, fromAwsAuth];
  const result = results.includes('mapped') ? 'mapped' : results.includes('unknown') ? 'unknown' : 'none';
  return { result, ignoredMapping: mode === 'API' && fromAwsAuth === 'mapped' };
}

/** Access entries of this cluster, and those whose cluster is not certain (a ClusterName the files do not define). */
function accessEntryAdmission(model: Model, cluster: Cluster, key: string): Admission {
  const results = model.accessEntries.filter((e) => e.cluster === cluster || e.cluster === undefined).map((e) => principalAdmission(e.principal, key));
  return combined(results);
}

/** aws-auth of this cluster, and aws-auth whose cluster is not certain. */
function awsAuthAdmission(model: Model, cluster: Cluster, key: string): Admission {
  const results: Admission[] = [];
  const owners = new Set(model.sections.filter((s) => [cluster, undefined].includes(model.clusterOf(s.owner))).map((s) => s.owner));
  for (const section of model.sections.filter((s) => owners.has(s.owner))) {
    if (!['parsed', 'empty', 'structured'].includes(section.content.kind)) results.push('unknown');
  }
  for (const mapping of model.mappings.filter((m) => owners.has(m.section.owner))) {
    results.push(mapping.sso !== undefined && mapping.principal === undefined ? 'unknown' : principalAdmission(mapping.principal, key));
  }
  const account = key.split(':')[1];
  for (const entry of model.accounts.filter((a) => owners.has(a.section.owner))) {
    const value = stringValue(entry.node);
    results.push(value === undefined ? 'unknown' : value.trim() === account ? 'mapped' : 'none');
  }
  return combined(results);
}

function combined(results: readonly Admission[]): Admission {
  return results.includes('mapped') ? 'mapped' : results.includes('unknown') ? 'unknown' : 'none';
}

/** What to add, in the terms the cluster's authentication mode accepts. */
function fixOf(clusters: readonly Cluster[]): string {
  const modes = new Set(clusters.map(modeOf));
  if (modes.size === 1 && modes.has('API')) return 'Add an access entry for the role (aws-auth is ignored in API mode)';
  if (modes.size === 1 && modes.has('CONFIG_MAP')) return "Add a mapRoles entry for the role, without the role's path (the cluster's mode CONFIG_MAP has no access entries)";
  return "Add an access entry for the role (or a mapRoles entry, without the role's path)";
}

function principalAdmission(node: SourceNode | undefined, key: string): Admission {
  if (node === undefined) return 'none';
  const value = stringValue(node);
  if (value === undefined) return node.kind === 'opaque' ? 'unknown' : 'none';
  return roleKey(value) === key ? 'mapped' : 'none';
}

/** With creator admin on, the identity that created the cluster is admitted without an entry in these files. */
function creatorNote(clusters: readonly Cluster[]): string {
  return clusters.some((c) => c.creatorAdmin.value || c.creatorAdmin.source === 'unknown')
    ? ', unless the role is the identity that created the cluster: EKS admits the creator without an entry written here'
    : '';
}

function related(eksContext: EksContext, clusters: readonly Cluster[]): RelatedLocation[] {
  const definitions = clusters.flatMap((c) => (c.anchor === undefined ? [] : [{ span: c.anchor, message: `cluster "${c.name ?? ''}" is defined here (${c.carrier})` }]));
  return [{ span: identitySpan(eksContext), message: `context "${contextName(eksContext.context)}" reaches this cluster` }, ...definitions];
}
