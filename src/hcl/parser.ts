import { LineIndex } from '../span.js';
import type {
  Attribute,
  BinaryOperator,
  Block,
  BlockLabel,
  Body,
  BodyItem,
  Expression,
  ForExpr,
  FunctionCallExpr,
  HclError,
  Identifier,
  ObjectItem,
  Range,
  SplatExpr,
  TemplateExpr,
} from './ast.js';
import { MAX_ERRORS, type Token, type TokenKind } from './lexer.js';
import { flushHeredoc, literalString, literalText, meldTexts, nestTemplate, type FlatItem } from './template.js';
import { leadingSpaces, trailingSpaces } from './text.js';

/** Deepest nesting of blocks, expressions and template directives before the parser gives up. */
export const MAX_DEPTH = 200;

/** How many times a file may be re-parsed to recover from an unclosed top-level construct. */
const MAX_BACKTRACKS = 20;

const PRECEDENCE: Readonly<Partial<Record<TokenKind, number>>> = {
  '||': 0,
  '&&': 1,
  '==': 2,
  '!=': 2,
  '<': 3,
  '>': 3,
  '<=': 3,
  '>=': 3,
  '+': 4,
  '-': 4,
  '*': 5,
  '/': 5,
  '%': 5,
};

const INVISIBLE = /^[\s\p{Cf}]+$/u;

const OPENERS: ReadonlySet<TokenKind> = new Set<TokenKind>(['{', '[', '(', 'oquote', 'oheredoc', 'interp', 'control']);
const CLOSERS: ReadonlySet<TokenKind> = new Set<TokenKind>(['}', ']', ')', 'cquote', 'cheredoc', 'seqend']);

/** Unwinds to the nearest body, which skips ahead and goes on. */
class Abort extends Error {
  constructor(readonly fatal: boolean) {
    super('hcl parse abort');
  }
}

interface BlockContext {
  readonly open: Token;
  readonly name: string;
}

export interface ParserOptions {
  /** The lexer ran into the end of the text inside a heredoc, comment or interpolation and said so. */
  readonly truncated: boolean;
}

export class Parser {
  readonly errors: HclError[] = [];
  private pos = 0;
  private limit: number;
  private limitEof: Token;
  private readonly realEof: Token;
  /** Line breaks end expressions (bodies, object constructors) rather than being skipped. */
  private sig = true;
  private depth = 0;
  /** Token indices of the brackets and templates open right now, for recovery. */
  private readonly open: number[] = [];
  private abortIndex = 0;
  private hitEof = false;
  private stopped = false;
  private backtracks = 0;
  private lineIndex: LineIndex | undefined;
  private readonly contentStart: number;

  constructor(
    private readonly text: string,
    private readonly tokens: readonly Token[],
    private readonly options: ParserOptions,
  ) {
    this.limit = tokens.length - 1;
    this.realEof = tokens[tokens.length - 1] ?? { kind: 'eof', start: text.length, end: text.length, nl: true, reported: false };
    this.limitEof = this.realEof;
    this.contentStart = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  }

  // -------------------------------------------------------------------------------------------
  // Tokens

  private tok(index: number): Token {
    return index < this.limit ? (this.tokens[index] ?? this.limitEof) : this.limitEof;
  }

  private peek(): Token {
    return this.tok(this.pos);
  }

  private peekAt(n: number): Token {
    return this.tok(this.pos + n);
  }

  private advance(): Token {
    const token = this.peek();
    if (this.pos < this.limit) this.pos++;
    return token;
  }

  private slice(token: Token): string {
    return this.text.slice(token.start, token.end);
  }

  private prevEnd(): number {
    return this.pos > 0 ? (this.tokens[this.pos - 1]?.end ?? this.contentStart) : this.contentStart;
  }

  /** The next token starts a new line where line breaks matter. */
  private atBreak(): boolean {
    return this.sig && this.peek().nl && this.peek().kind !== 'eof';
  }

  private isKeyword(token: Token, word: string): boolean {
    return token.kind === 'ident' && token.end - token.start === word.length && this.text.startsWith(word, token.start);
  }

  private setLimit(index: number): void {
    this.limit = index;
    const at = this.tokens[index];
    this.limitEof =
      index >= this.tokens.length - 1 || at === undefined ? this.realEof : { kind: 'eof', start: at.start, end: at.start, nl: true, reported: false };
  }

  private atLineStart(offset: number): boolean {
    return offset === this.contentStart || this.text.charCodeAt(offset - 1) === 10;
  }

