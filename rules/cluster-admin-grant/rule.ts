import { parseArn } from '../../src/arn.js';
import { groupScalars, principalOf } from '../../src/aws-auth/identity.js';
import { CLUSTER_ADMIN_POLICY, mappingsOfCluster, policyName, scopeOf, takesPolicy } from '../../src/cluster/access.js';
import { termsOf } from '../../src/cluster/terms.js';
import type { AccessEntry, AccessPolicy, Cluster, Model } from '../../src/model.js';
import { defineRule, type RelatedLocation } from '../../src/rule.js';
import { stringValue } from '../../src/source-node.js';
import type { Span } from '../../src/span.js';

/** Policies that give write (or more) access; the view policies are not reported. */
const BROAD: Readonly<Record<string, string>> = {
  AmazonEKSClusterAdminPolicy: 'full control (the Kubernetes cluster-admin role)',
  AmazonEKSAdminPolicy: 'admin rights (Roles and RoleBindings included, so it can grant itself more)',
  AmazonEKSEditPolicy: 'write access to most objects (Secrets included)',
};
const MAX_LISTED = 6;

interface Grant {
  readonly entry: AccessEntry;
  readonly policy: string;
  /** Where the finding sits: the policy ARN, or the `*` namespace pattern. */
  readonly span: Span;
  /** `cluster` scope, a namespace scope with a pattern that matches every namespace, or named namespaces. */
  readonly reach: 'cluster' | 'every-namespace' | 'namespaces';
  readonly namespaces: readonly string[];
  /** The match-all pattern as written (`*`), for `every-namespace`. */
  readonly pattern?: string;
}

interface Holder {
  readonly label: string;
  readonly span: Span | undefined;
}

export default defineRule({
  id: 'cluster-admin-grant',
  level: 'note',
  tags: ['security'],
  securitySeverity: '5.0',
  summary: 'An access entry is granted cluster-wide admin: AmazonEKSClusterAdminPolicy, AmazonEKSAdminPolicy or AmazonEKSEditPolicy at cluster scope, or on the namespace pattern "*".',
  description:
    'Access policies at cluster scope, or on a namespace pattern that matches every namespace, apply to kube-system ' +
    'and every namespace created later. Whoever can assume the principal holds that power. This is the supported ' +
    'way to grant admin, but each such grant deserves a review: the finding lists everyone who holds cluster-wide ' +
    'admin on the cluster (access entries, the cluster creator, and system:masters mappings in aws-auth).',
  check(model, context) {
    for (const cluster of model.clusters) {
      const grants = cluster.accessEntries.flatMap(grantsOf);
      if (grants.length === 0) continue;
      const holders = holdersOf(model, cluster, grants);
      for (const grant of grants) {
        const others = holders.filter((h) => h.span !== grant.span);
        const related: RelatedLocation[] = others.flatMap((h) => (h.span === undefined ? [] : [{ span: h.span, message: `also holds cluster-wide admin: ${h.label}` }]));
        context.report({ span: grant.span, message: messageFor(cluster, grant, holders), related });
      }
    }
    // A template's entry for a cluster it does not define: the grant is real, the cluster's other holders are unknown.
    for (const entry of model.accessEntries) {
      if (entry.cluster !== undefined) continue;
      for (const grant of grantsOf(entry)) context.report({ span: grant.span, message: messageFor(undefined, grant, []) });
    }
  },
});

function grantsOf(entry: AccessEntry): Grant[] {
  // Policies a node-type entry cannot take (node-entry-fields reports them) grant nothing.
  return entry.policies.flatMap((policy) => (takesPolicy(entry, policy) ? (grantOf(entry, policy) ?? []) : []));
}

function grantOf(entry: AccessEntry, policy: AccessPolicy): Grant | undefined {
  const name = policyName(policy);
  if (name === undefined || BROAD[name] === undefined || policy.arn === undefined) return undefined;
  const { type, namespaces } = scopeOf(policy);
  const scope = stringValue(type);
  if (scope === 'cluster') return { entry, policy: name, span: policy.arn.span, reach: 'cluster', namespaces: [] };
  // A malformed scope grants nothing (access-scope reports it).
  if (scope !== 'namespace' || namespaces?.kind !== 'seq') return undefined;
  const names = namespaces.items.flatMap((n) => stringValue(n) ?? []);
  const everything = namespaces.items.find((n) => /^\*+$/.test(stringValue(n) ?? ''));
  if (everything !== undefined) return { entry, policy: name, span: everything.span, reach: 'every-namespace', namespaces: names, pattern: stringValue(everything) ?? '*' };
  if (name === CLUSTER_ADMIN_POLICY && names.length > 0) return { entry, policy: name, span: policy.arn.span, reach: 'namespaces', namespaces: names };
  return undefined;
}

