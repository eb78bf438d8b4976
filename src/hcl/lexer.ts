import type { Comment, HclError } from './ast.js';

/**
 * Single-pass scanner for HCL2 native syntax. Templates are scanned in place: a mode stack
 * switches between expression scanning and the literal text of quoted strings and heredocs,
 * so the parser receives one flat token array (as HashiCorp's scanner produces).
 */

export type Punct =
  | '{' | '}' | '[' | ']' | '(' | ')'
  | '=' | ':' | '::' | ',' | '.' | '...' | '?' | '=>'
  | '!' | '==' | '!=' | '<' | '>' | '<=' | '>='
  | '+' | '-' | '*' | '/' | '%' | '&&' | '||';

export type TokenKind =
  | Punct
  | 'ident'
  | 'number'
  /** `"` opening and closing a quoted template. */
  | 'oquote'
  | 'cquote'
  /** `<<EOT` / `<<-EOT` (without the line break), and the closing marker. */
  | 'oheredoc'
  | 'cheredoc'
  /** Raw literal text of a template (escapes not yet processed); heredocs give one per line. */
  | 'text'
  /** `${` or `${~`, `%{` or `%{~`. */
  | 'interp'
  | 'control'
  /** `}` or `~}` closing an interpolation or a directive. */
  | 'seqend'
  | 'invalid'
  | 'eof';

export interface Token {
  readonly kind: TokenKind;
  readonly start: number;
  readonly end: number;
  /** A line break separates this token from the previous one (line breaks inside block comments do not count). */
  readonly nl: boolean;
  /** Synthetic, or an error the lexer already reported: the parser must not report it again. */
  readonly reported: boolean;
}

export interface LexResult {
  readonly tokens: Token[];
  readonly comments: Comment[];
  readonly errors: HclError[];
  /** An unterminated heredoc, block comment or `${` swallowed the rest of the text (already reported). */
  readonly truncated: boolean;
}

/** Stop collecting errors from hostile input after this many. */
export const MAX_ERRORS = 100;

const MODE_NORMAL = 0;
const MODE_INTERP = 1;
const MODE_QUOTED = 2;
const MODE_HEREDOC = 3;

interface Frame {
  readonly mode: number;
  /** Interpolations: `{` opened inside it and not yet closed. */
  braces: number;
  /** Offset of the opener (`"`, `<<`, `${`). */
  readonly open: number;
  readonly openEnd: number;
  /** Heredocs: the closing marker. */
  readonly marker: string;
  /** Heredocs: the next character starts a line (where the closing marker may be). */
  lineStart: boolean;
}

const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const BANG = 33;
const QUOTE = 34;
const HASH = 35;
const DOLLAR = 36;
const PERCENT = 37;
const AMP = 38;
const STAR = 42;
const MINUS = 45;
const DOT = 46;
const SLASH = 47;
const COLON = 58;
const LT = 60;
const EQ = 61;
const GT = 62;
const BACKSLASH = 92;
const LBRACE = 123;
const PIPE = 124;
const RBRACE = 125;
const TILDE = 126;

const SINGLE: Readonly<Partial<Record<number, Punct>>> = {
  40: '(',
  41: ')',
  42: '*',
  43: '+',
  44: ',',
  45: '-',
  47: '/',
  37: '%',
  63: '?',
  91: '[',
  93: ']',
};

const ID_START = /^[\p{ID_Start}_]$/u;
const ID_CONTINUE = /^[\p{ID_Continue}-]$/u;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isAsciiIdStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

function isAsciiIdContinue(c: number): boolean {
  return isAsciiIdStart(c) || isDigit(c) || c === MINUS;
}

/** End of the identifier starting at `pos` (HCL: ID_Start or `_`, then ID_Continue or `-`), or `pos`. */
export function identifierEnd(text: string, pos: number): number {
  const first = text.charCodeAt(pos);
  let i = pos;
  if (first < 128) {
    if (!isAsciiIdStart(first)) return pos;
    i++;
  } else {
    const cp = text.codePointAt(pos);
    if (cp === undefined || !ID_START.test(String.fromCodePoint(cp))) return pos;
    i += cp > 0xffff ? 2 : 1;
  }
  const len = text.length;
  while (i < len) {
    const c = text.charCodeAt(i);
    if (c < 128) {
      if (!isAsciiIdContinue(c)) break;
      i++;
      continue;
    }
    const cp = text.codePointAt(i) ?? 0;
    if (!ID_CONTINUE.test(String.fromCodePoint(cp))) break;
    i += cp > 0xffff ? 2 : 1;
  }
  return i;
}

