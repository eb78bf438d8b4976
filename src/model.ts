import type { MapNode, ScalarNode, SourceNode } from './source-node.js';
import type { Span } from './span.js';
import type { EksModuleUse } from './terraform/module-eks.js';
import type { Kubeconfig } from './kubeconfig/model.js';

/** Where aws-auth mappings were written. Later carriers (Terraform, CloudFormation) join this union. */
export type AwsAuthCarrier = 'manifest' | 'eksctl' | 'terraform';

export type SectionName = 'mapRoles' | 'mapUsers' | 'mapAccounts';
export const SECTION_NAMES: readonly SectionName[] = ['mapRoles', 'mapUsers', 'mapAccounts'];

/** One aws-auth ConfigMap (or a ConfigMap that carries aws-auth keys), whatever its carrier. */
export interface AwsAuthConfigMap {
  readonly carrier: AwsAuthCarrier;
  readonly file: string;
  /** The whole object, for findings about the ConfigMap itself. */
  readonly node: MapNode;
  /** Where `kind: ConfigMap` (or the resource header) is written: findings about the object sit here. */
  readonly anchor: Span;
  readonly metadata: MapNode | undefined;
  readonly name: ScalarNode | undefined;
  readonly namespace: ScalarNode | undefined;
  readonly data: MapNode | undefined;
  readonly immutable: { readonly keySpan: Span; readonly value: SourceNode } | undefined;
  readonly sections: readonly AwsAuthSection[];
}

/** The state of one embedded key, as the authenticator would load it. */
export type SectionContent =
  /** A YAML list or mapping where a string belongs: the API server rejects the object. */
  | { readonly kind: 'not-string' }
  /** Empty, `""`, `''`, two backticks or null: read as no mappings, no error. */
  | { readonly kind: 'empty' }
  /** A folded (`>`) block that joined lines: the embedded text is not what was written. */
  | { readonly kind: 'folded'; readonly text: string }
  /** The embedded YAML fails to load: every mapping of this key is dropped. */
  | { readonly kind: 'invalid'; readonly problems: readonly EmbeddedProblem[] }
  | {
      readonly kind: 'parsed';
      readonly root: SourceNode | null;
      /** A `---` separator: entries after it are ignored without an error. */
      readonly truncatedAt: Span | undefined;
    }
  /** The value cannot be known statically. */
  | { readonly kind: 'unknown' }
  /** Mappings that a tool writes into aws-auth from its own structured input (eksctl). */
  | { readonly kind: 'structured' };

export interface EmbeddedProblem {
  readonly message: string;
  readonly span: Span;
}

/** What holds aws-auth mappings: a ConfigMap manifest, or a cluster definition that writes them. */
export type AwsAuthOwner = AwsAuthConfigMap | Cluster;

export interface AwsAuthSection {
  readonly name: SectionName;
  /** How the section is called where it is written (`mapRoles`, or eksctl's `iamIdentityMappings`). */
  readonly label: string;
  readonly owner: AwsAuthOwner;
  readonly keySpan: Span;
  readonly value: SourceNode;
  readonly content: SectionContent;
}

/** One `mapRoles` or `mapUsers` list item that is a mapping. Field lookups follow the newer,
 * case-insensitive parser (last key wins); `field-key-case` reports what the older one drops. */
export interface Mapping {
  readonly section: AwsAuthSection;
  readonly index: number;
  readonly node: MapNode;
  readonly kind: 'role' | 'user';
  /** The key the principal is written under: `rolearn`, `userarn`, or eksctl's `arn`. */
  readonly principalKey: string;
  readonly principal: SourceNode | undefined;
  readonly sso: SourceNode | undefined;
  readonly username: SourceNode | undefined;
  readonly groups: SourceNode | undefined;
  /** The kind of node this principal is, when its cluster declares it as a node role (set by the model). */
  readonly declaredNodeKind?: NodeRole['kind'];
}

export interface AccountMapping {
  readonly section: AwsAuthSection;
  readonly index: number;
  readonly node: SourceNode;
}

/** A JSON Schema violation of embedded aws-auth content, already located. */
export interface SchemaIssue {
  readonly section: AwsAuthSection;
  readonly keyword: string;
  /** JSON Pointer into the section's document. */
  readonly pointer: string;
  readonly node: SourceNode;
  readonly params: Readonly<Record<string, unknown>>;
  /** The entry the issue belongs to, when it is inside one. */
  readonly mapping: Mapping | undefined;
}

/** A JSON Schema violation in a tool's own configuration (eksctl ClusterConfig), already located. */
export interface ConfigIssue {
  readonly schema: 'eksctl';
  readonly cluster: Cluster;
  readonly keyword: string;
  /** JSON Pointer into the ClusterConfig. */
  readonly pointer: string;
  readonly node: SourceNode;
  readonly params: Readonly<Record<string, unknown>>;
  /** Keys allowed where the issue is, for did-you-mean suggestions. */
  readonly knownKeys: readonly string[];
}

export interface Model {
  readonly configMaps: readonly AwsAuthConfigMap[];
  readonly sections: readonly AwsAuthSection[];
  readonly mappings: readonly Mapping[];
  readonly accounts: readonly AccountMapping[];
  readonly schemaIssues: readonly SchemaIssue[];
  readonly configIssues: readonly ConfigIssue[];
  /** Files that could not be read or parsed, for `parse-error`. */
  readonly parseFailures: readonly ParseFailure[];
  /** kustomization.yaml files: they can set the namespace of the manifests they list. */
  readonly kustomizations: readonly Kustomization[];
  readonly clusters: readonly Cluster[];
  readonly accessEntries: readonly AccessEntry[];
  /** terraform-aws-modules/eks module blocks (and its aws-auth submodule), with the majors their version allows. */
  readonly eksModules?: readonly EksModuleUse[];
  /** Terraform principals built from `data.aws_caller_identity.<name>.arn` (access entries, aws-auth mapRoles). */
  readonly callerIdentityPrincipals?: readonly CallerIdentityPrincipal[];
  /** Terraform `kubernetes_config_map`/`_v1` resources that own the whole aws-auth ConfigMap. */
  readonly configMapOwners?: readonly TerraformConfigMapOwner[];
  /** kubeconfig files (`kind: Config`), each with the merged configuration its names resolve in. */
  readonly kubeconfigs: readonly Kubeconfig[];
  /** The cluster aws-auth content belongs to, when that is certain (see src/cluster/ownership.ts). */
  clusterOf(owner: AwsAuthOwner): Cluster | undefined;
}

