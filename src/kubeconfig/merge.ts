import type {
  Kubeconfig,
  KubeconfigCluster,
  KubeconfigContext,
  KubeconfigDocument,
  KubeconfigUser,
  KubeValue,
  MergedKubeconfig,
} from './model.js';

/**
 * Merges documents the way kubectl merges the files of KUBECONFIG: for every cluster, user and
 * context name the first document that sets it wins (also within one document, where kubectl
 * would refuse the duplicate: `kubeconfig-duplicate-name` reports that), and `current-context`
 * comes from the first document that sets a non-empty one.
 */
export function mergeKubeconfigs(documents: readonly KubeconfigDocument[]): MergedKubeconfig {
  return {
    documents,
    clusters: firstByName(documents.flatMap((d) => d.clusters)),
    users: firstByName(documents.flatMap((d) => d.users)),
    contexts: firstByName(documents.flatMap((d) => d.contexts)),
    currentContext: documents.map((d) => d.currentContext).find((c) => c?.value !== undefined && c.value !== ''),
  };
}

/**
 * Places every kubeconfig document of a run: those from the files of `kubeconfigList` (given with
 * --kubeconfig or KUBECONFIG, in that order) are merged together; any other is a configuration on
 * its own, found in the repository. The result keeps the order of `documents`.
 */
export function placeKubeconfigs(documents: readonly KubeconfigDocument[], kubeconfigList: readonly string[]): Kubeconfig[] {
  const rank = new Map<string, number>();
  kubeconfigList.forEach((path, index) => {
    if (!rank.has(path)) rank.set(path, index);
  });
  const listed = documents
    .map((document, order) => ({ document, order }))
    .filter(({ document }) => rank.has(document.file))
    .sort((a, b) => (rank.get(a.document.file) ?? 0) - (rank.get(b.document.file) ?? 0) || a.order - b.order)
    .map(({ document }) => document);
  const shared = mergeKubeconfigs(listed);
  return documents.map((document): Kubeconfig =>
    rank.has(document.file)
      ? { ...document, origin: 'kubeconfig', merged: shared }
      : { ...document, origin: 'repository', merged: mergeKubeconfigs([document]) },
  );
}

/** The contexts (of the merged configuration) whose `user` resolves to this user entry. */
export function contextsUsing(user: KubeconfigUser, merged: MergedKubeconfig): KubeconfigContext[] {
  const name = user.name?.value;
  if (name === undefined || merged.users.get(name) !== user) return [];
  return [...merged.contexts.values()].filter((context) => context.user?.value === name);
}

/** The cluster entry a context's `cluster` resolves to in the merged configuration. */
export function clusterOfContext(context: KubeconfigContext, merged: MergedKubeconfig): KubeconfigCluster | undefined {
  const name = context.cluster?.value;
  return name === undefined ? undefined : merged.clusters.get(name);
}

/** The user entry a context's `user` resolves to in the merged configuration. */
export function userOfContext(context: KubeconfigContext, merged: MergedKubeconfig): KubeconfigUser | undefined {
  const name = context.user?.value;
  return name === undefined ? undefined : merged.users.get(name);
}

function firstByName<T extends { readonly name: KubeValue | undefined }>(entries: readonly T[]): ReadonlyMap<string, T> {
  const byName = new Map<string, T>();
  for (const entry of entries) {
    const name = entry.name?.value;
    if (name !== undefined && !byName.has(name)) byName.set(name, entry);
  }
  return byName;
}
