import { lastEntry, type MapNode, type SourceNode } from '../source-node.js';
import type { Span } from '../span.js';
import type { ExecInput } from './exec-args.js';
import type {
  KubeconfigCluster,
  KubeconfigContext,
  KubeconfigDocument,
  KubeconfigListKey,
  KubeconfigUser,
  KubeEnvVar,
  KubeExec,
  KubeListItem,
  KubeValue,
  StaticToken,
  StaticTokenKind,
} from './model.js';

/** The prefix of an EKS bearer token (`k8s-aws-v1.` + base64url of a pre-signed STS URL). */
export const EKS_TOKEN_PREFIX = 'k8s-aws-v1.';

/** Cheap text test for load-file.ts: a `kind: Config` line (YAML) or member (JSON), never `ConfigMap`. */
export const KUBECONFIG_HINT = /["']?\bkind["']?\s*:\s*["']?Config\b/;

const LISTS: readonly KubeconfigListKey[] = ['clusters', 'users', 'contexts'];

/**
 * A kubeconfig by content: `kind: Config` with `apiVersion: v1` (kubectl always writes both; a
 * missing apiVersion is accepted, as client-go defaults it) and at least one of the named lists or
 * `current-context` (context switchers keep a file of that alone first in KUBECONFIG).
 */
export function isKubeconfig(root: SourceNode | null): root is MapNode {
  if (root?.kind !== 'map') return false;
  if (textOf(lastEntry(root, 'kind')?.value) !== 'Config') return false;
  const apiVersion = lastEntry(root, 'apiVersion');
  if (apiVersion !== undefined && textOf(apiVersion.value) !== 'v1') return false;
  return [...LISTS, 'current-context'].some((key) => lastEntry(root, key) !== undefined);
}

/**
 * Reads a kubeconfig document already recognised by `isKubeconfig`. Secrets (static tokens, passwords, client
 * keys, auth-provider settings, secret-looking exec env values) are classified, then left out of the tree the model keeps.
 */
export function readKubeconfig(original: MapNode, file: string, format: 'yaml' | 'json'): KubeconfigDocument {
  const root = withoutSecrets(original);
  const lists: Partial<Record<KubeconfigListKey, KubeValue>> = {};
  for (const key of LISTS) {
    const entry = field(root, key);
    if (entry !== undefined) lists[key] = entry;
  }
  const originalUsers = itemsOf(field(original, 'users'));
  const kind = lastEntry(root, 'kind');
  return {
    file,
    node: root,
    anchor: kind?.value.span ?? root.span,
    format,
    clusters: itemsOf(lists.clusters).map((item, index) => readCluster(item, index, file)),
    users: itemsOf(lists.users).map((item, index) => readUser(item, originalUsers[index], index, file)),
    contexts: itemsOf(lists.contexts).map((item, index) => readContext(item, index, file)),
    lists,
    currentContext: field(root, 'current-context'),
  };
}

function readCluster(node: SourceNode, index: number, file: string): KubeconfigCluster {
  const clusterEntry = field(node, 'cluster');
  const body = clusterEntry?.node;
  return {
    file,
    index,
    node,
    name: field(node, 'name'),
    clusterEntry,
    server: field(body, 'server'),
    certificateAuthority: field(body, 'certificate-authority'),
    certificateAuthorityData: field(body, 'certificate-authority-data'),
    insecureSkipTlsVerify: field(body, 'insecure-skip-tls-verify'),
    proxyUrl: field(body, 'proxy-url'),
  };
}

function readUser(node: SourceNode, original: SourceNode | undefined, index: number, file: string): KubeconfigUser {
  const userEntry = field(node, 'user');
  const body = userEntry?.node;
  const exec = body?.kind === 'map' ? lastEntry(body, 'exec') : undefined;
  const authProvider = body?.kind === 'map' ? lastEntry(body, 'auth-provider') : undefined;
  return {
    file,
    index,
    node,
    name: field(node, 'name'),
    userEntry,
    exec: exec === undefined ? undefined : readExec(exec.keySpan, exec.value),
    token: staticToken(field(original, 'user')?.node),
    tokenFile: field(body, 'tokenFile'),
    authProvider: authProvider?.keySpan,
  };
}

function readContext(node: SourceNode, index: number, file: string): KubeconfigContext {
  const contextEntry = field(node, 'context');
  const body = contextEntry?.node;
  return {
    file,
    index,
    node,
    name: field(node, 'name'),
    contextEntry,
    cluster: field(body, 'cluster'),
    user: field(body, 'user'),
    namespace: field(body, 'namespace'),
  };
}

function readExec(keySpan: Span, value: SourceNode): KubeExec {
  const argsEntry = field(value, 'args');
  const envEntry = field(value, 'env');
  return {
    keySpan,
    node: value.kind === 'map' ? value : undefined,
    apiVersion: field(value, 'apiVersion'),
    command: field(value, 'command'),
    argsEntry,
    args: itemsOf(argsEntry).map((item, index): KubeListItem => ({ index, node: item, value: textOf(item) })),
    envEntry,
    env: itemsOf(envEntry).map((item, index): KubeEnvVar => ({ index, node: item, name: field(item, 'name'), value: field(item, 'value') })),
    interactiveMode: field(value, 'interactiveMode'),
    provideClusterInfo: field(value, 'provideClusterInfo'),
    installHint: field(value, 'installHint'),
  };
}

