import type { Attribute, Block, BlockLabel, Body, BodyItem, Expression, HclError, ObjectItem, Range, TemplateExpr, TemplatePart, TemplateText } from '../hcl/index.js';
import { parseHcl } from '../hcl/index.js';
import { MappedText } from '../hcl/text.js';
import { LineIndex } from '../span.js';
import type { TfFile, TfParseError } from './evaluate.js';

/**
 * Terraform's JSON syntax (`.tf.json`, `.tofu.json`), turned into the same AST as the native
 * syntax so a JSON file joins its module like any `.tf` file.
 *
 * - The top-level object's keys are block types; `resource`/`data` take two levels of label
 *   keys, `module`/`variable`/`output`/`provider` one, the others none. A block value may be an
 *   object or an array of objects (one block each).
 * - In a body, a key the carrier reads as a nested block (`metadata`, `access_config`, ...) whose
 *   value is an object (or array of objects) is a block, `dynamic` holds labelled dynamic blocks;
 *   every other key is an attribute. `"//"` keys are comments. Every key of `locals` is an attribute.
 * - Strings are HCL templates (`"${var.x}"`), parsed with exact source offsets: every character
 *   of a value maps back to its JSON escape (`\"`, `\n`, `\u00e9`). A variable's `type` string is
 *   an expression. Object keys are literal strings.
 * - Names (attributes, block types, labels) have the range of their key's text, quotes excluded.
 *   A labelled block's `typeRange` is its last label key (the JSON has no block-type keyword of
 *   its own per block), so findings about "the resource" land on its name.
 */
export function parseTfJson(path: string, text: string): { file: TfFile; errors: TfParseError[] } {
  const lines = new LineIndex(path, text);
  const errors: HclError[] = [];
  let body: Body = emptyBody({ start: 0, end: text.length });
  try {
    const root = new JsonParser(text).parseDocument();
    body = new Converter(text, errors).file(root);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    errors.push({ message: error.message, range: error.range });
  }
  errors.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
  const file: TfFile = { path, text, lines, body, comments: [] };
  return { file, errors: errors.slice(0, 100).map((e) => ({ message: e.message, range: e.range, span: lines.span(e.range.start, e.range.end) })) };
}

/** Paths that are Terraform JSON configuration files. */
export const TF_JSON_EXTENSION = /\.(?:tf|tofu)\.json$/i;

// ---------------------------------------------------------------------------------------------
// JSON with positions

type JsonNode = JsonObject | JsonArray | JsonString | JsonScalar;

interface JsonObject {
  readonly kind: 'object';
  readonly range: Range;
  readonly members: readonly { readonly key: JsonString; readonly value: JsonNode }[];
}

interface JsonArray {
  readonly kind: 'array';
  readonly range: Range;
  readonly items: readonly JsonNode[];
}

interface JsonString {
  readonly kind: 'string';
  /** Quotes included. */
  readonly range: Range;
  readonly value: string;
  /** Per value character (UTF-16 unit): the source range of the character or of its escape. */
  readonly starts: readonly number[];
  readonly ends: readonly number[];
}

interface JsonScalar {
  readonly kind: 'scalar';
  readonly range: Range;
  readonly value: number | boolean | null;
}

class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly range: Range,
  ) {
    super(message);
  }
}

const MAX_JSON_DEPTH = 200;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const SIMPLE: Readonly<Partial<Record<string, string>>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

class JsonParser {
  private pos: number;
  private depth = 0;

  constructor(private readonly text: string) {
    this.pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  }

  parseDocument(): JsonNode {
    this.skip();
    const value = this.value();
    this.skip();
    if (this.pos < this.text.length) this.fail(`unexpected ${this.describe()} after the JSON value`);
    return value;
  }

  private fail(message: string, start = this.pos, end = Math.min(this.pos + 1, this.text.length)): never {
    throw new JsonSyntaxError(message, { start, end: Math.max(start, end) });
  }

