import type { MapNode, SourceNode } from '../source-node.js';
import type { Span } from '../span.js';

/**
 * The kubeconfig carrier (`apiVersion: v1`, `kind: Config`, YAML or JSON): clusters, users with
 * their exec credential plugins, contexts and `current-context`, each with the spans rules report
 * on. `preferences` and `extensions` are not read. Token values are never kept: a static token is
 * only classified (see `StaticToken`).
 */

/** A value written under a key: where the key is, the value node, and its string form when it has one. */
export interface KubeValue {
  readonly keySpan: Span;
  readonly node: SourceNode;
  /** The string client-go decodes (a plain `123` or `true` is its text); undefined for null, maps and lists. */
  readonly value: string | undefined;
}

/** One string of a list (`exec.args`), with its exact span. */
export interface KubeListItem {
  readonly index: number;
  readonly node: SourceNode;
  readonly value: string | undefined;
}

/** One `exec.env` item: `{name, value}`. */
export interface KubeEnvVar {
  readonly index: number;
  readonly node: SourceNode;
  readonly name: KubeValue | undefined;
  readonly value: KubeValue | undefined;
}

/** `users[].user.exec`: a client-go credential plugin. */
export interface KubeExec {
  /** The `exec` key. */
  readonly keySpan: Span;
  /** The `exec` map; undefined when `exec` is not a mapping. */
  readonly node: MapNode | undefined;
  readonly apiVersion: KubeValue | undefined;
  readonly command: KubeValue | undefined;
  /** The `args` key and value; undefined when no `args` is written. */
  readonly argsEntry: KubeValue | undefined;
  /** The items of `args` (empty when `args` is missing or not a list). */
  readonly args: readonly KubeListItem[];
  readonly envEntry: KubeValue | undefined;
  readonly env: readonly KubeEnvVar[];
  readonly interactiveMode: KubeValue | undefined;
  readonly provideClusterInfo: KubeValue | undefined;
  readonly installHint: KubeValue | undefined;
}

/**
 * What a static `token` is, never what it says. `eks`: an EKS bearer token (`k8s-aws-v1.` prefix);
 * `placeholder`: a template or shell reference (`${TOKEN}`, `<token>`, `{{ .token }}`); `empty`: `""`;
 * `other`: any other string; `not-string`: null, a number, a map or a list.
 */
export type StaticTokenKind = 'eks' | 'placeholder' | 'empty' | 'other' | 'not-string';

export interface StaticToken {
  readonly keySpan: Span;
  /** The value's span: findings point here and never quote it. */
  readonly span: Span;
  readonly kind: StaticTokenKind;
}

export interface KubeconfigUser {
  readonly file: string;
  readonly index: number;
  /** The list item (`- name: ...\n  user: ...`). */
  readonly node: SourceNode;
  readonly name: KubeValue | undefined;
  /** The `user` key and value (the AuthInfo). */
  readonly userEntry: KubeValue | undefined;
  readonly exec: KubeExec | undefined;
  readonly token: StaticToken | undefined;
  /** `tokenFile`: a path, not a secret. */
  readonly tokenFile: KubeValue | undefined;
  /** Where `auth-provider` is written (client-go rejects it together with `exec`). */
  readonly authProvider: Span | undefined;
}

export interface KubeconfigCluster {
  readonly file: string;
  readonly index: number;
  readonly node: SourceNode;
  readonly name: KubeValue | undefined;
  /** The `cluster` key and value. */
  readonly clusterEntry: KubeValue | undefined;
  readonly server: KubeValue | undefined;
  readonly certificateAuthority: KubeValue | undefined;
  readonly certificateAuthorityData: KubeValue | undefined;
  readonly insecureSkipTlsVerify: KubeValue | undefined;
  readonly proxyUrl: KubeValue | undefined;
}

export interface KubeconfigContext {
  readonly file: string;
  readonly index: number;
  readonly node: SourceNode;
  readonly name: KubeValue | undefined;
  readonly contextEntry: KubeValue | undefined;
  readonly cluster: KubeValue | undefined;
  readonly user: KubeValue | undefined;
  readonly namespace: KubeValue | undefined;
}

/** The named lists, as kubeconfig spells their keys. */
export type KubeconfigListKey = 'clusters' | 'users' | 'contexts';

/** One kubeconfig document as written, before it is placed in a run (see `Kubeconfig`). */
export interface KubeconfigDocument {
  readonly file: string;
  readonly node: MapNode;
  /** The `kind: Config` value: findings about the file as a whole sit here. */
  readonly anchor: Span;
  readonly format: 'yaml' | 'json';
  readonly clusters: readonly KubeconfigCluster[];
  readonly users: readonly KubeconfigUser[];
  readonly contexts: readonly KubeconfigContext[];
  /** The keys of the three lists, where written (a list that is not a YAML list has no items). */
  readonly lists: Readonly<Partial<Record<KubeconfigListKey, KubeValue>>>;
  readonly currentContext: KubeValue | undefined;
}

/**
 * Where a kubeconfig came from. `repository`: found in (or named among) the linted paths, so it is
 * committed and shared; `kubeconfig`: given with `--kubeconfig` or read from `KUBECONFIG`, a user's
 * own client configuration.
 */
export type KubeconfigOrigin = 'repository' | 'kubeconfig';

/** A kubeconfig document in a run: its origin, and the merged configuration names resolve in. */
export interface Kubeconfig extends KubeconfigDocument {
  readonly origin: KubeconfigOrigin;
  readonly merged: MergedKubeconfig;
}

/**
 * The configuration kubectl builds from a list of files (KUBECONFIG order): for each name the
 * first file that sets it wins, and `current-context` comes from the first file that sets it. A
 * kubeconfig found in a repository is a list of one.
 */
export interface MergedKubeconfig {
  /** The documents, in list order. */
  readonly documents: readonly KubeconfigDocument[];
  readonly clusters: ReadonlyMap<string, KubeconfigCluster>;
  readonly users: ReadonlyMap<string, KubeconfigUser>;
  readonly contexts: ReadonlyMap<string, KubeconfigContext>;
  readonly currentContext: KubeValue | undefined;
}
