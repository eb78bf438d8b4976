import { describeIdentity, groupNames, stringScalar, usernameOf } from '../../src/aws-auth/identity.js';
import { apiRefusalOutcome } from '../../src/cluster/terms.js';
import type { AccessEntry, AwsAuthOwner, Cluster, Mapping, Model } from '../../src/model.js';
import { defineRule, type RuleContext } from '../../src/rule.js';
import { lastValue, type SourceNode } from '../../src/source-node.js';
import { compareSpans, type Span } from '../../src/span.js';

export default defineRule({
  id: 'duplicate-principal',
  level: 'error',
  tags: ['lockout'],
  summary: 'The same principal is mapped twice: twice in one aws-auth section, in both mapRoles and mapUsers, in two aws-auth carriers of one cluster, or in two access entries of one cluster.',
  description:
    'The authenticator stores mappings by lowercased ARN, so for the same ARN the last entry wins and earlier ones ' +
    'vanish without a word; a second entry for an admin role without system:masters takes admin away. mapRoles is ' +
    'checked before mapUsers, so a mapUsers entry for an ARN that mapRoles also maps is never used. eksctl ' +
    'iamIdentityMappings and an aws-auth manifest of the same cluster write into the same ConfigMap. An IAM ' +
    'principal can have only one access entry per cluster: eksctl rejects a second one, the EKS API answers 409.',
  check(model, context) {
    // Within one owner: a ConfigMap, or the iamIdentityMappings of one eksctl ClusterConfig.
    for (const owner of new Set(model.mappings.map((m) => m.section.owner))) {
      withinOwner(model.mappings.filter((m) => m.section.owner === owner), owner, context);
    }
    for (const cluster of model.clusters) {
      acrossCarriers(model, cluster, context);
      accessEntries(cluster.accessEntries, context);
    }
    // Template entries for a cluster the template does not define: one ClusterName, as written in one file, is one cluster.
    const unresolved = new Map<string, AccessEntry[]>();
    for (const entry of model.accessEntries) {
      const name = entry.cluster === undefined ? clusterNameOf(entry) : undefined;
      if (name === undefined) continue;
      const key = `${entry.file}\0${name}`;
      unresolved.set(key, [...(unresolved.get(key) ?? []), entry]);
    }
    for (const entries of unresolved.values()) accessEntries(entries, context);
  },
});

function isCluster(owner: AwsAuthOwner): owner is Cluster {
  return 'accessEntries' in owner;
}

/** The principal's lookup key: ARNs are compared lowercased. */
function keyOf(node: SourceNode | undefined): string | undefined {
  const scalar = stringScalar(node);
  if (scalar === undefined || scalar.value.trim() === '') return undefined;
  return scalar.value.trim().toLowerCase();
}

