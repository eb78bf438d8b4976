import type { Expression, Identifier, Range, TemplateInterpolation, TemplatePart, TemplateText } from './ast.js';
import { leadingSpaces, MappedText, textToSource } from './text.js';

/**
 * Template processing after scanning, in HashiCorp's order: literal tokens are unescaped and
 * `~`-stripped as they are collected (by the parser), then `<<-` heredocs are flushed, adjacent
 * literals are joined, and the flat sequence is nested into if/for directives.
 */

export type FlatItem =
  | { readonly kind: 'text'; readonly text: MappedText; range: Range }
  | { readonly kind: 'interp'; readonly expr: Expression; readonly range: Range; readonly stripBefore: boolean; readonly stripAfter: boolean }
  | { readonly kind: 'if'; readonly condition: Expression; readonly range: Range }
  | {
      readonly kind: 'for';
      readonly keyVar: Identifier | undefined;
      readonly valueVar: Identifier;
      readonly collection: Expression;
      readonly range: Range;
    }
  | { readonly kind: 'else' | 'endif' | 'endfor'; readonly range: Range };

export type Report = (start: number, end: number, message: string) => void;

const BACKSLASH = 92;
const DOLLAR = 36;
const PERCENT = 37;
const LBRACE = 123;
const HEX = /^[0-9A-Fa-f]+$/;

const SIMPLE_ESCAPES: Readonly<Partial<Record<string, string>>> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/**
 * The value of one literal token: quoted strings process backslash escapes, both quoted strings
 * and heredocs turn `$${` into `${` and `%%{` into `%{`. Heredoc text is otherwise verbatim
 * (CRLF stays CRLF, as in Terraform).
 */
export function literalText(src: string, start: number, end: number, quoted: boolean, report: Report): MappedText {
  const out = new MappedText();
  let i = start;
  let copied = start;
  const copyUpTo = (upTo: number): void => {
    if (upTo > copied) out.copy(src.slice(copied, upTo), copied);
  };
  while (i < end) {
    const c = src.charCodeAt(i);
    if (quoted && c === BACKSLASH) {
      copyUpTo(i);
      i = escapeSequence(src, i, end, out, report);
      copied = i;
      continue;
    }
    if ((c === DOLLAR || c === PERCENT) && i + 2 < end && src.charCodeAt(i + 1) === c && src.charCodeAt(i + 2) === LBRACE) {
      copyUpTo(i);
      out.escape(c === DOLLAR ? '$' : '%', i, i + 2);
      out.copy('{', i + 2);
      i += 3;
      copied = i;
      continue;
    }
    i++;
  }
  copyUpTo(end);
  return out;
}

/** Decodes the escape at `src[i]` (a backslash) into `out`; returns the offset after it. */
function escapeSequence(src: string, i: number, end: number, out: MappedText, report: Report): number {
  if (i + 1 >= end) {
    report(i, i + 1, 'a backslash must be followed by an escape character (\\n, \\t, \\", \\\\, \\uNNNN)');
    out.copy('\\', i);
    return i + 1;
  }
  const selector = String.fromCodePoint(src.codePointAt(i + 1) ?? 0);
  const simple = SIMPLE_ESCAPES[selector];
  if (simple !== undefined) {
    out.escape(simple, i, i + 2);
    return i + 2;
  }
  if (selector === 'u' || selector === 'U') {
    const digits = selector === 'u' ? 4 : 8;
    const hex = src.slice(i + 2, Math.min(i + 2 + digits, end));
    if (hex.length === digits && HEX.test(hex)) {
      const cp = Number.parseInt(hex, 16);
      if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
        report(i, i + 2 + digits, `\\${selector}${hex} is not a valid Unicode character`);
        out.escape('\ufffd', i, i + 2 + digits);
      } else {
        out.escape(String.fromCodePoint(cp), i, i + 2 + digits);
      }
      return i + 2 + digits;
    }
    report(i, i + 2, `the \\${selector} escape must be followed by ${digits} hexadecimal digits`);
    out.escape(selector, i, i + 2);
    return i + 2;
  }
  const width = 1 + selector.length;
  report(i, i + width, `invalid escape sequence '\\${selector}': use \\n, \\r, \\t, \\", \\\\, \\uNNNN or \\UNNNNNNNN`);
  out.escape(selector, i, i + width);
  return i + width;
}

/**
 * `<<-` heredocs: the smallest indentation among line-leading literals is removed from all of
 * them. Whitespace-only lines do not count, and a line starting with `${`/`%{` counts as zero.
 */
export function flushHeredoc(items: readonly FlatItem[]): void {
  let min = Number.POSITIVE_INFINITY;
  let newline = true;
  const adjust: MappedText[] = [];
  for (const item of items) {
    if (newline) {
      newline = false;
      let spaces = 0;
      if (item.kind === 'text') {
        const value = item.text.value;
        const lead = leadingSpaces(value);
        if (lead === value.length && value.endsWith('\n')) {
          spaces = Number.POSITIVE_INFINITY;
        } else {
          spaces = lead;
          adjust.push(item.text);
        }
      }
      if (spaces < min) min = spaces;
    }
    if (item.kind === 'text' && item.text.value.endsWith('\n')) newline = true;
  }
  if (min === Number.POSITIVE_INFINITY || min === 0) return;
  for (const text of adjust) text.dropStart(min);
}

