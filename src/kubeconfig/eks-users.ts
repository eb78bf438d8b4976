import type { Model } from '../model.js';
import { substringSpan, type SourceNode } from '../source-node.js';
import type { Span } from '../span.js';
import { clusterIdentity, type ClusterIdentity } from './cluster-identity.js';
import { readEksExec, type EksExec, type ExecValue, type ExecWord } from './exec-args.js';
import { execInputOf } from './load.js';
import { clusterOfContext, contextsUsing } from './merge.js';
import type { Kubeconfig, KubeconfigCluster, KubeconfigContext, KubeconfigUser } from './model.js';

/** A context that uses an EKS user, and the EKS cluster it reaches when its cluster entry tells. */
export interface EksContext {
  readonly context: KubeconfigContext;
  readonly cluster: KubeconfigCluster | undefined;
  readonly identity: ClusterIdentity | undefined;
}

/** A kubeconfig user whose exec plugin makes EKS tokens, with the contexts that use it. */
export interface EksUser {
  readonly kubeconfig: Kubeconfig;
  readonly user: KubeconfigUser;
  readonly exec: EksExec<SourceNode>;
  readonly contexts: readonly EksContext[];
}

/**
 * Every user entry of the run whose exec runs `aws eks get-token` or `aws-iam-authenticator token`, once
 * (a file merged with others is visited once per document, each with its own users). A user that an
 * earlier file of the KUBECONFIG list shadows has no contexts: kubectl never reads it.
 */
export function eksUsers(model: Model): EksUser[] {
  return model.kubeconfigs.flatMap((kubeconfig) =>
    kubeconfig.users.flatMap((user): EksUser[] => {
      const exec = user.exec === undefined ? undefined : readEksExec(execInputOf(user.exec));
      if (exec === undefined) return [];
      const contexts = contextsUsing(user, kubeconfig.merged).map((context): EksContext => {
        const cluster = clusterOfContext(context, kubeconfig.merged);
        // A context whose cluster entry is missing talks to localhost, not to EKS.
        const identity = cluster === undefined ? undefined : clusterIdentity({ name: cluster.name?.value, server: cluster.server?.value }, context.name?.value);
        return { context, cluster, identity };
      });
      return [{ kubeconfig, user, exec, contexts }];
    }),
  );
}

/**
 * The exact span of an exec value, inside its argument (`--region=us-east-1`) or env value; with `from`/`to`,
 * of that part of the value.
 */
export function valueSpan(value: ExecValue<SourceNode>, from = 0, to: number = value.value.length): Span {
  // An empty value (`--cluster-name=`, `value: ""`) has no characters: point at what is written.
  if (from >= to) return value.at.span;
  return value.at.kind === 'scalar' ? substringSpan(value.at, value.start + from, value.start + to) : value.at.span;
}

/** The exact span of an exec word (`get-token`), without its quotes. */
export function wordSpan(word: ExecWord<SourceNode>): Span {
  return word.at.kind === 'scalar' ? substringSpan(word.at, 0, word.text.length) : word.at.span;
}

/** How to write a value the same way it is given, for fixes: `--region us-east-1`, `AWS_REGION=us-east-1 in exec.env`. */
export function asWritten(value: ExecValue<SourceNode>, replacement: string): string {
  return value.via.startsWith('env ') ? `${value.via.slice(4)}=${replacement} in exec.env` : `${value.via} ${replacement}`;
}

/** A context's name for messages. */
export function contextName(context: KubeconfigContext): string {
  return context.name?.value ?? `#${context.index + 1}`;
}

/** Where a context's EKS cluster is read from, for related locations: the cluster entry's name or server. */
export function identitySpan(eks: EksContext): Span {
  const { cluster, identity, context } = eks;
  if (identity?.source === 'context') return context.name?.node.span ?? context.contextEntry?.keySpan ?? context.node.span;
  if (identity?.source === 'server') return cluster?.server?.node.span ?? context.node.span;
  return cluster?.name?.node.span ?? context.node.span;
}

/** The cluster for messages: `cluster "prod" (us-east-1)`, or `a cluster in us-east-1` when only the region is known. */
export function describeCluster(identity: ClusterIdentity): string {
  return identity.name === undefined ? `a cluster in ${identity.region}` : `cluster "${identity.name}" (${identity.region})`;
}

/** What the identity was read from, for messages. */
export function identityEvidence(identity: ClusterIdentity): string {
  switch (identity.source) {
    case 'arn':
      return "the cluster entry's ARN name";
    case 'eksctl':
      return "the cluster entry's eksctl name";
    case 'server':
      return 'the endpoint host';
    case 'context':
      return "the context's name";
  }
}
