import type { Span } from './span.js';

/**
 * A format-neutral value tree with exact source spans. YAML, JSON and (later) HCL loaders
 * all produce it, so rules never see a parser's own node types.
 */
export type SourceNode = MapNode | SeqNode | ScalarNode | OpaqueNode;

/** How a plain YAML scalar resolves under YAML 1.1, which the Go YAML stack uses. */
export type ScalarType = 'string' | 'bool' | 'int' | 'float' | 'null';

export interface ScalarNode {
  readonly kind: 'scalar';
  readonly span: Span;
  /** The value as the authenticator's JSON path sees it (YAML 1.1 resolution for plain scalars). */
  readonly value: string | number | boolean | null;
  readonly type: ScalarType;
  /** Source text of a plain scalar (what the older, yaml.v2-only parser keeps); the value otherwise. */
  readonly text: string;
  readonly style: 'plain' | 'single' | 'double' | 'literal' | 'folded' | 'json';
  /** Maps the scalar's string value back to source text, when the value is embedded YAML. */
  readonly embed?: () => EmbeddedText;
  /** The span of part of the value (value offsets), or of the whole scalar when it cannot be mapped. */
  readonly locate?: (start: number, end: number) => Span;
}

/** A scalar whose value is a string. */
export type StringScalar = ScalarNode & { readonly value: string };

export interface MapEntry {
  readonly key: string;
  readonly keySpan: Span;
  readonly value: SourceNode;
  /** Brought in by a YAML merge key (`<<: *anchor`); an explicit key may override it. */
  readonly merged?: boolean;
}

export interface MapNode {
  readonly kind: 'map';
  readonly span: Span;
  /** All entries in source order, duplicates included: rules decide what a duplicate means. */
  readonly entries: readonly MapEntry[];
}

export interface SeqNode {
  readonly kind: 'seq';
  readonly span: Span;
  readonly items: readonly SourceNode[];
}

/** A value the loader cannot know statically (an unresolved expression). Rules stay silent on it. */
export interface OpaqueNode {
  readonly kind: 'opaque';
  readonly span: Span;
  /** For a YAML value with a local tag (CloudFormation's `!Ref Name`): the tag and the scalar text. */
  readonly tag?: string;
  readonly text?: string;
}

/** The string value of a scalar together with a map from value offsets to source offsets. */
export type EmbeddedText =
  | { readonly ok: true; readonly text: string; readonly toSource: (valueOffset: number) => number }
  | { readonly ok: false; readonly reason: string };

/** The last entry with this key wins, as in every decoder the authenticator has used. */
export function lastEntry(map: MapNode, key: string): MapEntry | undefined {
  for (let i = map.entries.length - 1; i >= 0; i--) {
    const entry = map.entries[i];
    if (entry?.key === key) return entry;
  }
  return undefined;
}

export function lastValue(map: MapNode, key: string): SourceNode | undefined {
  return lastEntry(map, key)?.value;
}

export function stringValue(node: SourceNode | undefined): string | undefined {
  return node?.kind === 'scalar' && typeof node.value === 'string' ? node.value : undefined;
}

/** Visits every node of a tree once, parents first. Aliased subtrees are shared, so track them. */
export function walkNodes(root: SourceNode, visit: (node: SourceNode) => void): void {
  const seen = new Set<SourceNode>();
  const stack: SourceNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === undefined || seen.has(node)) continue;
    seen.add(node);
    visit(node);
    const children = node.kind === 'map' ? node.entries.map((e) => e.value) : node.kind === 'seq' ? node.items : [];
    stack.push(...[...children].reverse());
  }
}

/** The span of `value.slice(start, end)` of a scalar, falling back to the whole scalar. */
export function substringSpan(node: ScalarNode, start: number, end: number): Span {
  return node.locate?.(start, end) ?? node.span;
}
