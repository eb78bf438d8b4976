import { describeMode } from '../cluster/access.js';
import type { AccessEntry, AuthMode, AwsAuthConfigMap, AwsAuthOwner, Cluster, Model, Setting } from '../model.js';
import { at } from './location.js';
import type { ClusterRef } from './types.js';

/** One cluster the explanation covers: what it reads, and in which mode. */
export interface Scope {
  readonly ref: ClusterRef;
  readonly authMode: Setting<string>;
  /** Everything that carries aws-auth content for this cluster (ConfigMaps, eksctl's own mappings). */
  readonly owners: readonly AwsAuthOwner[];
  readonly accessEntries: readonly AccessEntry[];
  /** The defined cluster; undefined for the implicit one. */
  readonly cluster: Cluster | undefined;
}

const TOOL: Readonly<Record<Cluster['carrier'], string>> = { eksctl: 'eksctl', cloudformation: 'CloudFormation', terraform: 'Terraform', flag: '' };

/**
 * Every cluster the files define, then, for each aws-auth ConfigMap that no scanned cluster owns, the cluster it
 * is applied to: each such manifest is its own candidate for kube-system/aws-auth (overlays, one file per
 * environment), in the mode of its stand-in (the configuration's directory modes, else `--auth-mode`, else CONFIG_MAP).
 */
export function scopesOf(model: Model, authMode: AuthMode | undefined): Scope[] {
  const defined = new Set(model.clusters);
  const scopes = model.clusters.map((cluster) => definedScope(model, cluster));
  for (const configMap of model.configMaps) {
    const owner = model.clusterOf(configMap);
    if (owner !== undefined && defined.has(owner)) continue;
    const sameFile = model.configMaps.filter((c) => c.file === configMap.file).length > 1;
    scopes.push(implicitScope(owner, configMap, sameFile ? at(configMap.anchor) : configMap.file, authMode));
  }
  return scopes;
}

function definedScope(model: Model, cluster: Cluster): Scope {
  const own = model.sections.some((s) => s.owner === cluster) ? [cluster] : [];
  const owners: AwsAuthOwner[] = [...model.configMaps.filter((c) => model.clusterOf(c) === cluster), ...own];
  const tool = TOOL[cluster.carrier];
  const where = cluster.anchor === undefined ? cluster.file : at(cluster.anchor);
  const label = cluster.name === undefined ? `the ${tool} cluster at ${where}` : `cluster "${cluster.name}" (${tool}, ${where})`;
  return {
    ref: refOf(label, cluster.name ?? null, where, cluster.carrier === 'flag' ? 'implicit' : cluster.carrier, cluster.authMode, describeMode(cluster), owners),
    authMode: cluster.authMode,
    owners,
    accessEntries: cluster.accessEntries,
    cluster,
  };
}

function implicitScope(standIn: Cluster | undefined, configMap: AwsAuthConfigMap, where: string, flag: AuthMode | undefined): Scope {
  const label = `the cluster that ${where} is applied to (no scanned file defines it)`;
  let mode: Setting<string>;
  let description: string;
  if (standIn !== undefined) {
    mode = standIn.authMode;
    description = describeMode(standIn);
  } else if (flag !== undefined) {
    mode = { value: flag, source: 'flag' };
    description = `--auth-mode ${flag}`;
  } else {
    mode = { value: 'CONFIG_MAP', source: 'default', defaultOf: 'the EKS API' };
    description = 'CONFIG_MAP (assumed: set --auth-mode when the cluster uses access entries)';
  }
  return { ref: refOf(label, null, null, 'implicit', mode, description, [configMap]), authMode: mode, owners: [configMap], accessEntries: [], cluster: undefined };
}

function refOf(
  label: string,
  name: string | null,
  definedAt: string | null,
  carrier: ClusterRef['carrier'],
  mode: Setting<string>,
  description: string,
  owners: readonly AwsAuthOwner[],
): ClusterRef {
  return {
    label,
    name,
    definedAt,
    carrier,
    authMode: mode.value,
    authModeSource: mode.source,
    authModeDescription: description,
    awsAuthFiles: [...new Set(owners.map((o) => o.file))],
  };
}