/** Classifies `user.token` without keeping its text. */
function staticToken(body: SourceNode | undefined): StaticToken | undefined {
  const entry = body?.kind === 'map' ? lastEntry(body, 'token') : undefined;
  if (entry === undefined) return undefined;
  const value = entry.value;
  const text = value.kind === 'scalar' && typeof value.value === 'string' ? value.value : undefined;
  return { keySpan: entry.keySpan, span: value.span, kind: tokenKind(text) };
}

const PLACEHOLDER = /^\s*(?:\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*|<[^>]*>|\{\{.*\}\}|%[A-Za-z_][A-Za-z0-9_]*%)\s*$/;
/**
 * Words that stand for a value in templates and docs: `REPLACE_ME`, `YOUR_TOKEN`, `xxxxxx`, `***`, `changeme`, and
 * what `kubectl config view` prints instead of secrets and certificates (`REDACTED`, `DATA+OMITTED`). Upper-case
 * letters only in the first segment, so an upper-case hex credential is not one.
 */
const PLACEHOLDER_WORD = /^(?:[A-Z]+(?:[_-][A-Z0-9]+)*|DATA\+OMITTED|x{4,}|X{4,}|\*{3,}|\.{3,}|…)$/;
const PLACEHOLDER_TEXT = /^(?:redacted|changeme|change[-_]me|replace[-_]?me|todo|tbd|dummy|token|your[-_ ][\w -]*)$/i;

function tokenKind(text: string | undefined): StaticTokenKind {
  if (text === undefined) return 'not-string';
  const trimmed = text.trim();
  if (trimmed === '') return 'empty';
  if (trimmed.startsWith(EKS_TOKEN_PREFIX)) return 'eks';
  return isPlaceholder(trimmed) ? 'placeholder' : 'other';
}

/** A template or shell reference filled in at run time (`${TOKEN}`, `$CA`, `<token>`, `{{ .ca }}`) or a stand-in word (`REPLACE_ME`), not a value. */
export function isPlaceholder(text: string): boolean {
  return PLACEHOLDER.test(text) || PLACEHOLDER_WORD.test(text.trim()) || PLACEHOLDER_TEXT.test(text.trim());
}

/** `auth-provider` (the legacy OIDC/GCP/Azure plugins) keeps id, refresh and access tokens and the client secret in its `config`. */
const SECRET_USER_KEYS: ReadonlySet<string> = new Set(['token', 'password', 'client-key-data', 'auth-provider']);
const SECRET_ENV_NAME = /SECRET|TOKEN|PASSWORD/i;

/** The document with every secret value replaced by an opaque node of the same span. */
function withoutSecrets(root: MapNode): MapNode {
  return mapEntry(root, 'users', (users) => (users.kind === 'seq' ? { ...users, items: users.items.map((item) => mapEntry(item, 'user', userWithoutSecrets)) } : users));
}

function userWithoutSecrets(user: SourceNode): SourceNode {
  if (user.kind !== 'map') return user;
  const entries = user.entries.map((entry) => {
    if (SECRET_USER_KEYS.has(entry.key)) return { ...entry, value: hidden(entry.value) };
    if (entry.key !== 'exec') return entry;
    return { ...entry, value: mapEntry(entry.value, 'env', (env) => (env.kind === 'seq' ? { ...env, items: env.items.map(envWithoutSecret) } : env)) };
  });
  return { ...user, entries };
}

function envWithoutSecret(variable: SourceNode): SourceNode {
  const name = textOf(variable.kind === 'map' ? lastEntry(variable, 'name')?.value : undefined);
  return name !== undefined && SECRET_ENV_NAME.test(name) ? mapEntry(variable, 'value', hidden) : variable;
}

function hidden(node: SourceNode): SourceNode {
  return { kind: 'opaque', span: node.span };
}

/** A copy of a mapping with the values of `key` replaced; any other node as it is. */
function mapEntry<T extends SourceNode>(node: T, key: string, replace: (value: SourceNode) => SourceNode): T {
  if (node.kind !== 'map') return node;
  return { ...node, entries: node.entries.map((entry) => (entry.key === key ? { ...entry, value: replace(entry.value) } : entry)) };
}

/** A key of a mapping (the last one wins, as in client-go's decoder). */
function field(node: SourceNode | undefined, key: string): KubeValue | undefined {
  if (node?.kind !== 'map') return undefined;
  const entry = lastEntry(node, key);
  return entry === undefined ? undefined : { keySpan: entry.keySpan, node: entry.value, value: textOf(entry.value) };
}

function itemsOf(value: KubeValue | undefined): readonly SourceNode[] {
  return value?.node.kind === 'seq' ? value.node.items : [];
}

/**
 * The string client-go reads: sigs.k8s.io/yaml turns a plain scalar into the string field's text
 * (`123`, `true`). Null, a map or a list has none.
 */
function textOf(node: SourceNode | undefined): string | undefined {
  if (node?.kind !== 'scalar') return undefined;
  if (typeof node.value === 'string') return node.value;
  return node.type === 'null' ? undefined : node.text;
}

/** The exec entry as `readEksExec` takes it: its words located by their source nodes. */
export function execInputOf(exec: KubeExec): ExecInput<SourceNode> {
  return {
    command: exec.command?.value ?? '',
    args: exec.args.flatMap((arg) => (arg.value === undefined ? [] : [{ text: arg.value, at: arg.node }])),
    env: exec.env.flatMap((variable) => {
      const name = variable.name?.value;
      if (name === undefined) return [];
      const value = variable.value;
      return [{ name, value: value?.value === undefined ? undefined : { text: value.value, at: value.node } }];
    }),
  };
}