  // -------------------------------------------------------------------------------------------
  // Errors

  private lineOf(offset: number): number {
    this.lineIndex ??= new LineIndex('', this.text);
    return this.lineIndex.position(offset).line;
  }

  private report(start: number, end: number, message: string): void {
    if (this.errors.length >= MAX_ERRORS) {
      this.stopped = true;
      return;
    }
    const last = this.errors[this.errors.length - 1];
    if (last?.range.start === start && last.message === message) return;
    this.errors.push({ message, range: { start, end } });
  }

  private describe(token: Token): string {
    switch (token.kind) {
      case 'eof':
        return token === this.realEof ? 'the end of the file' : 'the start of the next top-level item';
      case 'ident':
        return `'${this.slice(token)}'`;
      case 'number':
        return `the number ${this.slice(token)}`;
      case 'oquote':
        return 'a string';
      case 'oheredoc':
        return `the heredoc ${this.slice(token)}`;
      case 'invalid': {
        const ch = this.slice(token);
        const cp = ch.codePointAt(0) ?? 0;
        // Control characters and invisible ones (no-break spaces pasted from web pages) by code point.
        return cp < 32 || cp === 127 || cp === 0xfffd || INVISIBLE.test(ch)
          ? `the character U+${cp.toString(16).toUpperCase().padStart(4, '0')}`
          : `the character '${ch}'`;
      }
      case 'seqend':
      case 'interp':
      case 'control':
        return `'${this.slice(token)}'`;
      case 'cquote':
        return "the closing '\"'";
      case 'cheredoc':
      case 'text':
        return 'template text';
      default:
        return `'${token.kind}'`;
    }
  }

  /** Reports at `token` (unless the lexer already did) and unwinds to the enclosing body. */
  private fail(message: string, token: Token, start = token.start, end = token.end, index = this.pos): never {
    if (!token.reported) this.report(start, end, message);
    if (token === this.realEof) this.hitEof = true;
    this.abortIndex = index;
    throw new Abort(false);
  }

  /** "expected X, found Y" at the next token, or at the end of the line when a line break ends the expression. */
  private expected(what: string): never {
    const token = this.peek();
    if (this.atBreak() || token.kind === 'eof') {
      // Right after the last token, rather than on the next line.
      const at = this.prevEnd();
      this.fail(`expected ${what}, found ${token.kind === 'eof' ? this.describe(token) : 'the end of the line'}`, token, at, at);
    }
    this.fail(`expected ${what}, found ${this.describe(token)}`, token);
  }

  /** A likely start of the next attribute or block: a missing closer is a better diagnosis than a missing comma. */
  private looksLikeNextItem(token: Token): boolean {
    if (!token.nl) return false;
    if (token.kind === '}') return true;
    if (token.kind !== 'ident') return false;
    const after = this.peekAt(1).kind;
    return after === '=' || after === '{' || after === 'oquote' || (after === 'ident' && !this.peekAt(1).nl);
  }

  /**
   * After an element of a bracketed construct, neither `,` nor the closer came. At the end of
   * the text, or where the next attribute or block seems to start, the closer is missing: the
   * construct is taken as closed so recovery resumes right here.
   */
  private failSeparator(closer: string, what: string, open: Token, element: string, separated = true): never {
    const token = this.peek();
    if (token.kind === 'eof' || this.looksLikeNextItem(token)) {
      this.open.pop();
      const message = `missing closing '${closer}' for ${what} opened at line ${this.lineOf(open.start)}`;
      if (token.kind === 'eof') {
        if (token === this.realEof && this.options.truncated) this.fail(message, { ...token, reported: true });
        this.fail(message, token, open.start, open.end);
      }
      this.fail(message, token);
    }
    this.expected(`${separated ? `',' or '${closer}'` : `'${closer}'`} after ${element}`);
  }

  /**
   * The next token closes the construct: the right bracket, or a wrong one that starts a line
   * indented like the opener's line, which is taken for a typo of the right one (and reported).
   */
  private atCloser(closer: TokenKind, open: Token, what: string): boolean {
    const token = this.peek();
    if (token.kind === closer) return true;
    if (!token.nl || (token.kind !== '}' && token.kind !== ']' && token.kind !== ')')) return false;
    if (this.indentOf(token.start) !== this.indentOf(open.start)) return false;
    this.report(token.start, token.end, `expected '${closer}' to close ${what} opened at line ${this.lineOf(open.start)}, found '${token.kind}'`);
    return true;
  }

