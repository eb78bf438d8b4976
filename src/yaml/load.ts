import { Alias, Composer, CST, isAlias, isMap, isScalar, isSeq, Parser, Scalar, type Document, type Node as YamlNode } from 'yaml';
import type { EmbeddedText, MapEntry, SourceNode } from '../source-node.js';
import type { Span } from '../span.js';
import { embeddedText } from './embedded.js';
import { resolvePlainYaml11 } from './yaml11.js';

/** A problem the authenticator's YAML stack would fail on, found while building the tree. */
export interface YamlProblem {
  readonly code: string;
  readonly message: string;
  readonly span: Span;
  /** Where the problem starts in the parsed text (not the file), for callers that inspect that text. */
  readonly offset: number;
}

export interface LoadedDocument {
  readonly root: SourceNode | null;
  readonly errors: readonly YamlProblem[];
  /** Problems that `yaml` accepts but Go's YAML/JSON conversion rejects. */
  readonly strictProblems: readonly YamlProblem[];
  /** Offset (in the parsed text) where the `---` marker that starts this document sits, if any. */
  readonly markerOffset: number | undefined;
}

/** Converts offsets of the parsed text into spans (identity for files, a mapper for embedded YAML). */
export type SpanOf = (start: number, end: number) => Span;

const MAX_ALIASES = 100;
/** Aliases share subtrees, but consumers expand them: cap the expanded size (billion laughs). */
const MAX_EXPANDED_NODES = 100_000;
/**
 * Deepest nesting of collections that is read. The `yaml` composer and every reader of the tree recurse,
 * so deeper text would overflow the stack; no real manifest comes close.
 */
export const MAX_NESTING = 200;

export function loadYaml(text: string, spanOf: SpanOf): LoadedDocument[] {
  // The CST parser keeps its own stack, so the nesting is measured there, before anything recurses.
  const tokens = [...new Parser().parse(text)];
  const tooDeep = new Map<number, number>();
  for (const token of tokens) {
    if (token.type !== 'document' || token.value === undefined) continue;
    const at = tooDeepAt(token.value);
    if (at === undefined) continue;
    tooDeep.set(token.offset, at);
    token.value = { type: 'scalar', offset: token.value.offset, indent: 0, source: '' };
  }
  const documents = [...new Composer({ uniqueKeys: false, keepSourceTokens: false }).compose(tokens)];
  return documents.map((doc) => {
    const at = tooDeep.get(doc.range[0]);
    return at === undefined ? convertDocument(doc, text, spanOf) : nestingFailure(doc, text, spanOf, at);
  });
}

/** Offset of the first collection nested deeper than MAX_NESTING, found without recursion. */
function tooDeepAt(root: CST.Token): number | undefined {
  const stack: [CST.Token, number][] = [[root, 0]];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [token, depth] = next;
    if (token.type !== 'block-map' && token.type !== 'block-seq' && token.type !== 'flow-collection') continue;
    if (depth >= MAX_NESTING) return token.offset;
    for (const item of token.items) {
      if (item.value !== undefined) stack.push([item.value, depth + 1]);
      if (item.key !== undefined && item.key !== null) stack.push([item.key, depth + 1]);
    }
  }
  return undefined;
}

function nestingFailure(doc: Document.Parsed, text: string, spanOf: SpanOf, at: number): LoadedDocument {
  const message = `nesting is deeper than ${MAX_NESTING} levels`;
  return { root: null, errors: [{ code: 'NESTING_LIMIT', message, span: spanOf(at, Math.min(at + 1, text.length)), offset: at }], strictProblems: [], markerOffset: markerAt(doc, text) };
}

function markerAt(doc: Document.Parsed, text: string): number | undefined {
  return text.startsWith('---', doc.range[0]) ? doc.range[0] : undefined;
}

function convertDocument(doc: Document.Parsed, text: string, spanOf: SpanOf): LoadedDocument {
  const errors = doc.errors.map((e) => {
    const [start, end] = tidyRange(text, e.pos[0], e.pos[1]);
    return { code: e.code, message: firstLine(e.message), span: spanOf(start, end), offset: start };
  });
  const converter = new Converter(doc, text, spanOf);
  const root = doc.contents === null ? null : converter.convert(doc.contents);
  const limit = root === null ? undefined : converter.expansionLimit(root);
  if (root !== null && limit !== undefined) {
    converter.problems.push({ code: 'ALIAS_LIMIT', message: limit, span: root.span, offset: -1 });
    return { root: null, errors, strictProblems: converter.problems, markerOffset: undefined };
  }
  return { root, errors, strictProblems: converter.problems, markerOffset: markerAt(doc, text) };
}

/**
 * Error ranges from the parser can start in the indentation, span several lines or be empty. Point at
 * the first character that matters instead: the token on the last line, at least one character wide.
 */
