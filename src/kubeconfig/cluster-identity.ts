import { parseArn } from '../arn.js';
import { isRegion, partitionOfRegion } from '../cluster/access.js';

/** The EKS cluster a kubeconfig cluster entry points at, as far as its names and endpoint tell. */
export interface ClusterIdentity {
  /** The EKS cluster name; undefined when only the region is known (an endpoint host). */
  readonly name: string | undefined;
  readonly region: string;
  /** The partition of the region (aws, aws-cn, aws-us-gov, ...). */
  readonly partition: string;
  /** What it was read from: a cluster ARN, an eksctl name, the endpoint host, or the context's name. */
  readonly source: 'arn' | 'eksctl' | 'server' | 'context';
}

/**
 * Derives the cluster behind a context, in the order that is most certain first: the cluster entry's name
 * when `aws eks update-kubeconfig` (a cluster ARN) or eksctl (`NAME.REGION.eksctl.io`) wrote it, the region of
 * an EKS endpoint host, then a context name of those shapes. A name counts only where it agrees with the
 * endpoint's region: kubectl talks to the endpoint, and a name from another region is not that cluster's.
 * Undefined when nothing is an EKS shape: proxies, private DNS names and hand-written names are never guessed at.
 */
export function clusterIdentity(entry: { readonly name?: string | undefined; readonly server?: string | undefined }, contextName?: string): ClusterIdentity | undefined {
  const region = entry.server === undefined ? undefined : regionOfEndpoint(entry.server);
  const fromName = entry.name === undefined ? undefined : identityFromName(entry.name);
  const fromContext = contextName === undefined ? undefined : identityFromContextName(contextName);
  const named = [fromName, fromContext].find((identity) => identity !== undefined && (region === undefined || identity.region === region));
  if (named !== undefined) return named;
  return region === undefined ? undefined : { name: undefined, region, partition: partitionOfRegion(region), source: 'server' };
}

/** A cluster entry name written by update-kubeconfig (the cluster ARN) or by eksctl. */
export function identityFromName(name: string): ClusterIdentity | undefined {
  return identityFromArn(name.trim(), 'arn') ?? identityFromEksctlName(name.trim(), 'eksctl');
}

/** update-kubeconfig names the context after the cluster ARN; eksctl `IDENTITY@NAME.REGION.eksctl.io`. */
export function identityFromContextName(name: string): ClusterIdentity | undefined {
  const trimmed = name.trim();
  return identityFromArn(trimmed, 'context') ?? identityFromEksctlName(trimmed.slice(trimmed.lastIndexOf('@') + 1), 'context');
}

/** `arn:PARTITION:eks:REGION:ACCOUNT:cluster/NAME`. */
function identityFromArn(text: string, source: ClusterIdentity['source']): ClusterIdentity | undefined {
  const arn = parseArn(text);
  if (arn?.service !== 'eks' || !isRegion(arn.region)) return undefined;
  const match = /^cluster\/([0-9A-Za-z][0-9A-Za-z_-]*)$/.exec(arn.resource);
  const name = match?.[1];
  return name === undefined ? undefined : { name, region: arn.region, partition: partitionOfRegion(arn.region), source };
}

/** eksctl's `ClusterMeta.String()`: `NAME.REGION.eksctl.io` (EKS cluster names have no dots). */
function identityFromEksctlName(text: string, source: ClusterIdentity['source']): ClusterIdentity | undefined {
  const match = /^([0-9A-Za-z][0-9A-Za-z_-]*)\.([a-z0-9-]+)\.eksctl\.io$/.exec(text);
  const [, name, region] = match ?? [];
  if (name === undefined || region === undefined || !isRegion(region)) return undefined;
  return { name, region, partition: partitionOfRegion(region), source };
}

/**
 * The region of an EKS API endpoint, `https://ID.CELL.REGION.eks.amazonaws.com` (`.com.cn` in China); the cell
 * label varies (`gr7`, `sk1`, `yl4`) and is not checked. Undefined for any other host.
 */
export function regionOfEndpoint(server: string): string | undefined {
  const host = hostOf(server);
  if (host === undefined) return undefined;
  const match = /^(?:[a-z0-9-]+\.)+([a-z0-9-]+)\.eks\.amazonaws\.com(?:\.cn)?$/.exec(host);
  const region = match?.[1];
  if (region === undefined || !isRegion(region)) return undefined;
  // China regions are served from amazonaws.com.cn only, and only China regions are.
  const china = host.endsWith('.cn');
  return china === region.startsWith('cn-') ? region : undefined;
}

function hostOf(server: string): string | undefined {
  try {
    const url = new URL(server.trim());
    return url.protocol === 'https:' ? url.hostname.toLowerCase().replace(/\.$/, '') : undefined;
  } catch {
    return undefined;
  }
}