/** A reference to `data.aws_caller_identity.<name>.arn` that a Terraform principal is built from. */
export interface CallerIdentityPrincipal {
  /** `principal_arn` (access entry, policy association) or `rolearn` (aws-auth mapRoles). */
  readonly attribute: 'principal_arn' | 'rolearn';
  /** The data source's name (`current`). */
  readonly dataName: string;
  /** The reference, where it is written (a `local.x` definition when the value comes from there). */
  readonly span: Span;
}

/** A Terraform resource that owns the whole aws-auth ConfigMap (not `_v1_data`), with the node resources of its module. */
export interface TerraformConfigMapOwner {
  readonly type: string;
  readonly file: string;
  /** The resource header, as the `AwsAuthConfigMap` it produces is anchored. */
  readonly anchor: Span;
  /** The resource type label. */
  readonly typeSpan: Span;
  /** `aws_eks_node_group` and `aws_eks_fargate_profile` resources of the same module directory. */
  readonly nodeResources: readonly { readonly type: string; readonly span: Span }[];
}

export type AuthMode = 'CONFIG_MAP' | 'API_AND_CONFIG_MAP' | 'API';
export const AUTH_MODES: readonly AuthMode[] = ['CONFIG_MAP', 'API_AND_CONFIG_MAP', 'API'];

/** A cluster setting and where its value came from: written, a tool's default, or --auth-mode. */
export interface Setting<T> {
  readonly value: T;
  /** The written value, when it is written. */
  readonly node?: SourceNode;
  /** `unknown`: written as an expression only known at deploy time (a CloudFormation `!Ref`); rules stay silent. */
  readonly source: 'explicit' | 'default' | 'flag' | 'unknown';
  /** Whose default applies, for messages ("eksctl's default"). */
  readonly defaultOf?: string;
  /** For `flag`: where the value was given, for messages, when not --auth-mode (a configuration file). */
  readonly origin?: string;
}

/** One EKS cluster as the scanned files define it. */
export interface Cluster {
  readonly carrier: 'eksctl' | 'cloudformation' | 'terraform' | 'flag';
  readonly file: string;
  /** Directory of the defining file, as a display path ('' for the working directory). */
  readonly directory: string;
  readonly node: MapNode | undefined;
  /** Where findings about the cluster as a whole sit: its name, or its definition. */
  readonly anchor: Span | undefined;
  readonly name: string | undefined;
  readonly region: string | undefined;
  /** The AWS partition of the region (aws, aws-cn, aws-us-gov, ...), when the region is known. */
  readonly partition: string | undefined;
  readonly authMode: Setting<string>;
  /** `accessConfig` (or the place it would go), for findings about the cluster's access settings. */
  readonly accessConfigSpan: Span | undefined;
  readonly creatorAdmin: Setting<boolean>;
  readonly accessEntries: readonly AccessEntry[];
  /** Access entries or policy associations may exist beyond `accessEntries` (Terraform resources whose
   * `for_each`/`count` or principal is unknown): rules that need the absence of an entry stay silent. */
  readonly accessEntriesIncomplete?: boolean;
  readonly nodes: ClusterNodes;
}

/** What the cluster runs as nodes, with where each is declared. */
export interface ClusterNodes {
  readonly windows: readonly Span[];
  readonly fargate: readonly Span[];
  readonly hybrid: Span | undefined;
  readonly autoMode: Span | undefined;
  readonly selfManaged: readonly Span[];
  /** IAM roles the cluster's node groups and Fargate profiles run with, where they are written. */
  readonly roles: readonly NodeRole[];
}

/** A node IAM role declared by the cluster definition, and the kind of node that uses it. */
export interface NodeRole {
  readonly arn: string;
  readonly kind: 'ec2-linux' | 'ec2-windows' | 'fargate';
  readonly span: Span;
}

export interface AccessEntry {
  /** The cluster it is created in; undefined when a template names a cluster it does not define. */
  readonly cluster: Cluster | undefined;
  /** The tool whose file declares it, for messages in that tool's words. */
  readonly carrier: 'eksctl' | 'cloudformation' | 'terraform';
  readonly file: string;
  readonly index: number;
  readonly node: MapNode;
  readonly principal: SourceNode | undefined;
  readonly type: SourceNode | undefined;
  readonly kubernetesGroups: SourceNode | undefined;
  readonly username: SourceNode | undefined;
  readonly policies: readonly AccessPolicy[];
  /** Some policy association of its module could not be matched to an entry (Terraform): the policies may be more. */
  readonly policiesIncomplete?: boolean;
}

export interface AccessPolicy {
  readonly node: MapNode;
  readonly arn: SourceNode | undefined;
  readonly scope: SourceNode | undefined;
}

export interface Kustomization {
  /** Directory of the kustomization file, as a display path ('' for the working directory). */
  readonly directory: string;
  readonly namespace: string | undefined;
  readonly resources: readonly string[];
}

export interface ParseFailure {
  readonly span: Span;
  readonly message: string;
}
