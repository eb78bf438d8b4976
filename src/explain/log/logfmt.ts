/**
 * The key=value text that logrus writes (the authenticator's CloudWatch lines): values are bare, or quoted
 * with Go `%q` when they contain anything outside `[A-Za-z0-9-._/@^+]`. Keys come in any order.
 */

export interface LogfmtLine {
  readonly fields: ReadonlyMap<string, string>;
  /** The line ends inside a quoted value or a key: what is complete is kept. */
  readonly truncated: boolean;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"', "'": "'" };

/** Reads `key=value` pairs; never throws. A cut line keeps the complete pairs and the readable part of the last one. */
export function parseLogfmt(text: string): LogfmtLine {
  const fields = new Map<string, string>();
  let truncated = false;
  let i = 0;
  while (i < text.length) {
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    if (i >= text.length) break;
    const keyStart = i;
    while (i < text.length && text[i] !== '=' && !isSpace(text.charCodeAt(i))) i++;
    const key = text.slice(keyStart, i);
    if (text[i] !== '=') {
      // A word without `=`: at the very end it is a key cut in the middle; elsewhere it is noise to skip.
      if (i >= text.length) truncated = true;
      continue;
    }
    i++;
    if (text[i] === '"') {
      const quoted = readQuoted(text, i + 1);
      fields.set(key, quoted.value);
      if (!quoted.closed) truncated = true;
      i = quoted.end;
    } else {
      const valueStart = i;
      while (i < text.length && !isSpace(text.charCodeAt(i))) i++;
      fields.set(key, text.slice(valueStart, i));
    }
  }
  return { fields, truncated };
}

/** Decodes a Go-quoted string from just after its opening quote; `closed` is false when the text ends first. */
export function readQuoted(text: string, from: number): { value: string; closed: boolean; end: number } {
  // Copies the runs between escapes in one slice each: appending character by character builds a rope with
  // one node per character, which made 100k lines take hundreds of megabytes.
  const parts: string[] = [];
  let runStart = from;
  let i = from;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code !== QUOTE && code !== BACKSLASH) {
      i++;
      continue;
    }
    parts.push(text.slice(runStart, i));
    if (code === QUOTE) return { value: parts.join(''), closed: true, end: i + 1 };
    const escape = decodeEscape(text, i + 1);
    if (escape === undefined) return { value: parts.join(''), closed: false, end: text.length };
    parts.push(escape.text);
    i = escape.end;
    runStart = i;
  }
  parts.push(text.slice(runStart));
  return { value: parts.join(''), closed: false, end: text.length };
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** One Go escape after a backslash; undefined when the text ends inside it. */
function decodeEscape(text: string, at: number): { text: string; end: number } | undefined {
  const letter = text[at];
  if (letter === undefined) return undefined;
  const simple = SIMPLE_ESCAPES[letter];
  if (simple !== undefined) return { text: simple, end: at + 1 };
  const hexLength = letter === 'x' ? 2 : letter === 'u' ? 4 : letter === 'U' ? 8 : 0;
  if (hexLength > 0) {
    const digits = text.slice(at + 1, at + 1 + hexLength);
    if (digits.length < hexLength) return undefined;
    if (!/^[0-9a-fA-F]+$/.test(digits)) return { text: letter, end: at + 1 };
    return { text: codePoint(Number.parseInt(digits, 16)), end: at + 1 + hexLength };
  }
  if (/[0-7]/.test(letter)) {
    const digits = text.slice(at, at + 3);
    if (digits.length < 3) return undefined;
    if (!/^[0-7]{3}$/.test(digits)) return { text: letter, end: at + 1 };
    return { text: codePoint(Number.parseInt(digits, 8)), end: at + 3 };
  }
  // Go never writes other escapes; keep the character rather than fail on hand-edited text.
  return { text: letter, end: at + 1 };
}

function codePoint(value: number): string {
  return value <= 0x10ffff ? String.fromCodePoint(value) : '\ufffd';
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9;
}
