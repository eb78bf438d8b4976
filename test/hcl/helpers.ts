import { expect } from 'vitest';
import { parseHcl, type Body, type Expression, type HclParseResult, type Range } from '../../src/hcl/index.js';
import { LineIndex } from '../../src/span.js';

/** The range of the `nth` (0-based) occurrence of `needle` in `text`, found with indexOf. */
export function find(text: string, needle: string, nth = 0): Range {
  let start = -1;
  for (let i = 0; i <= nth; i++) {
    start = text.indexOf(needle, start + 1);
    if (start < 0) throw new Error(`occurrence ${nth} of ${JSON.stringify(needle)} is not in the text`);
  }
  return { start, end: start + needle.length };
}

/** A range from the start of `first` to the end of `last` (searched after `first`). */
export function span(text: string, first: string, last: string, nth = 0): Range {
  const a = find(text, first, nth);
  const b = text.indexOf(last, a.start);
  if (b < 0) throw new Error(`${JSON.stringify(last)} is not after ${JSON.stringify(first)}`);
  return { start: a.start, end: b + last.length };
}

export function lineCol(text: string, offset: number): string {
  const p = new LineIndex('', text).position(offset);
  return `${p.line}:${p.column}`;
}

export function parse(text: string): HclParseResult {
  return parseHcl(text);
}

/** Parses and insists on zero errors. */
export function parseOk(text: string): Body {
  const result = parseHcl(text);
  expect(result.errors.map((e) => `${lineCol(text, e.range.start)} ${e.message}`)).toEqual([]);
  return result.body;
}

/** The expression of attribute `name` (the first one) in the top-level body. */
export function attr(body: Body, name: string): Expression {
  const found = body.attributes.find((a) => a.name === name);
  if (found === undefined) throw new Error(`no attribute ${name}`);
  return found.expr;
}

/** Narrows an expression to a kind or fails the test. */
export function as<K extends Expression['kind']>(expr: Expression | undefined, kind: K): Extract<Expression, { kind: K }> {
  expect(expr?.kind).toBe(kind);
  return expr as Extract<Expression, { kind: K }>;
}

export function src(text: string, range: Range): string {
  return text.slice(range.start, range.end);
}
