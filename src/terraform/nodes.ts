import type { MapEntry, MapNode, OpaqueNode, ScalarNode, SeqNode, SourceNode, StringScalar } from '../source-node.js';
import type { LineIndex, Span } from '../span.js';
import { MappedString } from './mapped-string.js';

/**
 * A value built by `yamlencode(x)` / `jsonencode(x)`: the structure of `x` (spans inside point at
 * the HCL source of each value), standing for the string Terraform would produce. Its own span
 * is the call. An encoded value nested inside another value is a string there (`jsonencode`
 * inside `yamlencode`). In a string context (templates, `replace`, `indent`, ...) it is written
 * out as text, keys sorted and strings quoted as Terraform does.
 */
export type Encoded = SourceNode & { readonly encoded: 'yaml' | 'json' };

/** A path of names and keys: `['data', 'aws_caller_identity', 'current', 'arn']`; `'*'` for a splat. */
export type ReferencePath = readonly (string | number)[];

/**
 * An unknown value. `reference` is set when the value is read from something only Terraform
 * knows (`module.eks.cluster_name`, `aws_iam_role.node.arn`, `var.x` without a default).
 */
export type TfOpaque = OpaqueNode & { readonly reference?: ReferencePath };

/** Most nodes one value may expand to (shared subtrees counted each time they appear). */
export const MAX_VALUE_NODES = 20_000;
/** Deepest nesting of lists and maps in one value. */
export const MAX_VALUE_DEPTH = 100;
/** Longest string the evaluator builds. */
export const MAX_STRING_LENGTH = 1_000_000;
/** Work (nodes built, loop iterations, characters / 64) one evaluation may do. */
export const MAX_WORK = 200_000;
/** Work all evaluations of one module scope may do together. */
export const MAX_SCOPE_WORK = 5_000_000;

/** A file a node can be built in: where spans point. */
export interface Where {
  readonly path: string;
  readonly lines: LineIndex;
}

const mappings = new WeakMap<ScalarNode, MappedString>();
const keyMappings = new WeakMap<MapEntry, MappedString>();
const sizes = new WeakMap<SourceNode, number>();
const depths = new WeakMap<SourceNode, number>();
/** Opaque items of a list that stand for any number of items (`concat(known, var.more)`). */
const indefinite = new WeakSet<SourceNode>();

export function isEncoded(node: SourceNode): node is Encoded {
  return 'encoded' in node && (node.encoded === 'yaml' || node.encoded === 'json');
}

export function encodingOf(node: SourceNode): 'yaml' | 'json' | undefined {
  return isEncoded(node) ? node.encoded : undefined;
}

/** How many nodes `node` stands for (long strings count more). */
export function sizeOf(node: SourceNode): number {
  const known = sizes.get(node);
  if (known !== undefined) return known;
  if (node.kind === 'scalar' && typeof node.value === 'string') return 1 + (node.value.length >> 8);
  return 1;
}

export function isIndefinite(node: SourceNode): boolean {
  return indefinite.has(node);
}

export function mappingOf(node: ScalarNode): MappedString | undefined {
  return mappings.get(node);
}

export function keyMappingOf(entry: MapEntry): MappedString | undefined {
  return keyMappings.get(entry);
}

export function opaque(span: Span, reference?: ReferencePath): TfOpaque {
  return reference === undefined ? { kind: 'opaque', span } : { kind: 'opaque', span, reference };
}

/** An opaque list item that stands for zero or more unknown items. */
export function indefiniteItem(span: Span, reference?: ReferencePath): TfOpaque {
  const node = opaque(span, reference);
  indefinite.add(node);
  return node;
}

export function referenceOf(node: SourceNode): ReferencePath | undefined {
  return node.kind === 'opaque' && 'reference' in node ? (node as TfOpaque).reference : undefined;
}

function depthOf(node: SourceNode): number {
  return depths.get(node) ?? 0;
}

export function seqNode(span: Span, items: readonly SourceNode[]): SeqNode | TfOpaque {
  let size = 1;
  let depth = 0;
  for (const item of items) {
    size += sizeOf(item);
    depth = Math.max(depth, depthOf(item));
  }
  if (size > MAX_VALUE_NODES || depth >= MAX_VALUE_DEPTH) return opaque(span);
  const node: SeqNode = { kind: 'seq', span, items };
  sizes.set(node, size);
  depths.set(node, depth + 1);
  return node;
}

export interface EntryInit {
  readonly key: string;
  readonly keySpan: Span;
  readonly value: SourceNode;
  /** Where the key's characters came from, when known. */
  readonly keyMapping?: MappedString | undefined;
}

export function mapNode(span: Span, entries: readonly (EntryInit | MapEntry)[]): MapNode | TfOpaque {
  let size = 1;
  let depth = 0;
  const built: MapEntry[] = [];
  for (const init of entries) {
    size += sizeOf(init.value) + 1;
    depth = Math.max(depth, depthOf(init.value));
    const entry: MapEntry = { key: init.key, keySpan: init.keySpan, value: init.value };
    const mapping = 'keyMapping' in init ? init.keyMapping : keyMappings.get(init);
    if (mapping !== undefined) keyMappings.set(entry, mapping);
    built.push(entry);
  }
  if (size > MAX_VALUE_NODES || depth >= MAX_VALUE_DEPTH) return opaque(span);
  const node: MapNode = { kind: 'map', span, entries: built };
  sizes.set(node, size);
  depths.set(node, depth + 1);
  return node;
}