/** Everyone with cluster-wide admin: broad access entry grants, the creator, and reachable system:masters mappings. */
function holdersOf(model: Model, cluster: Cluster, grants: readonly Grant[]): Holder[] {
  const broad = grants.filter((g) => g.reach !== 'namespaces');
  const masters = ['CONFIG_MAP', 'API_AND_CONFIG_MAP'].includes(cluster.authMode.value)
    ? mappingsOfCluster(model, cluster).flatMap((m) => {
      const group = groupScalars(m).find((g) => g.value === 'system:masters');
      return group === undefined ? [] : [{ arn: principalOf(m), span: group.span }];
    })
    : [];
  // Accounts are shown only when the holders are not all in one account.
  const accounts = new Set([...broad.map((g) => stringValue(g.entry.principal)), ...masters.map((m) => m.arn)].flatMap((a) => parseArn(a?.trim() ?? '')?.accountId ?? []));
  const name = (arn: string | undefined, fallback: string): string => who(arn, fallback, accounts.size > 1);
  const holders: Holder[] = broad.map((g) => ({
    label: `${name(stringValue(g.entry.principal), `access entry #${g.entry.index + 1}`)} (${g.policy}${g.reach === 'cluster' ? '' : `, namespace "${g.pattern ?? '*'}"`})`,
    span: g.span,
  }));
  const creator = cluster.creatorAdmin;
  // A computed setting (a CloudFormation !Ref) may be either: do not list the creator either way.
  if (creator.value && creator.source !== 'unknown') {
    const key = termsOf(cluster).creatorAdmin;
    const how = creator.source === 'explicit' ? `${key}: true` : `${key}, on by ${creator.defaultOf ?? 'the'} default`;
    holders.push({ label: `the principal that creates the cluster (${how})`, span: creator.node?.span ?? cluster.accessConfigSpan ?? cluster.anchor });
  }
  // aws-auth counts only where the cluster reads it.
  for (const m of masters) holders.push({ label: `${name(m.arn, 'an aws-auth entry without a principal')} (system:masters in aws-auth)`, span: m.span });
  return holders;
}

function messageFor(cluster: Cluster | undefined, grant: Grant, holders: readonly Holder[]): string {
  const principal = stringValue(grant.entry.principal);
  const subject = principal === undefined ? `Access entry #${grant.entry.index + 1}` : `"${principal}"`;
  const clusterName = cluster === undefined ? 'its cluster' : cluster.name === undefined ? 'this cluster' : `cluster "${cluster.name}"`;
  const power = BROAD[grant.policy] ?? '';
  let what: string;
  if (grant.reach === 'cluster') {
    what = `${subject} is granted ${grant.policy} at cluster scope, which gives ${power} in every namespace of ${clusterName}${grant.policy === CLUSTER_ADMIN_POLICY ? ' and over its cluster-wide objects (nodes, CRDs, ClusterRoles)' : ''}.`;
  } else if (grant.reach === 'every-namespace') {
    what = `${subject} is granted ${grant.policy} on the namespace pattern "${grant.pattern ?? '*'}", which matches every namespace of ${clusterName}, kube-system and namespaces created later included: ${power} everywhere.`;
  } else {
    what = `${subject} is granted ${grant.policy}, a policy meant for cluster scope, in namespaces ${grant.namespaces.join(', ')}: ${power} there. If namespace admin is what is meant, AmazonEKSAdminPolicy says so.`;
  }
  const listed = holders.slice(0, MAX_LISTED).map((h) => h.label);
  if (holders.length > MAX_LISTED) listed.push(`and ${holders.length - MAX_LISTED} more`);
  const advice = 'prefer namespace-scoped policies for people and workloads.';
  if (cluster === undefined) {
    return `${what} The cluster it names is not defined in the scanned files, so its other holders of cluster-wide rights are not listed. Check that this one needs them; ${advice}`;
  }
  if (holders.length === 1 && holders[0]?.span === grant.span) {
    return `${what} No other holder of cluster-wide admin or edit rights on ${clusterName} is known from the scanned files. Check that this one needs them; ${advice}`;
  }
  const list = holders.length === 0 ? '' : ` Cluster-wide admin or edit rights on ${clusterName} (${holders.length}): ${listed.join('; ')}.`;
  return `${what}${list} Check that each of them needs it; ${advice}`;
}

/** A principal as people read it: `role/name` (`ACCOUNT:role/name` across accounts), or the ARN as written. */
function who(arn: string | undefined, fallback: string, withAccount: boolean): string {
  if (arn === undefined) return fallback;
  const parsed = parseArn(arn.trim());
  if (parsed === undefined) return arn;
  if (parsed.kind === 'root') return `the root of account ${parsed.accountId}`;
  if (parsed.kind !== 'role' && parsed.kind !== 'user') return arn;
  return `${withAccount ? `${parsed.accountId}:` : ''}${parsed.kind}/${parsed.name}`;
}