export function lex(text: string): LexResult {
  return new Lexer(text).run();
}

class Lexer {
  private readonly len: number;
  private pos: number;
  private nl = false;
  private frame: Frame = { mode: MODE_NORMAL, braces: 0, open: 0, openEnd: 0, marker: '', lineStart: false };
  private readonly stack: Frame[] = [];
  private readonly tokens: Token[] = [];
  private readonly comments: Comment[] = [];
  private readonly errors: HclError[] = [];
  private lastKind: TokenKind | undefined;
  private truncated = false;

  constructor(private readonly text: string) {
    this.len = text.length;
    this.pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  }

  run(): LexResult {
    for (;;) {
      const mode = this.frame.mode;
      if (mode === MODE_QUOTED) {
        this.quoted();
        continue;
      }
      if (mode === MODE_HEREDOC) {
        this.heredoc();
        continue;
      }
      this.skipTrivia();
      if (this.pos >= this.len) break;
      this.token();
    }
    this.closeAtEnd();
    this.emit('eof', this.len, this.len);
    return { tokens: this.tokens, comments: this.comments, errors: this.errors, truncated: this.truncated };
  }

  private emit(kind: TokenKind, start: number, end: number, reported = false): void {
    this.tokens.push({ kind, start, end, nl: this.nl, reported });
    this.nl = false;
    this.lastKind = kind;
    this.pos = end;
  }

  private error(start: number, end: number, message: string): void {
    if (this.errors.length < MAX_ERRORS) this.errors.push({ message, range: { start, end } });
  }

  private push(frame: Frame): void {
    this.stack.push(this.frame);
    this.frame = frame;
  }

  private pop(): void {
    this.frame = this.stack.pop() ?? { mode: MODE_NORMAL, braces: 0, open: 0, openEnd: 0, marker: '', lineStart: false };
  }

  /** Constructs still open at the end of the text get synthetic closers; one error covers them all. */
  private closeAtEnd(): void {
    let reported = false;
    while (this.frame.mode !== MODE_NORMAL) {
      const frame = this.frame;
      if (frame.mode === MODE_INTERP) {
        this.truncated = true;
        if (!reported) {
          const opener = this.text.slice(frame.open, frame.open + 2);
          this.error(frame.open, frame.openEnd, `missing '}' to close the '${opener}' sequence before the end of the file`);
          reported = true;
        }
        this.emit('seqend', this.len, this.len, true);
      } else {
        // Quoted strings and heredocs close themselves at the end of the text.
        this.emit(frame.mode === MODE_QUOTED ? 'cquote' : 'cheredoc', this.len, this.len, true);
      }
      this.pop();
    }
  }

  private skipTrivia(): void {
    const text = this.text;
    const len = this.len;
    let i = this.pos;
    while (i < len) {
      const c = text.charCodeAt(i);
      if (c === SPACE || c === TAB || c === CR) {
        i++;
      } else if (c === LF) {
        this.nl = true;
        i++;
      } else if (c === HASH || (c === SLASH && text.charCodeAt(i + 1) === SLASH)) {
        let eol = text.indexOf('\n', i);
        if (eol < 0) eol = len;
        const end = text.charCodeAt(eol - 1) === CR ? eol - 1 : eol;
        this.comments.push({ kind: 'line', text: text.slice(i, end), range: { start: i, end } });
        i = eol;
      } else if (c === SLASH && text.charCodeAt(i + 1) === STAR) {
        const close = text.indexOf('*/', i + 2);
        if (close < 0) {
          this.error(i, i + 2, "unterminated comment: '/*' has no closing '*/'");
          this.truncated = true;
          this.comments.push({ kind: 'block', text: text.slice(i), range: { start: i, end: len } });
          i = len;
        } else {
          this.comments.push({ kind: 'block', text: text.slice(i, close + 2), range: { start: i, end: close + 2 } });
          i = close + 2;
        }
      } else {
        break;
      }
    }
    this.pos = i;
  }

