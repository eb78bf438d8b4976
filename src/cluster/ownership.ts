import { posix } from 'node:path';
import type { AuthMode, AwsAuthOwner, Cluster } from '../model.js';

/** A directory (relative to the scan's working directory, `.` for all) whose unowned manifests belong to a cluster in `authMode`. */
export interface DirectoryMode {
  readonly directory: string;
  readonly authMode: AuthMode;
  /** Where it was set, for messages. */
  readonly origin?: string;
}

/**
 * Which cluster aws-auth content belongs to. A cluster definition owns its own mappings. A manifest
 * belongs to the only cluster of the scanned tree; otherwise to the one cluster defined under the
 * nearest enclosing directory that defines exactly one; otherwise to none, and cluster rules stay
 * silent. `--auth-mode` stands in for the cluster when the tree defines none at all; with several
 * clusters an unowned manifest is ambiguous, and the flag does not settle that. Directory modes (the
 * configuration file's `clusters`) stand in, before the flag, for manifests under their directory that
 * no scanned cluster owns; the deepest matching directory wins.
 */
export function ownership(
  clusters: readonly Cluster[],
  flagMode: AuthMode | undefined,
  directoryModes: readonly DirectoryMode[] = [],
): (owner: AwsAuthOwner) => Cluster | undefined {
  const flagCluster = flagMode === undefined || clusters.length > 0 ? undefined : cliCluster(flagMode);
  const standIns = [...directoryModes]
    .map((d) => ({ directory: posix.normalize(d.directory).replace(/\/+$/, '') || '.', cluster: cliCluster(d.authMode, d.origin) }))
    .sort((a, b) => depth(b.directory) - depth(a.directory));
  const standInFor = (file: string): Cluster | undefined => {
    const path = posix.normalize(file);
    return standIns.find((s) => s.directory === '.' || path.startsWith(`${s.directory}/`))?.cluster;
  };
  const cache = new Map<AwsAuthOwner, Cluster | undefined>();
  return (owner) => {
    if ('accessEntries' in owner) return owner;
    if (!cache.has(owner)) cache.set(owner, nearest(clusters, owner.file) ?? standInFor(owner.file) ?? flagCluster);
    return cache.get(owner);
  };
}

function nearest(clusters: readonly Cluster[], file: string): Cluster | undefined {
  const real = clusters.filter((c) => c.carrier !== 'flag');
  if (real.length <= 1) return real[0];
  let directory = posix.dirname(posix.normalize(file));
  for (;;) {
    const inside = real.filter((c) => directory === '.' || c.directory === directory || c.directory.startsWith(`${directory}/`));
    if (inside.length === 1) return inside[0];
    if (inside.length > 1 || directory === '.' || directory === '/' || directory.startsWith('..')) return undefined;
    directory = posix.dirname(directory);
  }
}

function depth(directory: string): number {
  return directory === '.' ? 0 : directory.split('/').length;
}

function cliCluster(mode: AuthMode, origin?: string): Cluster {
  return {
    carrier: 'flag',
    file: '',
    directory: '',
    node: undefined,
    anchor: undefined,
    name: undefined,
    region: undefined,
    partition: undefined,
    authMode: origin === undefined ? { value: mode, source: 'flag' } : { value: mode, source: 'flag', origin },
    accessConfigSpan: undefined,
    creatorAdmin: { value: true, source: 'flag' },
    accessEntries: [],
    nodes: { windows: [], fargate: [], hybrid: undefined, autoMode: undefined, selfManaged: [], roles: [] },
  };
}