/** Joins adjacent literal items. */
export function meldTexts(items: readonly FlatItem[]): FlatItem[] {
  const out: FlatItem[] = [];
  for (const item of items) {
    const last = out[out.length - 1];
    if (item.kind === 'text' && last?.kind === 'text') {
      last.text.append(item.text);
      last.range = { start: last.range.start, end: item.range.end };
    } else {
      out.push(item);
    }
  }
  return out;
}

function textPart(item: { text: MappedText; range: Range }): TemplateText {
  return { kind: 'text', value: item.text.value, range: item.range, runs: item.text.runs };
}

/** Nests the flat sequence into `if`/`for` parts, reporting unbalanced directives. */
export function nestTemplate(items: readonly FlatItem[], report: Report, lineOf: (offset: number) => number, maxDepth: number): TemplatePart[] {
  let i = 0;
  let tooDeep = false;

  const sequence = (depth: number): [TemplatePart[], FlatItem | undefined] => {
    const parts: TemplatePart[] = [];
    while (i < items.length) {
      const item = items[i];
      if (item === undefined) break;
      i++;
      switch (item.kind) {
        case 'text':
          if (item.text.value.length > 0) parts.push(textPart(item));
          break;
        case 'interp':
          parts.push({ kind: 'interpolation', expr: item.expr, range: item.range, stripBefore: item.stripBefore, stripAfter: item.stripAfter });
          break;
        case 'else':
        case 'endif':
        case 'endfor':
          return [parts, item];
        case 'if':
        case 'for': {
          if (depth >= maxDepth) {
            if (!tooDeep) report(item.range.start, item.range.end, `template directives are nested more than ${maxDepth} levels deep`);
            tooDeep = true;
            break;
          }
          const line = lineOf(item.range.start);
          const [body, end] = sequence(depth + 1);
          let elseParts: TemplatePart[] | undefined;
          let close = end;
          if (item.kind === 'if' && close?.kind === 'else') {
            const [second, end2] = sequence(depth + 1);
            elseParts = second;
            close = end2;
          }
          const expected = item.kind === 'if' ? 'endif' : 'endfor';
          if (close === undefined) {
            report(item.range.start, item.range.end, `the %{ ${item.kind} } at line ${line} has no matching %{ ${expected} }`);
          } else if (close.kind !== expected) {
            report(close.range.start, close.range.end, `expected %{ ${expected} } for the %{ ${item.kind} } at line ${line}, found %{ ${close.kind} }`);
          }
          const range = { start: item.range.start, end: close?.range.end ?? items[items.length - 1]?.range.end ?? item.range.end };
          if (item.kind === 'if') {
            parts.push({ kind: 'if', condition: item.condition, then: body, else: elseParts, range });
          } else {
            parts.push({ kind: 'for', keyVar: item.keyVar, valueVar: item.valueVar, collection: item.collection, body, range });
          }
          break;
        }
      }
    }
    return [parts, undefined];
  };

  const root: TemplatePart[] = [];
  while (i < items.length) {
    const [parts, stray] = sequence(0);
    root.push(...parts);
    if (stray !== undefined) report(stray.range.start, stray.range.end, `unexpected %{ ${stray.kind} } without a matching %{ ${stray.kind === 'endfor' ? 'for' : 'if'} }`);
  }
  return root;
}

/** A template's text with its source map, when the template has no interpolation or directive. */
export interface LiteralString {
  readonly value: string;
  /** Source offset of the value character at `valueOffset` (`value.length` maps to the end of the text). */
  readonly toSource: (valueOffset: number) => number;
}

/** `"plain"` or a heredoc without `${}`/`%{}`: its value and how to map it back; undefined otherwise. */
export function literalString(expr: Expression): LiteralString | undefined {
  if (expr.kind !== 'template') return undefined;
  const parts = expr.parts;
  if (parts.length === 0) {
    const start = expr.contentRange.start;
    return { value: '', toSource: () => start };
  }
  const only = parts[0];
  if (parts.length !== 1 || only?.kind !== 'text') return undefined;
  return { value: only.value, toSource: (valueOffset: number) => textToSource(only, valueOffset) };
}

/** A template's text with each interpolation replaced by a placeholder. */
export interface StringWithHoles extends LiteralString {
  /** Where each interpolation's placeholder sits in `value`. */
  readonly holes: readonly { readonly start: number; readonly end: number; readonly part: TemplateInterpolation }[];
}

/**
 * Renders literal text and `${}` interpolations (replaced by `placeholder(part)`), keeping the
 * source map; placeholder characters map to the start of their interpolation. Undefined when
 * the template has `%{}` directives or is not a template.
 */
export function stringWithHoles(expr: Expression, placeholder: (part: TemplateInterpolation) => string): StringWithHoles | undefined {
  if (expr.kind !== 'template') return undefined;
  const out = new MappedText();
  const holes: { start: number; end: number; part: TemplateInterpolation }[] = [];
  for (const part of expr.parts) {
    if (part.kind === 'text') {
      const m = new MappedText();
      m.runs = [...part.runs];
      m.value = part.value;
      out.append(m);
    } else if (part.kind === 'interpolation') {
      const text = placeholder(part);
      const start = out.value.length;
      out.escape(text, part.range.start, part.range.end);
      holes.push({ start, end: out.value.length, part });
    } else {
      return undefined;
    }
  }
  const contentStart = expr.contentRange.start;
  const whole: Pick<TemplateText, 'value' | 'runs' | 'range'> = { value: out.value, runs: out.runs, range: { start: contentStart, end: contentStart } };
  return { value: out.value, toSource: (valueOffset: number) => textToSource(whole, valueOffset), holes };
}