function withinOwner(list: Mapping[], owner: AwsAuthOwner, context: RuleContext): void {
  const seen = new Map<string, Mapping>();
  // mapRoles first: it is checked first, so it is what a later mapUsers duplicate loses to.
  const mappings = [...list].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'role' ? -1 : 1));
  for (const mapping of mappings) {
    const principal = stringScalar(mapping.principal);
    if (principal === undefined || principal.value.trim() === '') continue;
    const key = principal.value.toLowerCase();
    const earlier = seen.get(key);
    seen.set(key, mapping);
    if (earlier === undefined) continue;
    const earlierPrincipal = stringScalar(earlier.principal);
    if (earlierPrincipal === undefined) continue;
    // In `kubectl -o json` output every entry is on one line: name the column too.
    const { start } = earlierPrincipal.span;
    const line = start.line === principal.span.start.line ? `${start.line}, column ${start.column}` : `${start.line}`;
    const span = locate(mapping);
    const subject = `"${principal.value}"${span === principal.span ? '' : ' (copied in by the merge key <<)'}`;
    let message: string;
    if (earlier.kind !== mapping.kind) {
      message = `${subject} is also mapped under mapRoles (line ${line}); mapRoles is checked first, so that entry (${describeIdentity(earlier)}) wins and this mapUsers entry (${describeIdentity(mapping)}) is never used. Merge them into one entry.`;
      seen.set(key, earlier);
    } else if (isCluster(owner) && noDuplicates(mapping) && earlierPrincipal.value === principal.value && !sameIdentity(earlier, mapping)) {
      // eksctl compares the ARN exactly, and the whole identity to skip a repeat (pkg/actions/iamidentitymapping/create.go).
      message = `${subject} is already mapped at line ${line} (${describeIdentity(earlier)}), and this entry (${describeIdentity(mapping)}) sets noDuplicateARNs: eksctl creates the cluster, then stops here ("found existing mapping with the same arn "${principal.value}" and shadowing is disabled") and writes none of the mappings after it. Merge them into one entry.`;
    } else if (mapping.kind === 'user' && earlierPrincipal.value !== principal.value) {
      message = `${subject} differs only in case from the mapUsers entry at line ${line}: both match the same user. The newer authenticator keeps both and picks one at random on each request, line ${line} (${describeIdentity(earlier)}) or this one (${describeIdentity(mapping)}); the older one keeps only this last entry. Keep one entry.`;
    } else {
      const same = sameIdentity(earlier, mapping);
      message = same
        ? `${subject} is mapped twice with the same username and groups (line ${line}); only this last entry is kept. Remove the duplicate.`
        : `${subject} is already mapped at line ${line}; the authenticator keeps only this last entry (${describeIdentity(mapping)}), so the earlier one (${describeIdentity(earlier)}) is lost. Merge them into one entry.`;
    }
    context.report({ span, message, related: [{ span: earlierPrincipal.span, message: 'the other mapping of this principal' }] });
  }
}

/**
 * eksctl iamIdentityMappings and an aws-auth manifest that belongs to the same cluster both write its one
 * aws-auth ConfigMap. Two manifests of one cluster are not compared: they are often alternatives (overlays).
 */
function acrossCarriers(model: Model, cluster: Cluster, context: RuleContext): void {
  const eksctl = lastByKey(model.mappings.filter((m) => m.section.owner === cluster));
  if (eksctl.size === 0) return;
  const manifests = model.mappings.filter((m) => !isCluster(m.section.owner) && model.clusterOf(m.section.owner) === cluster);
  for (const owner of new Set(manifests.map((m) => m.section.owner))) {
    for (const [key, manifest] of lastByKey(manifests.filter((m) => m.section.owner === owner))) {
      const fromEksctl = eksctl.get(key);
      if (fromEksctl === undefined) continue;
      const [earlier, later] = compareSpans(locate(fromEksctl), locate(manifest)) < 0 ? [fromEksctl, manifest] : [manifest, fromEksctl];
      const other = stringScalar(earlier.principal);
      const principal = stringScalar(later.principal);
      if (other === undefined || principal === undefined) continue;
      // The same username and groups: whichever write holds, the principal gets the same; harmless.
      if (sameIdentity(earlier, later)) continue;
      const where = (m: Mapping): string => `${isCluster(m.section.owner) ? "eksctl's iamIdentityMappings" : `the aws-auth manifest's ${m.section.name}`} (${m.section.owner.file} line ${stringScalar(m.principal)?.span.start.line ?? '?'}: ${describeIdentity(m)})`;
      const name = cluster.name === undefined ? 'the same cluster' : `cluster "${cluster.name}"`;
      context.report({
        span: locate(later),
        message:
          `"${principal.value}" is mapped both by ${where(manifest)} and by ${where(fromEksctl)}, which write the same aws-auth ConfigMap of ${name}. ` +
          `Applying the manifest overwrites the entries eksctl wrote there, and eksctl adds its entry after the manifest's, which shadows it. They grant different things, and which one holds depends on what ran last. ` +
          'Keep this principal in one place.',
        related: [{ span: other.span, message: 'the other mapping of this principal' }],
      });
    }
  }
}