  /** One token in expression mode (top level or inside `${ }` / `%{ }`). */
  private token(): void {
    const text = this.text;
    const pos = this.pos;
    const c = text.charCodeAt(pos);
    const next = text.charCodeAt(pos + 1);
    const frame = this.frame;

    if (isAsciiIdStart(c) || c >= 128) {
      const end = identifierEnd(text, pos);
      if (end > pos) {
        this.emit('ident', pos, end);
        return;
      }
      this.invalid(pos);
      return;
    }
    if (isDigit(c)) {
      this.number(pos);
      return;
    }
    const single = SINGLE[c];
    if (single !== undefined) {
      this.emit(single, pos, pos + 1);
      return;
    }
    switch (c) {
      case LBRACE:
        if (frame.mode === MODE_INTERP) frame.braces++;
        this.emit('{', pos, pos + 1);
        return;
      case RBRACE:
        if (frame.mode === MODE_INTERP) {
          if (frame.braces === 0) {
            this.emit('seqend', pos, pos + 1);
            this.pop();
            return;
          }
          frame.braces--;
        }
        this.emit('}', pos, pos + 1);
        return;
      case TILDE:
        if (next === RBRACE && frame.mode === MODE_INTERP && frame.braces === 0) {
          this.emit('seqend', pos, pos + 2);
          this.pop();
          return;
        }
        this.invalid(pos);
        return;
      case QUOTE:
        if (frame.mode === MODE_INTERP && this.stack[this.stack.length - 1]?.mode === MODE_QUOTED && !this.closesOnLine(pos + 1)) {
          // `"abc ${foo"`: a string that would not end on this line is the outer closing quote.
          const opener = text.slice(frame.open, frame.open + 2);
          this.error(frame.open, frame.openEnd, `missing '}' to close the '${opener}' sequence before the closing '"'`);
          this.emit('seqend', pos, pos, true);
          this.pop();
          return;
        }
        this.emit('oquote', pos, pos + 1);
        this.push({ mode: MODE_QUOTED, braces: 0, open: pos, openEnd: pos + 1, marker: '', lineStart: false });
        return;
      case EQ:
        if (next === EQ) this.emit('==', pos, pos + 2);
        else if (next === GT) this.emit('=>', pos, pos + 2);
        else this.emit('=', pos, pos + 1);
        return;
      case BANG:
        if (next === EQ) this.emit('!=', pos, pos + 2);
        else this.emit('!', pos, pos + 1);
        return;
      case LT:
        if (next === LT) this.heredocHeader(pos);
        else if (next === EQ) this.emit('<=', pos, pos + 2);
        else this.emit('<', pos, pos + 1);
        return;
      case GT:
        if (next === EQ) this.emit('>=', pos, pos + 2);
        else this.emit('>', pos, pos + 1);
        return;
      case AMP:
        if (next === AMP) this.emit('&&', pos, pos + 2);
        else this.invalid(pos);
        return;
      case PIPE:
        if (next === PIPE) this.emit('||', pos, pos + 2);
        else this.invalid(pos);
        return;
      case COLON:
        if (next === COLON) this.emit('::', pos, pos + 2);
        else this.emit(':', pos, pos + 1);
        return;
      case DOT:
        if (next === DOT && text.charCodeAt(pos + 2) === DOT) this.emit('...', pos, pos + 3);
        else this.emit('.', pos, pos + 1);
        return;
      default:
        this.invalid(pos);
    }
  }