  /** Width of the blanks that start the line holding `offset`. */
  private indentOf(offset: number): number {
    const lineStart = Math.max(this.contentStart, this.text.lastIndexOf('\n', offset - 1) + 1);
    let i = lineStart;
    while (this.text.charCodeAt(i) === 32 || this.text.charCodeAt(i) === 9) i++;
    return i - lineStart;
  }

  private enter(token: Token): void {
    if (++this.depth > MAX_DEPTH) {
      this.report(token.start, token.end, `nesting is deeper than ${MAX_DEPTH} levels`);
      this.abortIndex = this.pos;
      throw new Abort(true);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Structure

  parseFile(): Body {
    const { items } = this.parseBody(undefined);
    return makeBody({ start: 0, end: this.text.length }, items);
  }

  private parseBody(block: BlockContext | undefined): { items: BodyItem[]; close: Token | undefined } {
    const items: BodyItem[] = [];
    const savedSig = this.sig;
    this.sig = true;
    let close: Token | undefined;
    for (;;) {
      if (this.stopped) {
        this.pos = this.limit;
        break;
      }
      const token = this.peek();
      if (token.kind === 'eof') {
        if (block !== undefined) this.reportUnclosed(block, token);
        break;
      }
      if (token.kind === '}') {
        this.pos++;
        if (block !== undefined) {
          close = token;
          break;
        }
        this.report(token.start, token.end, "unexpected '}': there is no block to close");
        continue;
      }
      if (block !== undefined) {
        this.parseItemRecovering(items, true);
        continue;
      }
      // Top level: an item that ran into the end of the text is usually an unclosed brace or
      // bracket. Parse it again, ending at the next line that starts in column 1 with a name.
      const start = this.pos;
      const errorCount = this.errors.length;
      const itemCount = items.length;
      this.hitEof = false;
      this.parseItemRecovering(items, false);
      if (this.ranIntoEnd() && this.backtracks < MAX_BACKTRACKS && this.limit === this.tokens.length - 1) {
        const cut = this.findCut(start);
        if (cut !== undefined) {
          this.backtracks++;
          this.errors.length = errorCount;
          items.length = itemCount;
          this.pos = start;
          this.stopped = false;
          this.setLimit(cut);
          this.parseItemRecovering(items, false);
          this.setLimit(this.tokens.length - 1);
          this.pos = cut;
        }
      }
    }
    this.sig = savedSig;
    return { items, close };
  }

  /** An error of the current item was at the end of the text (read through a method: calls change it). */
  private ranIntoEnd(): boolean {
    return this.hitEof;
  }

  private reportUnclosed(block: BlockContext, eof: Token): void {
    if (eof === this.realEof) {
      this.hitEof = true;
      if (this.options.truncated) return;
    }
    this.report(block.open.start, block.open.end, `missing closing '}' for the block ${block.name} opened at line ${this.lineOf(block.open.start)}`);
  }

  /** The first later token that starts a line in column 1 with a name. */
  private findCut(start: number): number | undefined {
    for (let i = start + 1; i < this.tokens.length - 1; i++) {
      const token = this.tokens[i];
      if (token?.kind === 'ident' && token.nl && this.atLineStart(token.start)) return i;
    }
    return undefined;
  }

  private parseItemRecovering(items: BodyItem[], nested: boolean): void {
    const start = this.pos;
    const openCount = this.open.length;
    const depth = this.depth;
    try {
      const item = this.parseItem();
      items.push(item);
      const next = this.peek();
      if (!next.nl && next.kind !== 'eof' && !(nested && next.kind === '}')) {
        const what = item.kind === 'attribute' ? `the value of '${item.name}'` : `the closing '}' of the block '${item.type}'`;
        this.fail(`expected a line break after ${what}, found ${this.describe(next)}`, next);
      }
    } catch (error) {
      if (!(error instanceof Abort) || (error.fatal && nested)) throw error;
      this.depth = depth;
      this.sig = true;
      const unclosed = this.open.length - openCount;
      this.open.length = openCount;
      this.pos = this.resumeIndex(start, Math.max(this.abortIndex, start), unclosed, nested);
    }
  }

  /**
   * Where to go on after an error at `from`: the first token after the failed item's start that
   * begins a line outside the brackets still open at the error, or closes the enclosing block,
   * or starts a line in column 1 with a name (which is most likely the next top-level item).
   */
  private resumeIndex(itemStart: number, from: number, unclosed: number, nested: boolean): number {
    let depth = unclosed;
    for (let i = from; ; i++) {
      const token = this.tok(i);
      if (token.kind === 'eof') return Math.min(i, this.limit);
      if (i > itemStart) {
        if (depth <= 0 && (token.nl || (nested && token.kind === '}'))) return i;
        if (token.kind === 'ident' && token.nl && this.atLineStart(token.start)) return i;
      }
      if (OPENERS.has(token.kind)) depth++;
      else if (CLOSERS.has(token.kind) && depth > 0) depth--;
    }
  }

  private parseItem(): BodyItem {
    const name = this.peek();
    if (name.kind !== 'ident') this.fail(`expected an attribute name or a block type, found ${this.describe(name)}`, name);
    this.pos++;
    const next = this.peek();
    if (!next.nl) {
      if (next.kind === '=') {
        this.pos++;
        const expr = this.parseExpression();
        const attribute: Attribute = {
          kind: 'attribute',
          name: this.slice(name),
          nameRange: range(name),
          expr,
          range: { start: name.start, end: expr.range.end },
        };
        return attribute;
      }
      if (next.kind === 'oquote' || next.kind === 'ident' || next.kind === '{') return this.parseBlock(name);
    }
    if (next.nl || next.kind === 'eof') {
      this.fail(`expected '=' or '{' after '${this.slice(name)}', found the end of the line`, next, name.end, name.end);
    }
    this.fail(`expected '=' or '{' after '${this.slice(name)}', found ${this.describe(next)}`, next);
  }

  private parseBlock(typeToken: Token): Block {
    const type = this.slice(typeToken);
    const labels: BlockLabel[] = [];
    for (;;) {
      const token = this.peek();
      if (token.nl) break;
      if (token.kind === 'ident') {
        this.pos++;
        labels.push({ value: this.slice(token), range: range(token), quoted: false });
      } else if (token.kind === 'oquote') {
        const template = this.parseTemplate();
        const literal = literalString(template);
        if (literal === undefined) {
          this.report(template.range.start, template.range.end, 'a block label must be a literal string, without ${} or %{}');
        }
        labels.push({ value: literal?.value ?? this.text.slice(template.contentRange.start, template.contentRange.end), range: template.range, quoted: true });
      } else {
        break;
      }
    }
    const name = `'${[type, ...labels.map((l) => (l.quoted ? `"${l.value}"` : l.value))].join(' ')}'`;
    const open = this.peek();
    if (open.kind !== '{' || open.nl) {
      if (labels.length === 0) this.expected(`'=' or '{' after block type '${type}'`);
      this.expected(`'{' to open the block ${name}`);
    }
    this.pos++;
    this.enter(open);
    const { items, close } = this.parseBody({ open, name });
    this.depth--;
    const end = close?.end ?? this.prevEnd();
    return {
      kind: 'block',
      type,
      typeRange: range(typeToken),
      labels,
      body: makeBody({ start: open.start, end }, items),
      range: { start: typeToken.start, end },
      openBraceRange: range(open),
      closeBraceRange: close === undefined ? undefined : range(close),
    };
  }

  // -------------------------------------------------------------------------------------------
  // Expressions

  private parseExpression(): Expression {
    this.enter(this.peek());
    const condition = this.parseBinary(0);
    let result = condition;
    if (!this.atBreak() && this.peek().kind === '?') {
      this.pos++;
      const trueExpr = this.parseExpression();
      if (this.atBreak() || this.peek().kind !== ':') this.expected("':' after the true result of the conditional expression");
      this.pos++;
      const falseExpr = this.parseExpression();
      result = { kind: 'conditional', condition, trueExpr, falseExpr, range: { start: condition.range.start, end: falseExpr.range.end } };
    }
    this.depth--;
    return result;
  }

  /** Precedence climbing; every binary operator is left-associative. */
  private parseBinary(minLevel: number): Expression {
    let left = this.parseUnary();
    for (;;) {
      if (this.atBreak()) return left;
      const op = this.peek();
      const level = PRECEDENCE[op.kind];
      if (level === undefined || level < minLevel) return left;
      this.pos++;
      const right = this.parseBinary(level + 1);
      left = {
        kind: 'binary',
        operator: op.kind as BinaryOperator,
        operatorRange: range(op),
        left,
        right,
        range: { start: left.range.start, end: right.range.end },
      };
    }
  }

  private parseUnary(): Expression {
    const token = this.peek();
    if ((token.kind === '!' || token.kind === '-') && !this.atBreak()) {
      this.pos++;
      this.enter(token);
      const operand = this.parseUnary();
      this.depth--;
      return { kind: 'unary', operator: token.kind, operand, range: { start: token.start, end: operand.range.end } };
    }
    return this.parsePostfix(this.parseTerm(false));
  }

  private parseTerm(allowBreak: boolean): Expression {
    const token = this.peek();
    if (!allowBreak && this.atBreak()) this.expected('an expression');
    switch (token.kind) {
      case 'number':
        this.pos++;
        return { kind: 'literal', value: Number(this.slice(token)), range: range(token) };
      case 'ident':
        return this.parseIdentifierTerm(token);
      case 'oquote':
      case 'oheredoc':
        return this.parseTemplate();
      case '[':
        return this.parseTuple();
      case '{':
        return this.parseObject();
      case '(':
        return this.parseParens();
      default:
        this.fail(`expected an expression, found ${this.describe(token)}`, token);
    }
  }

  private parseIdentifierTerm(token: Token): Expression {
    const name = this.slice(token);
    this.pos++;
    if (name === 'true' || name === 'false') return { kind: 'literal', value: name === 'true', range: range(token) };
    if (name === 'null') return { kind: 'literal', value: null, range: range(token) };
    if (this.atBreak()) return { kind: 'variable', name, range: range(token) };
    const next = this.peek();
    if (next.kind === '(') return this.parseCall(name, range(token));
    if (next.kind === '::') {
      let full = name;
      let end = token.end;
      while (this.peek().kind === '::') {
        this.pos++;
        const part = this.peek();
        if (part.kind !== 'ident') this.expected("a function name after '::'");
        this.pos++;
        full += `::${this.slice(part)}`;
        end = part.end;
      }
      if (this.peek().kind !== '(') this.expected(`'(' after the function name '${full}'`);
      return this.parseCall(full, { start: token.start, end });
    }
    return { kind: 'variable', name, range: range(token) };
  }

  private parseCall(name: string, nameRange: Range): FunctionCallExpr {
    const open = this.peek();
    this.open.push(this.pos);
    this.pos++;
    const savedSig = this.sig;
    this.sig = false;
    const args: Expression[] = [];
    let expandFinal = false;
    const what = `the call to ${name}()`;
    for (;;) {
      if (this.atCloser(')', open, what)) break;
      const token = this.peek();
      if (token.kind === 'eof' || this.looksLikeNextItem(token)) this.failSeparator(')', what, open, 'an argument');
      args.push(this.parseExpression());
      const next = this.peek();
      if (next.kind === '...') {
        this.pos++;
        expandFinal = true;
        if (!this.atCloser(')', open, what)) this.expected(`')' after the expanded argument of ${name}(): '...' must come last`);
        break;
      }
      if (next.kind === ',') {
        this.pos++;
        continue;
      }
      if (this.atCloser(')', open, what)) break;
      this.failSeparator(')', what, open, `an argument of ${name}()`);
    }
    const close = this.advance();
    this.open.pop();
    this.sig = savedSig;
    return { kind: 'call', name, nameRange, args, expandFinal, range: { start: nameRange.start, end: close.end } };
  }

  private isForStart(): boolean {
    return this.isKeyword(this.peek(), 'for') && this.peekAt(1).kind === 'ident';
  }

  private parseTuple(): Expression {
    const open = this.peek();
    this.open.push(this.pos);
    this.pos++;
    const savedSig = this.sig;
    this.sig = false;
    if (this.isForStart()) {
      const result = this.parseFor(open, false);
      this.sig = savedSig;
      return result;
    }
    const items: Expression[] = [];
    for (;;) {
      if (this.atCloser(']', open, 'the tuple')) break;
      const token = this.peek();
      if (token.kind === 'eof' || this.looksLikeNextItem(token)) this.failSeparator(']', 'the tuple', open, 'a tuple element');
      items.push(this.parseExpression());
      const next = this.peek();
      if (next.kind === ',') {
        this.pos++;
        continue;
      }
      if (this.atCloser(']', open, 'the tuple')) break;
      this.failSeparator(']', 'the tuple', open, 'a tuple element');
    }
    const close = this.advance();
    this.open.pop();
    this.sig = savedSig;
    return { kind: 'tuple', items, range: { start: open.start, end: close.end } };
  }

  private parseObject(): Expression {
    const open = this.peek();
    this.open.push(this.pos);
    this.pos++;
    const savedSig = this.sig;
    if (this.isForStart()) {
      this.sig = false;
      const result = this.parseFor(open, true);
      this.sig = savedSig;
      return result;
    }
    this.sig = true;
    const items: ObjectItem[] = [];
    for (;;) {
      if (this.atCloser('}', open, 'the object')) break;
      const token = this.peek();
      if (token.kind === 'eof') this.failSeparator('}', 'the object', open, 'an object item');
      const keyIndex = this.pos;
      this.enter(token);
      const key = this.parsePostfix(this.parseTerm(true));
      this.depth--;
      const separator = this.peek();
      if ((separator.kind !== '=' && separator.kind !== ':') || separator.nl) {
        if (key.kind === 'variable' && token.nl && !separator.nl && (separator.kind === 'oquote' || separator.kind === '{' || separator.kind === 'ident')) {
          // `resource "x" "y" {` where an object item should be: the object was not closed.
          this.open.pop();
          this.fail(`missing closing '}' for the object opened at line ${this.lineOf(open.start)}`, token, token.start, token.end, keyIndex);
        }
        this.expected("'=' or ':' after the object key");
      }
      this.pos++;
      const value = this.parseExpression();
      items.push({
        key,
        keyName: objectKeyName(key),
        separator: separator.kind,
        value,
        range: { start: key.range.start, end: value.range.end },
      });
      const next = this.peek();
      if (next.kind === ',') {
        this.pos++;
        continue;
      }
      if (next.nl && next.kind !== 'eof') continue;
      if (this.atCloser('}', open, 'the object')) break;
      this.failSeparator('}', 'the object', open, 'an object item');
    }
    const close = this.advance();
    this.open.pop();
    this.sig = savedSig;
    return { kind: 'object', items, range: { start: open.start, end: close.end } };
  }

  private identifier(what: string): Identifier {
    const token = this.peek();
    if (token.kind !== 'ident') this.expected(what);
    this.pos++;
    return { name: this.slice(token), range: range(token) };
  }

  /** `k, v in` or `v in` of a for expression or directive, after `for`; consumes through `in`. */
  private forVariables(what: string): { keyVar: Identifier | undefined; valueVar: Identifier } {
    const first = this.identifier("a variable name after 'for'");
    let keyVar: Identifier | undefined;
    let valueVar = first;
    if (this.peek().kind === ',') {
      this.pos++;
      keyVar = first;
      valueVar = this.identifier("a second variable name after ','");
    }
    if (!this.isKeyword(this.peek(), 'in')) this.expected(`'in' after ${what}`);
    this.pos++;
    return { keyVar, valueVar };
  }

  /** After `[` or `{`, at `for`; consumes through the closer. */
  private parseFor(open: Token, object: boolean): ForExpr {
    this.pos++;
    const { keyVar, valueVar } = this.forVariables('the for-expression variables');
    const collection = this.parseExpression();
    if (this.peek().kind !== ':') this.expected("':' after the collection of the for expression");
    this.pos++;
    let keyExpr: Expression | undefined;
    let valueExpr = this.parseExpression();
    let grouping = false;
    if (object) {
      if (this.peek().kind !== '=>') this.expected("'=>' after the key of the object for expression");
      this.pos++;
      keyExpr = valueExpr;
      valueExpr = this.parseExpression();
      if (this.peek().kind === '...') {
        this.pos++;
        grouping = true;
      }
    }
    let condition: Expression | undefined;
    if (this.isKeyword(this.peek(), 'if')) {
      this.pos++;
      condition = this.parseExpression();
    }
    const closer = object ? '}' : ']';
    const what = `the ${object ? 'object' : 'tuple'} for expression`;
    if (!this.atCloser(closer, open, what)) this.failSeparator(closer, what, open, 'the for expression', false);
    const close = this.advance();
    this.open.pop();
    return { kind: 'for', object, keyVar, valueVar, collection, keyExpr, valueExpr, grouping, condition, range: { start: open.start, end: close.end } };
  }

  private parseParens(): Expression {
    const open = this.peek();
    this.open.push(this.pos);
    this.pos++;
    const savedSig = this.sig;
    this.sig = false;
    const expr = this.parseExpression();
    if (!this.atCloser(')', open, 'the parenthesis')) this.failSeparator(')', 'the parenthesis', open, 'the expression', false);
    const close = this.advance();
    this.open.pop();
    this.sig = savedSig;
    return { kind: 'parens', expr, range: { start: open.start, end: close.end } };
  }

  /** Attribute access, indexing and splats after a term. */
  private parsePostfix(term: Expression): Expression {
    let expr = term;
    for (;;) {
      if (this.atBreak()) return expr;
      const token = this.peek();
      if (token.kind === '.') {
        const next = this.peekAt(1);
        if (this.sig && next.nl) {
          this.pos++;
          this.expected("an attribute name after '.'");
        }
        if (next.kind === 'ident') {
          this.pos += 2;
          expr = { kind: 'getattr', object: expr, name: this.slice(next), nameRange: range(next), range: { start: expr.range.start, end: next.end } };
        } else if (next.kind === 'number') {
          this.pos += 2;
          expr = this.legacyIndex(expr, next);
        } else if (next.kind === '*') {
          this.pos += 2;
          expr = this.parseAttributeSplat(expr, token, next);
        } else {
          this.pos++;
          this.expected("an attribute name after '.'");
        }
      } else if (token.kind === '[') {
        if (this.peekAt(1).kind === '*' && this.peekAt(2).kind === ']') {
          const close = this.peekAt(2);
          this.pos += 3;
          expr = this.parseFullSplat(expr, token, close);
        } else {
          this.open.push(this.pos);
          this.pos++;
          const savedSig = this.sig;
          this.sig = false;
          const key = this.parseExpression();
          if (!this.atCloser(']', token, 'the index')) this.failSeparator(']', 'the index', token, 'the index expression', false);
          const close = this.advance();
          this.open.pop();
          this.sig = savedSig;
          expr = { kind: 'index', object: expr, key, legacy: false, range: { start: expr.range.start, end: close.end } };
        }
      } else {
        return expr;
      }
    }
  }

  private legacyIndex(object: Expression, number: Token): Expression {
    return {
      kind: 'index',
      object,
      key: { kind: 'literal', value: Number(this.slice(number)), range: range(number) },
      legacy: true,
      range: { start: object.range.start, end: number.end },
    };
  }

  /** `source.*.a.b`: only attribute and legacy index steps belong to each element. */
  private parseAttributeSplat(source: Expression, dot: Token, star: Token): SplatExpr {
    let each: Expression = { kind: 'splat-item', range: { start: dot.start, end: star.end } };
    while (!this.atBreak() && this.peek().kind === '.') {
      const next = this.peekAt(1);
      if (next.kind === 'ident') {
        this.pos += 2;
        each = { kind: 'getattr', object: each, name: this.slice(next), nameRange: range(next), range: { start: each.range.start, end: next.end } };
      } else if (next.kind === 'number') {
        this.pos += 2;
        each = this.legacyIndex(each, next);
      } else {
        this.pos++;
        if (next.kind === '*') this.fail("a splat '.*' cannot follow another '.*': use [*] instead", next);
        this.expected("an attribute name after '.'");
      }
    }
    return { kind: 'splat', source, each, full: false, range: { start: source.range.start, end: each.range.end } };
  }

  /** `source[*]...`: every following traversal step applies to each element. */
  private parseFullSplat(source: Expression, open: Token, close: Token): SplatExpr {
    this.enter(open);
    const each = this.parsePostfix({ kind: 'splat-item', range: { start: open.start, end: close.end } });
    this.depth--;
    return { kind: 'splat', source, each, full: true, range: { start: source.range.start, end: each.range.end } };
  }

  // -------------------------------------------------------------------------------------------
  // Templates

  private parseTemplate(): TemplateExpr {
    const open = this.peek();
    const heredoc = open.kind === 'oheredoc';
    const closer: TokenKind = heredoc ? 'cheredoc' : 'cquote';
    this.open.push(this.pos);
    this.pos++;
    const savedSig = this.sig;
    const report = (start: number, end: number, message: string): void => {
      this.report(start, end, message);
    };
    const items: FlatItem[] = [];
    let trimNext = false;
    let canTrimPrevious = false;
    let close: Token;
    for (;;) {
      const token = this.peek();
      if (token.kind === closer) {
        close = token;
        this.pos++;
        break;
      }
      const trim = trimNext;
      const canTrim = canTrimPrevious;
      trimNext = false;
      canTrimPrevious = false;
      if (token.kind === 'text') {
        this.pos++;
        const text = literalText(this.text, token.start, token.end, !heredoc, report);
        if (trim) text.dropStart(leadingSpaces(text.value));
        items.push({ kind: 'text', text, range: range(token) });
        canTrimPrevious = true;
        continue;
      }
      if (token.kind !== 'interp' && token.kind !== 'control') {
        this.fail(heredoc ? `the heredoc ${this.slice(open)} is not closed` : 'the string is not closed', token);
      }
      const stripBefore = token.end - token.start === 3;
      const previous = items[items.length - 1];
      if (stripBefore && canTrim && previous?.kind === 'text') {
        previous.text.keepStart(previous.text.value.length - trailingSpaces(previous.text.value));
      }
      this.open.push(this.pos);
      this.pos++;
      this.sig = false;
      const expr = token.kind === 'interp' ? this.parseExpression() : undefined;
      const directive = token.kind === 'control' ? this.parseDirective() : undefined;
      const end = this.peek();
      if (end.kind !== 'seqend') {
        const opener = this.slice(token).slice(0, 2);
        const hint = opener === '$' + '{' ? " (write '$$" + "{' for a literal '$" + "{')" : '';
        this.expected(`'}' to end the '${opener}' sequence${hint}`);
      }
      this.pos++;
      this.open.pop();
      this.sig = savedSig;
      const stripAfter = end.end - end.start === 2;
      trimNext = stripAfter;
      const itemRange = { start: token.start, end: end.end };
      if (expr !== undefined) items.push({ kind: 'interp', expr, range: itemRange, stripBefore, stripAfter });
      else if (directive !== undefined) items.push({ ...directive, range: itemRange });
    }
    this.open.pop();
    if (heredoc && this.text.charCodeAt(open.start + 2) === 45) flushHeredoc(items);
    const parts = nestTemplate(meldTexts(items), report, (offset) => this.lineOf(offset), MAX_DEPTH);
    const closeMissing = close.reported && close.start === close.end;
    let contentRange: Range;
    let heredocInfo: TemplateExpr['heredoc'];
    if (heredoc) {
      const eol = this.text.indexOf('\n', open.end);
      const contentStart = eol < 0 ? this.text.length : eol + 1;
      const contentEnd = closeMissing ? close.start : Math.max(contentStart, this.text.lastIndexOf('\n', close.start - 1) + 1);
      contentRange = { start: contentStart, end: contentEnd };
      const indented = this.text.charCodeAt(open.start + 2) === 45;
      heredocInfo = {
        marker: this.text.slice(open.start + (indented ? 3 : 2), open.end),
        indented,
        openRange: range(open),
        closeRange: closeMissing ? undefined : range(close),
      };
    } else {
      contentRange = { start: open.end, end: close.start };
    }
    return { kind: 'template', range: { start: open.start, end: close.end }, parts, contentRange, heredoc: heredocInfo };
  }

  /** The inside of `%{ ... }`, up to the closing brace. */
  private parseDirective():
    | { kind: 'if'; condition: Expression }
    | { kind: 'for'; keyVar: Identifier | undefined; valueVar: Identifier; collection: Expression }
    | { kind: 'else' | 'endif' | 'endfor' } {
    const keyword = this.peek();
    const word = keyword.kind === 'ident' ? this.slice(keyword) : '';
    switch (word) {
      case 'if':
        this.pos++;
        return { kind: 'if', condition: this.parseExpression() };
      case 'else':
      case 'endif':
      case 'endfor':
        this.pos++;
        return { kind: word };
      case 'for': {
        this.pos++;
        const { keyVar, valueVar } = this.forVariables("the for directive's variables");
        return { kind: 'for', keyVar, valueVar, collection: this.parseExpression() };
      }
      default:
        if (keyword.kind === 'ident') {
          this.fail(`'${word}' is not a template directive: use if, else, endif, for or endfor`, keyword);
        }
        this.expected("a template directive (if, else, endif, for, endfor) after '%{'");
    }
  }
}

function range(token: Token): Range {
  return { start: token.start, end: token.end };
}

function makeBody(bodyRange: Range, items: BodyItem[]): Body {
  const attributes: Attribute[] = [];
  const blocks: Block[] = [];
  for (const item of items) {
    if (item.kind === 'attribute') attributes.push(item);
    else blocks.push(item);
  }
  return { kind: 'body', range: bodyRange, items, attributes, blocks };
}

function objectKeyName(key: Expression): string | undefined {
  switch (key.kind) {
    case 'variable':
      return key.name;
    case 'literal':
      return String(key.value);
    case 'template':
      return literalString(key)?.value;
    default:
      return undefined;
  }
}