/** The last mapping of each principal (the one the authenticator keeps), in source order. */
function lastByKey(mappings: readonly Mapping[]): Map<string, Mapping> {
  const result = new Map<string, Mapping>();
  for (const mapping of mappings) {
    const key = keyOf(mapping.principal);
    if (key !== undefined) result.set(key, mapping);
  }
  return result;
}

function accessEntries(entries: readonly AccessEntry[], context: RuleContext): void {
  const seen = new Map<string, AccessEntry>();
  for (const entry of entries) {
    const principal = stringScalar(entry.principal);
    const key = keyOf(entry.principal);
    if (principal === undefined || key === undefined) continue;
    const earlier = seen.get(key);
    if (earlier === undefined) {
      seen.set(key, entry);
      continue;
    }
    const earlierPrincipal = stringScalar(earlier.principal);
    if (earlierPrincipal === undefined) continue;
    const eksctl = entry.carrier === 'eksctl' && entry.file === entry.cluster?.file && earlier.file === entry.file;
    const at = `${earlier.file === entry.file ? '' : `${earlier.file} `}line ${earlierPrincipal.span.start.line}${eksctl ? `, accessEntries[${earlier.index}]` : ''}`;
    const api = `the EKS API allows one access entry per principal and answers a second one with 409 ResourceInUseException ("The specified access entry resource is already in use on this cluster.")${apiRefusalOutcome(entry)}`;
    const fix = 'Merge the two entries into one: one principal with the union of their groups and access policies.';
    const exact = earlierPrincipal.value.trim() === principal.value.trim();
    let message: string;
    if (exact && eksctl) {
      message = `"${principal.value}" already has an access entry (${at}): eksctl rejects the ClusterConfig ("duplicate access entry accessEntries[${entry.index}] with principal ARN "${principal.value.trim()}""), and ${api}. ${fix}`;
    } else if (exact) {
      message = `"${principal.value}" already has an access entry of this cluster (${at}): ${api}. ${fix}`;
    } else {
      message = `"${principal.value}" differs only in case from the access entry at ${at}: IAM names are not distinguished by case, so both name the same principal${eksctl ? ", eksctl's own check compares exactly and lets it through," : ''} and ${api}. ${fix}`;
    }
    context.report({ span: principal.span, message, related: [{ span: earlierPrincipal.span, message: 'the other access entry of this principal' }] });
  }
}

/** A CloudFormation entry's ClusterName as written: a name, or a reference (`!Ref P` and `{"Ref": "P"}` alike). */
function clusterNameOf(entry: AccessEntry): string | undefined {
  const node = lastValue(entry.node, 'ClusterName');
  if (node?.kind === 'scalar') return typeof node.value === 'string' && node.value !== '' ? node.value : undefined;
  if (node?.kind === 'opaque') return node.tag === undefined || node.text === undefined ? undefined : `${node.tag} ${node.text}`;
  const only = node?.kind === 'map' && node.entries.length === 1 ? node.entries[0] : undefined;
  if (only?.value.kind !== 'scalar' || typeof only.value.value !== 'string') return undefined;
  return `!${only.key.replace(/^Fn::/, '')} ${only.value.value}`;
}

/** The principal of this entry, or, when a merge key (`<<: *anchor`) brought it in, the entry's first own key. */
function locate(mapping: Mapping): Span {
  const entries = mapping.node.entries;
  const own = [...entries].reverse().find((e) => e.value === mapping.principal);
  if (own?.merged !== true) return mapping.principal?.span ?? mapping.node.span;
  return entries.find((e) => e.merged !== true)?.keySpan ?? mapping.node.span;
}

function noDuplicates(mapping: Mapping): boolean {
  const flag = lastValue(mapping.node, 'noDuplicateARNs');
  return flag?.kind === 'scalar' && flag.value === true;
}

/** Same username and the same groups in any order (what eksctl's CompareIdentity checks besides the ARN). */
function sameIdentity(a: Mapping, b: Mapping): boolean {
  return usernameOf(a) === usernameOf(b) && [...groupNames(a)].sort().join('\n') === [...groupNames(b)].sort().join('\n');
}
