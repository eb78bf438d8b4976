import type { MapNode, ScalarNode, SourceNode } from './source-node.js';
import type { Span } from './span.js';

/** Where an aws-auth ConfigMap was written. Later carriers (eksctl, Terraform) join this union. */
export type AwsAuthCarrier = 'manifest';

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
  | { readonly kind: 'unknown' };

export interface EmbeddedProblem {
  readonly message: string;
  readonly span: Span;
}

export interface AwsAuthSection {
  readonly name: SectionName;
  readonly owner: AwsAuthConfigMap;
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
  /** `rolearn` for mapRoles, `userarn` for mapUsers. */
  readonly principal: SourceNode | undefined;
  readonly sso: SourceNode | undefined;
  readonly username: SourceNode | undefined;
  readonly groups: SourceNode | undefined;
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

export interface Model {
  readonly configMaps: readonly AwsAuthConfigMap[];
  readonly sections: readonly AwsAuthSection[];
  readonly mappings: readonly Mapping[];
  readonly accounts: readonly AccountMapping[];
  readonly schemaIssues: readonly SchemaIssue[];
  /** Files that could not be read or parsed, for `parse-error`. */
  readonly parseFailures: readonly ParseFailure[];
  /** kustomization.yaml files: they can set the namespace of the manifests they list. */
  readonly kustomizations: readonly Kustomization[];
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
