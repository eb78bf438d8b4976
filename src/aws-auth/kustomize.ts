import { posix } from 'node:path';
import type { AwsAuthConfigMap, Kustomization, Model } from '../model.js';
import { lastEntry, type SourceNode } from '../source-node.js';

const KUSTOMIZATION_FILE = /(^|\/)(kustomization\.ya?ml|Kustomization)$/;

export function isKustomizationPath(path: string): boolean {
  return KUSTOMIZATION_FILE.test(path);
}

/** Reads the namespace and resources of a kustomization document. */
export function readKustomization(path: string, root: SourceNode | null): Kustomization | undefined {
  if (root?.kind !== 'map') return undefined;
  const namespace = lastEntry(root, 'namespace')?.value;
  const resources = lastEntry(root, 'resources')?.value;
  return {
    directory: posix.dirname(path) === '.' ? '' : posix.dirname(path),
    namespace: namespace?.kind === 'scalar' && typeof namespace.value === 'string' ? namespace.value : undefined,
    resources: resources?.kind === 'seq' ? resources.items.flatMap((r) => (r.kind === 'scalar' && typeof r.value === 'string' ? [r.value] : [])) : [],
  };
}

/**
 * The namespace kustomize gives this ConfigMap's file, if a kustomization lists it: directly, or through
 * a directory whose kustomization lists it. An outer kustomization's namespace replaces an inner one.
 */
export function kustomizeNamespace(model: Model, configMap: AwsAuthConfigMap): string | undefined {
  return namespaceFor(model, posix.normalize(configMap.file), new Set());
}

function namespaceFor(model: Model, resource: string, seen: Set<Kustomization>): string | undefined {
  for (const k of model.kustomizations) {
    if (seen.has(k) || !k.resources.some((r) => posix.normalize(posix.join(k.directory, r)) === resource)) continue;
    seen.add(k);
    return namespaceFor(model, k.directory === '' ? '.' : k.directory, seen) ?? k.namespace;
  }
  return undefined;
}