  private describe(): string {
    if (this.pos >= this.text.length) return 'end of the file';
    const c = this.text.codePointAt(this.pos) ?? 0;
    return `character ${JSON.stringify(String.fromCodePoint(c))}`;
  }

  private skip(): void {
    const text = this.text;
    while (this.pos < text.length) {
      const c = text.charCodeAt(this.pos);
      if (c === 32 || c === 9 || c === 10 || c === 13) this.pos++;
      else break;
    }
  }

  private value(): JsonNode {
    const text = this.text;
    const c = text[this.pos];
    const start = this.pos;
    switch (c) {
      case '{':
        return this.object();
      case '[':
        return this.array();
      case '"':
        return this.string();
      case 't':
      case 'f':
      case 'n':
        for (const [word, value] of [
          ['true', true],
          ['false', false],
          ['null', null],
        ] as const) {
          if (text.startsWith(word, start)) {
            this.pos += word.length;
            return { kind: 'scalar', range: { start, end: this.pos }, value };
          }
        }
        break;
      default: {
        NUMBER.lastIndex = start;
        const match = NUMBER.exec(text);
        if (match !== null && match[0] !== '-' && match[0].length > 0) {
          this.pos += match[0].length;
          return { kind: 'scalar', range: { start, end: this.pos }, value: Number(match[0]) };
        }
      }
    }
    return this.fail(`expected a JSON value, found ${this.describe()}`);
  }

  private enter(): void {
    if (++this.depth > MAX_JSON_DEPTH) this.fail(`JSON nested more than ${MAX_JSON_DEPTH} levels deep`);
  }

  private object(): JsonObject {
    this.enter();
    const start = this.pos++;
    const members: { key: JsonString; value: JsonNode }[] = [];
    this.skip();
    if (this.text[this.pos] === '}') {
      this.pos++;
      this.depth--;
      return { kind: 'object', range: { start, end: this.pos }, members };
    }
    for (;;) {
      this.skip();
      if (this.text[this.pos] !== '"') this.fail(`expected a quoted object key, found ${this.describe()}`);
      const key = this.string();
      this.skip();
      if (this.text[this.pos] !== ':') this.fail(`expected ':' after the object key, found ${this.describe()}`);
      this.pos++;
      this.skip();
      members.push({ key, value: this.value() });
      this.skip();
      const next = this.text[this.pos];
      if (next === ',') {
        this.pos++;
        continue;
      }
      if (next === '}') break;
      this.fail(`expected ',' or '}' in the object, found ${this.describe()}`);
    }
    this.pos++;
    this.depth--;
    return { kind: 'object', range: { start, end: this.pos }, members };
  }

  private array(): JsonArray {
    this.enter();
    const start = this.pos++;
    const items: JsonNode[] = [];
    this.skip();
    if (this.text[this.pos] === ']') {
      this.pos++;
      this.depth--;
      return { kind: 'array', range: { start, end: this.pos }, items };
    }
    for (;;) {
      this.skip();
      items.push(this.value());
      this.skip();
      const next = this.text[this.pos];
      if (next === ',') {
        this.pos++;
        continue;
      }
      if (next === ']') break;
      this.fail(`expected ',' or ']' in the array, found ${this.describe()}`);
    }
    this.pos++;
    this.depth--;
    return { kind: 'array', range: { start, end: this.pos }, items };
  }