export function tidyRange(text: string, start: number, end: number): [number, number] {
  let from = start;
  let to = Math.max(start, end);
  const lastLineStart = text.lastIndexOf('\n', Math.max(from, to - 1) - 1) + 1;
  if (lastLineStart > from && lastLineStart < to) from = lastLineStart;
  const lineStart = text.lastIndexOf('\n', from - 1) + 1;
  if (/^ *$/.test(text.slice(lineStart, from))) while (text.charAt(from) === ' ') from++;
  if (from >= text.length) {
    from = text.length;
    while (from > 0 && /\s/.test(text.charAt(from - 1))) from--;
    from = Math.max(0, from - 1);
    to = from + 1;
  }
  if (to <= from) to = Math.min(text.length, from + 1);
  return [from, to];
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}

class Converter {
  readonly problems: YamlProblem[] = [];
  private readonly done = new Map<YamlNode, SourceNode>();
  private readonly inProgress = new Set<YamlNode>();
  private aliases = 0;

  constructor(
    private readonly doc: Document.Parsed,
    private readonly text: string,
    private readonly spanOf: SpanOf,
  ) {}

  /**
   * Why the tree is too big once every alias is expanded, if it is: too many nodes (billion laughs), or
   * nested too deep (aliases of deep collections inside deep collections), which recursive readers cannot take.
   */
  expansionLimit(root: SourceNode): string | undefined {
    // Without aliases the tree is as written: its size is bounded by the file's, its depth by MAX_NESTING.
    if (this.aliases === 0) return undefined;
    const { size, depth } = expandedShape(root);
    if (size > MAX_EXPANDED_NODES) return `aliases expand to more than ${MAX_EXPANDED_NODES} nodes (an alias bomb)`;
    if (depth > MAX_NESTING + 1) return `aliases expand to collections nested deeper than ${MAX_NESTING} levels`;
    return undefined;
  }

  convert(node: YamlNode): SourceNode {
    const cached = this.done.get(node);
    if (cached !== undefined) return cached;
    const span = this.rangeSpan(node);
    if (isAlias(node)) return this.convertAlias(node, span);
    if (this.inProgress.has(node)) return { kind: 'opaque', span };
    this.inProgress.add(node);
    let result: SourceNode;
    // A local tag (`!Ref`, `!Sub`, `!GetAtt`: CloudFormation's short forms) marks a value computed elsewhere.
    if (node.tag?.startsWith('!') === true && !node.tag.startsWith('!!')) {
      result = isScalar(node) ? { kind: 'opaque', span, tag: node.tag, text: String(node.value) } : { kind: 'opaque', span, tag: node.tag };
    }
    else if (isScalar(node)) result = this.convertScalar(node, span);
    else if (isMap(node)) result = { kind: 'map', span, entries: this.convertPairs(node.items, span) };
    else if (isSeq(node)) result = { kind: 'seq', span, items: node.items.map((item) => this.atIndicator(item, this.convertItem(item, span))) };
    else result = { kind: 'opaque', span };
    this.inProgress.delete(node);
    this.done.set(node, result);
    return result;
  }

  private convertItem(item: unknown, parent: Span): SourceNode {
    if (item !== null && typeof item === 'object') return this.convert(item as YamlNode);
    return { kind: 'scalar', span: parent, value: null, type: 'null', text: '', style: 'plain' };
  }

  private convertAlias(node: Alias, span: Span): SourceNode {
    this.aliases++;
    if (this.aliases > MAX_ALIASES) {
      this.problem('ALIAS_LIMIT', `more than ${MAX_ALIASES} aliases (possible alias bomb)`, span);
      return { kind: 'opaque', span };
    }
    const target = node.resolve(this.doc);
    if (target === undefined) {
      this.problem('UNKNOWN_ANCHOR', `unknown anchor '${node.source}' referenced`, span);
      return { kind: 'opaque', span };
    }
    return this.convert(target);
  }

  private convertScalar(node: Scalar, span: Span): SourceNode {
    const value: unknown = node.value;
    if (node.type === Scalar.PLAIN) {
      const source = typeof node.source === 'string' ? node.source : String(value);
      const resolved = resolvePlainYaml11(source);
      if (resolved.nonFinite === true) this.problem('NON_FINITE', `'${source}' is not a finite number and cannot be converted to JSON`, span);
      return {
        kind: 'scalar', span, value: resolved.value, type: resolved.type, text: source, style: 'plain',
        embed: () => embeddedText(this.text, node),
        locate: this.locator(node, span),
      };
    }
    const str = typeof value === 'string' ? value : String(value);
    return {
      kind: 'scalar', span, value: str, type: 'string', text: str, style: styleOf(node.type),
      embed: () => embeddedText(this.text, node),
      locate: this.locator(node, span),
    };
  }

  /** Maps offsets of a scalar's value to spans; the mapper is built on first use only. */
  private locator(node: Scalar, whole: Span): (start: number, end: number) => Span {
    let mapped: EmbeddedText | undefined;
    return (start, end) => {
      mapped ??= embeddedText(this.text, node);
      return mapped.ok ? this.spanOf(mapped.toSource(start), mapped.toSource(end)) : whole;
    };
  }