  /** A quote that is not escaped follows `from` on the same line. */
  private closesOnLine(from: number): boolean {
    const text = this.text;
    for (let i = from; i < this.len; i++) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) return true;
      if (c === LF || c === CR) return false;
      if (c === BACKSLASH) i++;
    }
    return false;
  }

  private invalid(pos: number): void {
    const cp = this.text.codePointAt(pos) ?? 0;
    this.emit('invalid', pos, pos + (cp > 0xffff ? 2 : 1));
  }

  /** `1`, `1.5`, `1e3`, `2.5E-3`; right after `.` only digits (legacy index `a.0.1`). */
  private number(pos: number): void {
    const text = this.text;
    let i = pos + 1;
    while (isDigit(text.charCodeAt(i))) i++;
    if (this.lastKind !== '.') {
      if (text.charCodeAt(i) === DOT && isDigit(text.charCodeAt(i + 1))) {
        i += 2;
        while (isDigit(text.charCodeAt(i))) i++;
      }
      const e = text.charCodeAt(i);
      if (e === 101 || e === 69) {
        let k = i + 1;
        const sign = text.charCodeAt(k);
        if (sign === 43 || sign === MINUS) k++;
        if (isDigit(text.charCodeAt(k))) {
          i = k + 1;
          while (isDigit(text.charCodeAt(i))) i++;
        }
      }
    }
    this.emit('number', pos, i);
  }

  /** `<<EOT` or `<<-EOT`, then a line break (trailing blanks tolerated). */
  private heredocHeader(pos: number): void {
    const text = this.text;
    let j = pos + 2;
    if (text.charCodeAt(j) === MINUS) j++;
    const idEnd = identifierEnd(text, j);
    if (idEnd === j) {
      this.error(pos, j, "expected a heredoc marker name after '<<' (like <<EOT)");
      this.emit('invalid', pos, j, true);
      return;
    }
    let k = idEnd;
    while (text.charCodeAt(k) === SPACE || text.charCodeAt(k) === TAB) k++;
    if (text.charCodeAt(k) === CR && text.charCodeAt(k + 1) === LF) k++;
    if (k < this.len && text.charCodeAt(k) !== LF) {
      // Report, then read the heredoc anyway: its lines must not be taken for attributes.
      const eol = text.indexOf('\n', k);
      const end = eol < 0 ? this.len : eol;
      this.error(k, text.charCodeAt(end - 1) === CR ? end - 1 : end, `unexpected text after the heredoc introducer ${text.slice(pos, idEnd)}: it must end its line`);
      k = end;
    }
    this.emit('oheredoc', pos, idEnd);
    this.push({ mode: MODE_HEREDOC, braces: 0, open: pos, openEnd: idEnd, marker: text.slice(j, idEnd), lineStart: true });
    this.pos = Math.min(k + 1, this.len);
  }

  /** Opens `${`, `${~`, `%{` or `%{~` at `pos`. */
  private openSequence(pos: number, dollar: boolean): void {
    const end = this.text.charCodeAt(pos + 2) === TILDE ? pos + 3 : pos + 2;
    this.emit(dollar ? 'interp' : 'control', pos, end);
    this.push({ mode: MODE_INTERP, braces: 0, open: pos, openEnd: end, marker: '', lineStart: false });
  }

  private text_(start: number, end: number): void {
    if (end > start) this.emit('text', start, end);
  }

  private quoted(): void {
    const text = this.text;
    const len = this.len;
    const start = this.pos;
    let i = start;
    while (i < len) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        this.text_(start, i);
        this.emit('cquote', i, i + 1);
        this.pop();
        return;
      }
      if (c === LF || c === CR) break;
      if (c === BACKSLASH) {
        const n = text.charCodeAt(i + 1);
        i += n === LF || n === CR || Number.isNaN(n) ? 1 : 2;
        continue;
      }
      const mark = this.templateMark(i);
      if (mark === 'open') {
        this.text_(start, i);
        this.openSequence(i, c === DOLLAR);
        return;
      }
      i += mark === 'escape' ? 3 : 1;
    }
    this.text_(start, i);
    this.error(this.frame.open, i, 'unterminated string: missing the closing \'"\' before the end of the line');
    this.emit('cquote', i, i, true);
    this.pop();
  }

  /** At `$` or `%`: `${`/`%{` opens an interpolation or directive, `$${`/`%%{` is the escaped literal. */
  private templateMark(i: number): 'open' | 'escape' | undefined {
    const c = this.text.charCodeAt(i);
    if (c !== DOLLAR && c !== PERCENT) return undefined;
    const n = this.text.charCodeAt(i + 1);
    if (n === LBRACE) return 'open';
    return n === c && this.text.charCodeAt(i + 2) === LBRACE ? 'escape' : undefined;
  }

  private heredoc(): void {
    const text = this.text;
    const len = this.len;
    const frame = this.frame;
    let i = this.pos;
    if (frame.lineStart) {
      let j = i;
      while (text.charCodeAt(j) === SPACE || text.charCodeAt(j) === TAB) j++;
      if (text.startsWith(frame.marker, j)) {
        const markerEnd = j + frame.marker.length;
        let k = markerEnd;
        for (;;) {
          const c = text.charCodeAt(k);
          if (c !== SPACE && c !== TAB && c !== CR) break;
          k++;
        }
        if (k >= len || text.charCodeAt(k) === LF) {
          this.emit('cheredoc', j, markerEnd);
          this.pop();
          return;
        }
      }
    }
    const start = i;
    while (i < len) {
      const c = text.charCodeAt(i);
      if (c === LF) {
        i++;
        this.text_(start, i);
        frame.lineStart = true;
        return;
      }
      const mark = this.templateMark(i);
      if (mark === 'open') {
        this.text_(start, i);
        frame.lineStart = false;
        this.openSequence(i, c === DOLLAR);
        return;
      }
      i += mark === 'escape' ? 3 : 1;
    }
    this.text_(start, i);
    this.pos = len;
    this.truncated = true;
    this.error(frame.open, frame.openEnd, `heredoc ${text.slice(frame.open, frame.openEnd)} has no closing ${frame.marker} line`);
    this.emit('cheredoc', len, len, true);
    this.pop();
  }
}