  private string(): JsonString {
    const text = this.text;
    const start = this.pos++;
    let value = '';
    const starts: number[] = [];
    const ends: number[] = [];
    for (;;) {
      const i = this.pos;
      if (i >= text.length) this.fail('unterminated string: missing the closing \'"\'', start, i);
      const c = text.charCodeAt(i);
      if (c === 34) {
        this.pos++;
        return { kind: 'string', range: { start, end: this.pos }, value, starts, ends };
      }
      if (c < 0x20) this.fail('a control character (such as a line break) must be escaped inside a JSON string', i, i + 1);
      if (c !== 92) {
        value += text.charAt(i);
        starts.push(i);
        ends.push(i + 1);
        this.pos++;
        continue;
      }
      const selector = text[i + 1] ?? '';
      const simple = SIMPLE[selector];
      if (simple !== undefined) {
        value += simple;
        starts.push(i);
        ends.push(i + 2);
        this.pos += 2;
        continue;
      }
      if (selector === 'u') {
        const hex = text.slice(i + 2, i + 6);
        if (!/^[0-9A-Fa-f]{4}$/.test(hex)) this.fail('the \\u escape must be followed by 4 hexadecimal digits', i, Math.min(i + 6, text.length));
        value += String.fromCharCode(Number.parseInt(hex, 16));
        starts.push(i);
        ends.push(i + 6);
        this.pos += 6;
        continue;
      }
      this.fail(`invalid escape sequence '\\${selector}' in a JSON string`, i, Math.min(i + 2, text.length));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// JSON to the HCL AST

/** Label keys per top-level block type. Unknown types are label-less blocks. */
const LABELS: Readonly<Record<string, number>> = { resource: 2, data: 2, module: 1, variable: 1, output: 1, provider: 1, check: 1 };
/** Keys read as nested blocks (when their value is an object or an array of objects). */
const NESTED_BLOCKS = new Set([
  'metadata',
  'access_config',
  'access_scope',
  'compute_config',
  'remote_network_config',
  'lifecycle',
  'vpc_config',
  'scaling_config',
  'content',
]);
const LABELLED_BODIES = new Set(['resource', 'data', 'module', 'variable']);

function emptyBody(range: Range): Body {
  return { kind: 'body', range, items: [], attributes: [], blocks: [] };
}

function makeBody(range: Range, items: BodyItem[]): Body {
  return {
    kind: 'body',
    range,
    items,
    attributes: items.filter((i): i is Attribute => i.kind === 'attribute'),
    blocks: items.filter((i): i is Block => i.kind === 'block'),
  };
}

/** A key's text range, quotes excluded. */
function inner(key: JsonString): Range {
  return { start: key.range.start + 1, end: key.range.end - 1 };
}

class Converter {
  constructor(
    private readonly text: string,
    private readonly errors: HclError[],
  ) {}

  private report(range: Range, message: string): void {
    this.errors.push({ message, range });
  }

  file(root: JsonNode): Body {
    if (root.kind !== 'object') {
      this.report(root.range, 'a Terraform JSON file must hold one JSON object (its keys are block types)');
      return emptyBody({ start: 0, end: this.text.length });
    }
    const items: BodyItem[] = [];
    for (const { key, value } of root.members) {
      if (key.value === '//') continue;
      const labels = LABELS[key.value] ?? 0;
      items.push(...this.blocks(key, value, labels, [], key.value === 'locals' ? 'locals' : LABELLED_BODIES.has(key.value) ? 'nested' : 'plain'));
    }
    return makeBody({ start: 0, end: this.text.length }, items);
  }

  /** The blocks of type `type` written as `value`, with `remaining` label levels still to read. */
  private blocks(type: JsonString, value: JsonNode, remaining: number, labels: JsonString[], mode: 'locals' | 'nested' | 'plain'): Block[] {
    if (value.kind === 'array') return value.items.flatMap((item) => this.blocks(type, item, remaining, labels, mode));
    if (value.kind !== 'object') {
      this.report(value.range, `the "${type.value}" block must be a JSON object`);
      return [];
    }
    if (remaining > 0) {
      return value.members.flatMap(({ key, value: v }) => (key.value === '//' ? [] : this.blocks(type, v, remaining - 1, [...labels, key], mode)));
    }
    const last = labels[labels.length - 1];
    const head = last ?? type;
    const blockLabels: BlockLabel[] = labels.map((l) => ({ value: l.value, range: inner(l), quoted: true }));
    return [
      {
        kind: 'block',
        type: type.value,
        typeRange: inner(head),
        labels: blockLabels,
        body: this.body(value, mode, type.value === 'variable'),
        range: { start: head.range.start, end: value.range.end },
        openBraceRange: { start: value.range.start, end: value.range.start + 1 },
        closeBraceRange: { start: value.range.end - 1, end: value.range.end },
      },
    ];
  }

  private body(object: JsonObject, mode: 'locals' | 'nested' | 'plain', variable: boolean): Body {
    const items: BodyItem[] = [];
    for (const { key, value } of object.members) {
      if (key.value === '//') continue;
      if (mode === 'nested' && NESTED_BLOCKS.has(key.value) && isBlockValue(value)) {
        items.push(...this.blocks(key, value, 0, [], 'nested'));
      } else if (mode === 'nested' && key.value === 'dynamic' && value.kind === 'object') {
        items.push(...this.blocks(key, value, 1, [], 'nested'));
      } else {
        const expr = variable && key.value === 'type' && value.kind === 'string' ? this.expression(value) : this.expr(value);
        items.push({ kind: 'attribute', name: key.value, nameRange: inner(key), expr, range: { start: key.range.start, end: value.range.end } });
      }
    }
    return makeBody(object.range, items);
  }

  private expr(node: JsonNode): Expression {
    switch (node.kind) {
      case 'scalar':
        return { kind: 'literal', value: node.value, range: node.range };
      case 'string':
        return this.template(node);
      case 'array':
        return { kind: 'tuple', items: node.items.map((i) => this.expr(i)), range: node.range };
      case 'object': {
        const items: ObjectItem[] = node.members.map(({ key, value }) => ({
          key: literalTemplate(key),
          keyName: key.value,
          separator: ':',
          value: this.expr(value),
          range: { start: key.range.start, end: value.range.end },
        }));
        return { kind: 'object', items, range: node.range };
      }
    }
  }

  /** A string value as an HCL template: parsed as the body of a heredoc, then mapped back. */
  private template(node: JsonString): TemplateExpr {
    const contentRange = inner(node);
    if (!node.value.includes('${') && !node.value.includes('%{')) return literalTemplate(node);
    let marker = 'JSONEOT';
    while (node.value.includes(marker)) marker += 'X';
    const prefix = `x = <<${marker}\n`;
    const mapped = this.parseSynthetic(node, prefix, `\n${marker}\n`);
    const expr = mapped.expr;
    if (expr?.kind !== 'template') return literalTemplate(node);
    return { kind: 'template', range: node.range, parts: expr.parts, contentRange, heredoc: undefined };
  }

  /** A string value that is an expression (a variable's `type`). */
  private expression(node: JsonString): Expression {
    return this.parseSynthetic(node, 'x = ', '\n').expr ?? literalTemplate(node);
  }

  /**
   * Parses `prefix + value + suffix` as HCL and maps every offset of the attribute's expression
   * (and of the errors) from the synthetic text back to the JSON text.
   */
  private parseSynthetic(node: JsonString, prefix: string, suffix: string): { expr: Expression | undefined } {
    const value = node.value;
    const p = prefix.length;
    const open = node.range.start + 1;
    const close = node.range.end - 1;
    const startOf = (o: number): number => {
      const v = o - p;
      if (v < 0) return open;
      if (v >= value.length) return close;
      return node.starts[v] ?? close;
    };
    const endOf = (o: number): number => {
      const v = o - p;
      if (v <= 0) return v < 0 ? open : (node.starts[0] ?? close);
      if (v > value.length) return close;
      return node.ends[v - 1] ?? close;
    };
    const mapRange = (r: Range): Range => {
      const start = startOf(r.start);
      return r.end <= r.start ? { start, end: start } : { start, end: Math.max(start, endOf(r.end)) };
    };
    const parsed = parseHcl(prefix + value + suffix);
    for (const e of parsed.errors) this.report(mapRange(e.range), e.message);
    const attribute = parsed.body.attributes[0];
    if (attribute === undefined) return { expr: undefined };
    let expr = attribute.expr;
    if (expr.kind === 'template' && expr.heredoc !== undefined) expr = { ...expr, parts: dropFinalNewline(expr.parts) };
    return { expr: remap(expr, mapRange, (text) => remapText(text, p, node, mapRange)) as Expression };
  }
}

function isBlockValue(value: JsonNode): boolean {
  return value.kind === 'object' || (value.kind === 'array' && value.items.length > 0 && value.items.every((i) => i.kind === 'object'));
}

/** A string with no `${`/`%{`: one literal text part (`$${` needs no handling: it only matters before `{`, which starts a sequence). */
function literalTemplate(node: JsonString): TemplateExpr {
  const contentRange = inner(node);
  const text = new MappedText();
  for (let i = 0; i < node.value.length; i++) {
    const start = node.starts[i] ?? contentRange.end;
    const end = node.ends[i] ?? contentRange.end;
    const ch = node.value[i] ?? '';
    if (end - start === 1) text.copy(ch, start);
    else text.escape(ch, start, end);
  }
  const parts: TemplatePart[] = text.value.length === 0 ? [] : [{ kind: 'text', value: text.value, range: contentRange, runs: text.runs }];
  return { kind: 'template', range: node.range, parts, contentRange, heredoc: undefined };
}

/** The heredoc's closing line break is not part of the JSON string. */
function dropFinalNewline(parts: readonly TemplatePart[]): TemplatePart[] {
  const out = [...parts];
  const last = out[out.length - 1];
  if (last?.kind !== 'text' || !last.value.endsWith('\n')) return out;
  const text = new MappedText();
  text.value = last.value;
  text.runs = [...last.runs];
  text.keepStart(last.value.length - 1);
  out.pop();
  if (text.value.length > 0) out.push({ ...last, value: text.value, runs: text.runs });
  return out;
}

/** A template text of the synthetic heredoc, its runs rebuilt over the JSON source. */
function remapText(text: TemplateText, p: number, node: JsonString, mapRange: (r: Range) => Range): TemplateText {
  const out = new MappedText();
  const runs = text.runs;
  for (let r = 0; r < runs.length; r++) {
    const run = runs[r];
    if (run === undefined) continue;
    const runEnd = runs[r + 1]?.value ?? text.value.length;
    const piece = text.value.slice(run.value, runEnd);
    if (run.end - run.start !== piece.length) {
      const range = mapRange({ start: run.start, end: run.end });
      out.escape(piece, range.start, range.end);
      continue;
    }
    for (let k = 0; k < piece.length; k++) {
      const v = run.start + k - p;
      const start = node.starts[v];
      const end = node.ends[v];
      if (start === undefined || end === undefined) continue;
      const ch = piece[k] ?? '';
      if (end - start === 1) out.copy(ch, start);
      else out.escape(ch, start, end);
    }
  }
  return { kind: 'text', value: out.value, range: mapRange(text.range), runs: out.runs };
}

/** Deep copy of an expression tree with every range mapped (template texts rebuilt by `text`). */
function remap(node: unknown, mapRange: (r: Range) => Range, text: (t: TemplateText) => TemplateText): unknown {
  if (Array.isArray(node)) return node.map((n: unknown) => remap(n, mapRange, text));
  if (node === null || typeof node !== 'object') return node;
  const record = node as Record<string, unknown>;
  if (record.kind === 'text' && Array.isArray(record.runs)) return text(node as TemplateText);
  const keys = Object.keys(record);
  if (keys.length === 2 && typeof record.start === 'number' && typeof record.end === 'number') return mapRange(node as Range);
  const out: Record<string, unknown> = {};
  for (const key of keys) out[key] = remap(record[key], mapRange, text);
  return out;
}
