import { Scalar } from 'yaml';
import type { EmbeddedText } from '../source-node.js';

/**
 * Maps the string value of a YAML scalar back to its source text, so that positions found in
 * YAML embedded in that string (aws-auth `mapRoles: |`) land on the exact outer characters.
 * Every mapper re-derives the value and refuses when it does not match what `yaml` produced:
 * a wrong position is worse than none.
 */
export function embeddedText(source: string, node: Scalar): EmbeddedText {
  const value = node.value;
  if (typeof value !== 'string' || node.range === undefined || node.range === null) {
    return { ok: false, reason: 'not a string' };
  }
  switch (node.type) {
    case Scalar.BLOCK_LITERAL:
      return blockMapper(source, node.range[0], value) ?? { ok: false, reason: 'block scalar does not match its source' };
    case Scalar.BLOCK_FOLDED:
      // A folded block that folds nothing reads like a literal one; anything else changed the text.
      return blockMapper(source, node.range[0], value) ?? { ok: false, reason: 'folded' };
    case Scalar.QUOTE_DOUBLE:
      return flowMapper(source, node.range[0] + 1, node.range[1] - 1, value, 'double');
    case Scalar.QUOTE_SINGLE:
      return flowMapper(source, node.range[0] + 1, node.range[1] - 1, value, 'single');
    default:
      return flowMapper(source, node.range[0], node.range[1], value, 'plain');
  }
}

function lineEnd(source: string, from: number): number {
  const eol = source.indexOf('\n', from);
  return eol < 0 ? source.length : eol;
}

/** Block scalars copy each line verbatim after removing the indentation. */
function blockMapper(source: string, headerOffset: number, value: string): EmbeddedText | undefined {
  const valueLines = value.split('\n');
  const sourceStarts: number[] = [];
  const valueStarts: number[] = [];
  let cursor = lineEnd(source, headerOffset) + 1;
  let valueOffset = 0;
  for (const valueLine of valueLines) {
    const eol = lineEnd(source, Math.min(cursor, source.length));
    let raw = source.slice(cursor, eol);
    if (raw.endsWith('\r')) raw = raw.slice(0, -1);
    let indent: number;
    if (valueLine.length === 0) {
      indent = Math.min(raw.length, raw.search(/[^ ]|$/));
    } else {
      indent = raw.length - valueLine.length;
      if (indent < 0 || raw.slice(indent) !== valueLine) return undefined;
    }
    sourceStarts.push(Math.min(cursor + indent, source.length));
    valueStarts.push(valueOffset);
    valueOffset += valueLine.length + 1;
    cursor = eol + 1;
  }
  return {
    ok: true,
    text: value,
    toSource(offset: number): number {
      let lo = 0;
      let hi = valueStarts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if ((valueStarts[mid] ?? 0) <= offset) lo = mid;
        else hi = mid - 1;
      }
      return (sourceStarts[lo] ?? 0) + (offset - (valueStarts[lo] ?? 0));
    },
  };
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b',
  ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029',
};
const HEX_ESCAPE_LENGTH: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

/**
 * Flow scalars (plain, single- and double-quoted, JSON strings) unescape and fold lines, so
 * each value character is tracked back to the source character that produced it.
 */
function flowMapper(source: string, start: number, end: number, value: string, style: 'plain' | 'single' | 'double'): EmbeddedText {
  const units = new CodeUnits(end - start);
  let i = start;
  while (i < end) {
    const c = source[i] ?? '';
    if (style === 'double' && c === '\\') {
      const next = source[i + 1] ?? '';
      if (next === '\n' || (next === '\r' && source[i + 2] === '\n')) {
        i += next === '\r' ? 3 : 2;
        while (source[i] === ' ' || source[i] === '\t') i++;
        continue;
      }
      const simple = SIMPLE_ESCAPES[next];
      if (simple !== undefined) {
        units.emit(simple, i, true);
        i += 2;
        continue;
      }
      const length = HEX_ESCAPE_LENGTH[next];
      if (length === undefined) return { ok: false, reason: 'unknown escape' };
      const code = Number.parseInt(source.slice(i + 2, i + 2 + length), 16);
      // `yaml` keeps an escape beyond Unicode as written (and reports it); String.fromCodePoint would throw.
      if (Number.isNaN(code) || code > 0x10ffff) return { ok: false, reason: 'bad escape' };
      units.emit(next === 'u' ? String.fromCharCode(code) : String.fromCodePoint(code), i, true);
      i += 2 + length;
      continue;
    }
    if (style === 'single' && c === "'" && source[i + 1] === "'") {
      units.emit("'", i, true);
      i += 2;
      continue;
    }
    if (c === '\n' || (c === '\r' && source[i + 1] === '\n')) {
      units.trimTrailingBlanks();
      const breakOffset = i;
      let emptyLines = 0;
      i += c === '\r' ? 2 : 1;
      for (;;) {
        while (source[i] === ' ' || source[i] === '\t') i++;
        if (source[i] === '\n') i += 1;
        else if (source[i] === '\r' && source[i + 1] === '\n') i += 2;
        else break;
        emptyLines++;
      }
      if (emptyLines === 0) units.emit(' ', breakOffset, false);
      else for (let k = 0; k < emptyLines; k++) units.emit('\n', breakOffset, false);
      continue;
    }
    units.emit(c, i, false);
    i++;
  }
  if (!units.equals(value)) return { ok: false, reason: 'flow scalar does not match its source' };
  const origins = units.origins();
  return {
    ok: true,
    text: value,
    toSource: (offset: number): number => (offset < origins.length ? (origins[offset] ?? end) : end),
  };
}

/**
 * The value of a flow scalar as it is rebuilt, one entry per UTF-16 code unit (the unit of string offsets and
 * of SARIF columns) with the source offset that produced it. Typed arrays: a 10 MB scalar costs 70 MB, not a gigabyte.
 */
class CodeUnits {
  private codes: Uint16Array;
  private sources: Int32Array;
  private escaped: Uint8Array;
  private length = 0;

  /** Each source character yields at most one code unit, and an escape no more than it is long. */
  constructor(capacity: number) {
    this.codes = new Uint16Array(Math.max(capacity, 0) + 2);
    this.sources = new Int32Array(this.codes.length);
    this.escaped = new Uint8Array(this.codes.length);
  }

  emit(text: string, origin: number, escaped: boolean): void {
    for (let k = 0; k < text.length; k++) {
      if (this.length === this.codes.length) this.grow();
      this.codes[this.length] = text.charCodeAt(k);
      this.sources[this.length] = origin;
      this.escaped[this.length] = escaped ? 1 : 0;
      this.length++;
    }
  }

  /** Folding drops the spaces and tabs before a line break, but not those written as escapes. */
  trimTrailingBlanks(): void {
    while (this.length > 0 && this.escaped[this.length - 1] === 0 && (this.codes[this.length - 1] === 0x20 || this.codes[this.length - 1] === 0x09)) this.length--;
  }

  equals(value: string): boolean {
    if (value.length !== this.length) return false;
    for (let k = 0; k < this.length; k++) if (this.codes[k] !== value.charCodeAt(k)) return false;
    return true;
  }

  origins(): Int32Array {
    return this.sources.subarray(0, this.length);
  }

  private grow(): void {
    const size = this.codes.length * 2;
    const codes = new Uint16Array(size);
    const sources = new Int32Array(size);
    const escaped = new Uint8Array(size);
    codes.set(this.codes);
    sources.set(this.sources);
    escaped.set(this.escaped);
    this.codes = codes;
    this.sources = sources;
    this.escaped = escaped;
  }
}
