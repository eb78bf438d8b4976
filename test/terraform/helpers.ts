import { expect } from 'vitest';
import type { Body, Expression } from '../../src/hcl/index.js';
import type { MapNode, ScalarNode, SeqNode, SourceNode } from '../../src/source-node.js';
import { LineIndex, type Span } from '../../src/span.js';
import { evaluate, moduleScope, parseTfFile, type Scope, type TfFile } from '../../src/terraform/evaluate.js';

export interface Loaded {
  readonly file: TfFile;
  readonly scope: Scope;
  readonly text: string;
  /** Evaluates the top-level attribute `name` (or the one in the first block that has it). */
  readonly value: (name: string) => SourceNode;
}

/** Parses one file (insisting on no syntax errors) and builds its module scope. */
export function load(text: string, path = 'main.tf', others: readonly TfFile[] = []): Loaded {
  const { file, errors } = parseTfFile(path, text);
  expect(errors.map((e) => e.message)).toEqual([]);
  const scope = moduleScope([file, ...others]);
  return { file, scope, text, value: (name) => evaluate(attributeExpr(file.body, name), file, scope) };
}

export function parseOk(path: string, text: string): TfFile {
  const { file, errors } = parseTfFile(path, text);
  expect(errors.map((e) => e.message)).toEqual([]);
  return file;
}

export function attributeExpr(body: Body, name: string): Expression {
  const direct = body.attributes.find((a) => a.name === name);
  if (direct !== undefined) return direct.expr;
  for (const block of body.blocks) {
    const found = block.body.attributes.find((a) => a.name === name);
    if (found !== undefined) return found.expr;
  }
  throw new Error(`no attribute ${name}`);
}

/** Offset of the `nth` (0-based) occurrence of `needle`, found with indexOf. */
export function offsetOf(text: string, needle: string, nth = 0): number {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`occurrence ${nth} of ${JSON.stringify(needle)} is not in the text`);
  }
  return at;
}

/** The span of the `nth` occurrence of `needle` in a file's text. */
export function spanOf(text: string, needle: string, nth = 0, path = 'main.tf'): Span {
  const start = offsetOf(text, needle, nth);
  return new LineIndex(path, text).span(start, start + needle.length);
}

/** The source text a span covers. */
export function sourceOf(text: string, span: Span): string {
  return text.slice(span.startOffset, span.endOffset);
}

export function asScalar(node: SourceNode | undefined): ScalarNode {
  expect(node?.kind).toBe('scalar');
  return node as ScalarNode;
}

/** The value, which the test expects to be there. */
export function must<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('expected a value');
  return value;
}

/** A string scalar and its value. */
export function asString(node: SourceNode | undefined): ScalarNode & { readonly value: string } {
  const scalar = asScalar(node);
  expect(typeof scalar.value).toBe('string');
  return scalar as ScalarNode & { readonly value: string };
}

export function asSeq(node: SourceNode | undefined): SeqNode {
  expect(node?.kind).toBe('seq');
  return node as SeqNode;
}

export function asMap(node: SourceNode | undefined): MapNode {
  expect(node?.kind).toBe('map');
  return node as MapNode;
}

export function entry(node: SourceNode | undefined, key: string): SourceNode {
  const map = asMap(node);
  const found = map.entries.findLast((e) => e.key === key);
  if (found === undefined) throw new Error(`no key ${key} in ${map.entries.map((e) => e.key).join(', ')}`);
  return found.value;
}

export function item(node: SourceNode | undefined, index: number): SourceNode {
  const seq = asSeq(node);
  const found = seq.items[index];
  if (found === undefined) throw new Error(`no item ${index} (length ${seq.items.length})`);
  return found;
}

/** The value as plain JSON; unknown parts become the string `<unknown>`. */
export function plain(node: SourceNode): unknown {
  switch (node.kind) {
    case 'scalar':
      return node.value;
    case 'seq':
      return node.items.map(plain);
    case 'map':
      return Object.fromEntries(node.entries.map((e) => [e.key, plain(e.value)]));
    case 'opaque':
      return '<unknown>';
  }
}

/** Every value character maps (through `embed`) to the same character of the source, escapes excepted. */
export function expectVerbatim(text: string, node: ScalarNode, exceptions: readonly string[] = []): void {
  const embedded = node.embed?.();
  if (embedded?.ok !== true) throw new Error('not embeddable');
  const value = embedded.text;
  const wrong: string[] = [];
  for (let i = 0; i < value.length; i++) {
    const ch = text.charAt(embedded.toSource(i));
    if (ch !== value.charAt(i) && !exceptions.includes(ch)) wrong.push(`${i}:${JSON.stringify(value.charAt(i))}->${JSON.stringify(ch)}`);
  }
  expect(wrong).toEqual([]);
}
