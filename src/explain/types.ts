/**
 * What `explain` answers about one caller, as plain JSON-serialisable data: every place is a
 * `file:line:col` string, every absent value is `null`, so the JSON output is stable for scripts.
 */

export type CallerKind = 'user' | 'role' | 'assumed-role' | 'root' | 'federated-user';

/** The caller as STS reports it, and as the authenticator matches it. */
export interface Caller {
  /** The ARN as given. */
  readonly arn: string;
  /** What mappings are compared with: an assumed role becomes its IAM role ARN, without a path. */
  readonly canonicalArn: string;
  readonly kind: CallerKind;
  readonly partition: string;
  readonly accountId: string;
  /** Role or user name without its path (`root` for the account root). */
  readonly name: string;
  /** An IAM user's path (`/` or `/team/`); empty for other kinds. */
  readonly path: string;
  /** The session name (an assumed role's session, a federated user's name); empty for IAM users and root; null when not known. */
  readonly sessionName: string | null;
  /** The access key id, when known (an authenticator log line carries it). */
  readonly accessKeyId: string | null;
}

export type Outcome = 'mapped' | 'denied' | 'unknown';

/** Where the identity comes from. */
export type Via = 'access-entry' | 'mapRoles' | 'mapUsers' | 'mapAccounts';

export interface ClusterRef {
  /** For people: `cluster "prod" (eksctl, clusters/prod.yaml:4:9)`. */
  readonly label: string;
  readonly name: string | null;
  /** Where the cluster is defined; null for the implicit cluster of aws-auth manifests no scanned cluster owns. */
  readonly definedAt: string | null;
  readonly carrier: 'eksctl' | 'cloudformation' | 'terraform' | 'implicit';
  readonly authMode: string;
  readonly authModeSource: 'explicit' | 'default' | 'flag' | 'unknown';
  /** Where the mode comes from, in words: `authenticationMode API`, `CONFIG_MAP (CloudFormation's default)`. */
  readonly authModeDescription: string;
  /** Files whose aws-auth content this cluster reads. */
  readonly awsAuthFiles: readonly string[];
}

export interface PolicyGrant {
  /** The policy name (`AmazonEKSViewPolicy`), or null when the ARN is not an access policy ARN. */
  readonly name: string | null;
  readonly arn: string;
  readonly scope: 'cluster' | 'namespace' | null;
  readonly namespaces: readonly string[];
  readonly at: string;
}

/** What the cluster makes of the caller when a mapping or access entry matches. */
export interface Grant {
  readonly via: Via;
  /** The principal (or the mapAccounts item) that matched. */
  readonly at: string;
  /** The principal as written (the account id for mapAccounts). */
  readonly principal: string;
  /** The access entry type (STANDARD when omitted); null for aws-auth. */
  readonly entryType: string | null;
  /** The Kubernetes username after templates are rendered; null when it cannot be known here. */
  readonly username: string | null;
  /** The username as written (or the default EKS gives it); null when none. */
  readonly usernameTemplate: string | null;
  readonly groups: readonly string[];
  readonly groupTemplates: readonly string[];
  /** Access policies with their scopes (access entries only). */
  readonly policies: readonly PolicyGrant[];
}

/** A mapping that matches the caller but is not the one used. */
export interface Shadowed {
  readonly via: Via;
  readonly at: string;
  readonly principal: string;
  readonly reason: string;
}

export type NearMissKind =
  | 'role-path'
  | 'user-path'
  | 'assumed-role-arn'
  | 'whitespace'
  | 'account'
  | 'partition'
  | 'name'
  | 'principal-type'
  | 'service'
  | 'wrong-key'
  | 'arn-in-map-accounts'
  | 'account-typo'
  | 'sso'
  | 'dropped-entry'
  | 'yaml-error'
  | 'ignored-data-key'
  | 'ignored-configmap'
  | 'api-mode'
  | 'config-map-mode'
  | 'other-cluster';

/** Something that looks meant for this caller but does not admit it, and why. */
export interface NearMiss {
  readonly kind: NearMissKind;
  readonly at: string;
  /** The text as written, when there is one. */
  readonly written: string | null;
  readonly message: string;
}

export interface ClusterExplanation {
  readonly cluster: ClusterRef;
  readonly outcome: Outcome;
  /** One sentence: why this outcome. */
  readonly reason: string;
  readonly grant: Grant | null;
  readonly shadowed: readonly Shadowed[];
  readonly nearMisses: readonly NearMiss[];
  /** Things that hold for the match or make the answer less certain. */
  readonly warnings: readonly string[];
}

export interface Explanation {
  readonly caller: Caller;
  /** Notes about how the ARN was read (a role ARN given instead of the caller's, a path dropped). */
  readonly callerNotes: readonly string[];
  /** True when every cluster in scope maps the caller. */
  readonly mapped: boolean;
  readonly clusters: readonly ClusterExplanation[];
  /** Files that could not be read or parsed: mappings in them are unknown. */
  readonly unreadable: readonly { readonly at: string; readonly message: string }[];
}