  private convertPairs(pairs: readonly { key: unknown; value: unknown }[], mapSpan: Span): MapEntry[] {
    const explicit: MapEntry[] = [];
    const merged: MapEntry[] = [];
    for (const pair of pairs) {
      const keyNode = pair.key as YamlNode | null;
      const keySpan = keyNode === null ? this.spanOf(0, 0) : this.rangeSpan(keyNode);
      const converted = pair.value === null || pair.value === undefined ? undefined : this.convert(pair.value as YamlNode);
      // An empty value has no text of its own: point at its key.
      const value = converted === undefined || isEmpty(converted) ? nullAfter(keySpan) : converted;
      if (keyNode !== null && !isScalar(keyNode) && !isAlias(keyNode)) {
        this.problem('COMPLEX_KEY', 'a mapping or list is used as a key', mapSpan);
        continue;
      }
      const key = keyNode === null ? '' : scalarKey(keyNode);
      if (key === '<<' && isScalar(keyNode) && keyNode.type === Scalar.PLAIN) {
        merged.push(...mergeSources(value).flatMap((source) => source.entries.map((e) => ({ ...e, merged: true }))));
        continue;
      }
      explicit.push({ key, keySpan, value });
    }
    // Explicit keys override merged ones, so merged entries go first (last one wins).
    return [...merged, ...explicit];
  }

  /** The node's text, without the line breaks and indentation that block collections and scalars end with. */
  private rangeSpan(node: YamlNode): Span {
    const range = node.range ?? [0, 0, 0];
    let end = range[1];
    while (end > range[0] && /\s/.test(this.text.charAt(end - 1))) end--;
    return this.spanOf(range[0], end);
  }

  /** An empty list item (`- `) has no text of its own: point at its dash. */
  private atIndicator(item: unknown, node: SourceNode): SourceNode {
    if (!isEmpty(node) || !isScalar(item) || item.range === undefined || item.range === null) return node;
    let dash = item.range[0];
    while (dash > 0 && /[ \t]/.test(this.text.charAt(dash - 1))) dash--;
    return this.text.charAt(dash - 1) === '-' ? { ...node, span: this.spanOf(dash - 1, dash) } : node;
  }


  private problem(code: string, message: string, span: Span): void {
    this.problems.push({ code, message, span, offset: -1 });
  }
}

/** Node count and depth of a tree with every alias expanded; each shared subtree is measured once, without recursion. */
function expandedShape(root: SourceNode): { size: number; depth: number } {
  const shapes = new Map<SourceNode, { size: number; depth: number }>();
  const childrenOf = (node: SourceNode): readonly SourceNode[] => (node.kind === 'map' ? node.entries.map((e) => e.value) : node.kind === 'seq' ? node.items : []);
  const stack: { node: SourceNode; expanded: boolean }[] = [{ node: root, expanded: false }];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const { node, expanded } = next;
    if (!expanded) {
      if (shapes.has(node)) continue;
      shapes.set(node, { size: 1, depth: 1 }); // a cycle counts once
      stack.push({ node, expanded: true });
      for (const child of childrenOf(node)) if (!shapes.has(child)) stack.push({ node: child, expanded: false });
      continue;
    }
    let size = 1;
    let depth = 1;
    for (const child of childrenOf(node)) {
      const shape = shapes.get(child) ?? { size: 1, depth: 1 };
      size = Math.min(size + shape.size, Number.MAX_SAFE_INTEGER);
      depth = Math.max(depth, shape.depth + 1);
    }
    shapes.set(node, { size, depth });
  }
  return shapes.get(root) ?? { size: 1, depth: 1 };
}

function isEmpty(node: SourceNode): boolean {
  return node.kind === 'scalar' && node.type === 'null' && node.span.startOffset === node.span.endOffset;
}

function nullAfter(keySpan: Span): SourceNode {
  return { kind: 'scalar', span: keySpan, value: null, type: 'null', text: '', style: 'plain' };
}

function scalarKey(node: YamlNode): string {
  if (isScalar(node)) return node.type === Scalar.PLAIN && typeof node.source === 'string' ? node.source : String(node.value);
  return isAlias(node) ? `*${node.source}` : '';
}

function mergeSources(value: SourceNode): Extract<SourceNode, { kind: 'map' }>[] {
  if (value.kind === 'map') return [value];
  if (value.kind === 'seq') return value.items.filter((item) => item.kind === 'map');
  return [];
}

function styleOf(type: Scalar.Type | undefined): 'single' | 'double' | 'literal' | 'folded' | 'plain' {
  switch (type) {
    case Scalar.QUOTE_SINGLE: return 'single';
    case Scalar.QUOTE_DOUBLE: return 'double';
    case Scalar.BLOCK_LITERAL: return 'literal';
    case Scalar.BLOCK_FOLDED: return 'folded';
    default: return 'plain';
  }
}