/** The span of `[start, end)` of a file, or of `fallback` when the mapping runs backwards. */
function rangeSpan(where: Where, start: number, end: number, fallback: Span): Span {
  return end < start ? fallback : where.lines.span(start, end);
}

/**
 * A string scalar whose characters map to the source through `mapping` (which must point into
 * `where`). `embed` and `locate` give exact positions for every character that was written
 * literally in that file.
 */
export function stringNode(where: Where, span: Span, mapping: MappedString, style: ScalarNode['style']): StringScalar {
  const node: StringScalar = {
    kind: 'scalar',
    span,
    value: mapping.value,
    type: 'string',
    text: mapping.value,
    style,
    embed: () => ({ ok: true, text: mapping.value, toSource: (offset: number) => mapping.embedStart(offset) }),
    locate: (start: number, end: number) => {
      const a = Math.max(0, Math.min(start, mapping.length));
      const b = Math.max(a, Math.min(end, mapping.length));
      if (b === a) {
        const at = mapping.embedStart(a);
        return where.lines.span(at, at);
      }
      // Exact when the characters are written in one place; else what brought them in, in order.
      const from = mapping.sourceStart(a);
      const to = mapping.sourceEnd(b);
      if (to >= from && mapping.sameOrigin(a, b)) return where.lines.span(from, to);
      return rangeSpan(where, mapping.embedStart(a), mapping.embedEnd(b), span);
    },
  };
  mappings.set(node, mapping);
  return node;
}

/** A string computed at `fallback`: its span is the exact source when it was copied from one stretch of text. */
export function computedString(where: Where, fallback: Span, mapping: MappedString): StringScalar {
  const verbatim = mapping.verbatimRange();
  const span = verbatim === undefined ? fallback : where.lines.span(verbatim.start, verbatim.end);
  return stringNode(where, span, mapping, 'double');
}

export function numberNode(span: Span, value: number, text = String(value)): ScalarNode {
  return { kind: 'scalar', span, value, type: Number.isInteger(value) ? 'int' : 'float', text, style: 'plain' };
}

export function boolNode(span: Span, value: boolean): ScalarNode {
  return { kind: 'scalar', span, value, type: 'bool', text: value ? 'true' : 'false', style: 'plain' };
}

export function nullNode(span: Span): ScalarNode {
  return { kind: 'scalar', span, value: null, type: 'null', text: 'null', style: 'plain' };
}

/** The structure of `node`, marked as encoded by `yamlencode`/`jsonencode`, spanning the call. */
export function encodedNode(node: SourceNode, encoding: 'yaml' | 'json', span: Span): Encoded {
  const base: SourceNode = isEncoded(node) ? stripEncoding(node) : node;
  const copy: Encoded = { ...base, span, encoded: encoding };
  copyRegistrations(node, copy);
  return copy;
}

/** The structure behind an encoded value (`jsondecode(jsonencode(x))`). */
export function stripEncoding(node: Encoded): SourceNode {
  const copy: Record<string, unknown> & SourceNode = { ...node };
  delete copy.encoded;
  copyRegistrations(node, copy);
  return copy;
}

function copyRegistrations(from: SourceNode, to: SourceNode): void {
  const size = sizes.get(from);
  if (size !== undefined) sizes.set(to, size);
  const depth = depths.get(from);
  if (depth !== undefined) depths.set(to, depth);
  if (from.kind === 'scalar' && to.kind === 'scalar') {
    const mapping = mappings.get(from);
    if (mapping !== undefined) mappings.set(to, mapping);
  }
  if (indefinite.has(from)) indefinite.add(to);
}

/**
 * The characters of a scalar as a string of file `where`, for string contexts (templates, `join`,
 * `format`). Characters from another file map to `[fallbackStart, fallbackEnd)`. Undefined for
 * null, collections and unknown values.
 */
export function scalarText(node: SourceNode, where: Where, fallbackStart: number, fallbackEnd: number): MappedString | undefined {
  if (node.kind !== 'scalar' || node.value === null) return undefined;
  const mapping = mappings.get(node);
  const out = new MappedString(where.path, fallbackStart);
  if (mapping !== undefined) return out.append(mapping, fallbackStart, fallbackEnd);
  const text = typeof node.value === 'string' ? node.value : typeof node.value === 'number' ? formatNumber(node.value) : String(node.value);
  if (node.span.file !== where.path) return out.point(text, fallbackStart, fallbackEnd);
  const source = where.lines.text.slice(node.span.startOffset, node.span.endOffset);
  return source === text ? out.copy(text, node.span.startOffset) : out.point(text, node.span.startOffset, node.span.endOffset);
}

/** How Terraform writes a number as a string (no exponent for ordinary values). */
export function formatNumber(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e21) return value.toFixed(0);
  return String(value);
}
