import {
  parseHcl,
  traversalPath,
  type Block,
  type Body,
  type Comment,
  type Expression,
  type ForExpr,
  type FunctionCallExpr,
  type Identifier,
  type ObjectExpr,
  type Range,
  type TemplateExpr,
  type TemplatePart,
} from '../hcl/index.js';
import { lastEntry, type MapNode, type SourceNode } from '../source-node.js';
import { LineIndex, type Span } from '../span.js';
import { callFunction, isKnownFunction, stringArg, type CallContext } from './functions.js';
import { MappedString } from './mapped-string.js';
import {
  boolNode,
  computedString,
  formatNumber,
  indefiniteItem,
  isEncoded,
  isIndefinite,
  keyMappingOf,
  mapNode,
  mappingOf,
  MAX_SCOPE_WORK,
  MAX_STRING_LENGTH,
  MAX_WORK,
  nullNode,
  numberNode,
  opaque,
  referenceOf,
  seqNode,
  stringNode,
  type EntryInit,
  type TfOpaque,
  type Where,
} from './nodes.js';
import { uniqueSortedEntries, valueKey } from './render.js';
import { convertToType, parseType } from './types.js';

export type { Encoded, ReferencePath, TfOpaque } from './nodes.js';
export { encodingOf, isEncoded, isIndefinite, referenceOf } from './nodes.js';

/** One parsed `.tf` / `.tofu` / `.tfvars` file. */
export interface TfFile {
  readonly path: string;
  readonly text: string;
  readonly lines: LineIndex;
  readonly body: Body;
  /** Every comment, in source order (for suppression comments). */
  readonly comments: readonly Comment[];
}

export interface TfParseError {
  readonly message: string;
  readonly range: Range;
  readonly span: Span;
}

/** Parses one file; never throws (a broken file still yields the blocks before and after the damage). */
export function parseTfFile(path: string, text: string): { file: TfFile; errors: TfParseError[] } {
  const lines = new LineIndex(path, text);
  const parsed = parseHcl(text);
  const file: TfFile = { path, text, lines, body: parsed.body, comments: parsed.comments };
  const errors = parsed.errors.map((e) => ({ message: e.message, range: e.range, span: lines.span(e.range.start, e.range.end) }));
  return { file, errors };
}

/** Nested `local.*` resolutions one evaluation may go through. */
const MAX_LOCAL_NESTING = 64;
/** Nested expression evaluations (across locals) before the evaluator answers "unknown". */
const MAX_EVAL_DEPTH = 400;
/** The name the element of a splat (`list[*].name`) is bound to. */
const SPLAT = '\u0000splat';

interface Definition {
  readonly file: TfFile;
  readonly expr: Expression;
}

interface VariableDefinition {
  readonly file: TfFile;
  readonly block: Block;
  readonly default: Expression | undefined;
  readonly type: Expression | undefined;
}

interface Cached {
  readonly node: SourceNode;
  /** The evaluation met an error (Terraform would fail), which `try` must see on every use. */
  readonly failed: boolean;
}

export interface ScopeOptions {
  /**
   * `terraform.tfvars` / `*.auto.tfvars` files (attributes only), in the order Terraform reads
   * them: a later value wins over an earlier one and over a variable's default.
   */
  readonly tfvars?: readonly TfFile[];
}

/**
 * The named values of one module directory: its `locals` and its variables' defaults, each
 * evaluated on first use and remembered. A cycle between locals makes them unknown.
 */
export class Scope {
  readonly files: readonly TfFile[];
  private readonly byPath = new Map<string, TfFile>();
  private readonly locals = new Map<string, Definition>();
  private readonly variables = new Map<string, VariableDefinition>();
  private readonly tfvars = new Map<string, Definition>();
  private readonly localCache = new Map<string, Cached>();
  private readonly variableCache = new Map<string, Cached>();
  private readonly pending = new Set<string>();
  /** @internal Work done by all evaluations in this scope (bounded by MAX_SCOPE_WORK). */
  work = 0;

  constructor(files: readonly TfFile[], options: ScopeOptions = {}) {
    this.files = files;
    for (const file of [...files, ...(options.tfvars ?? [])]) this.byPath.set(file.path, file);
    for (const file of files) {
      for (const block of file.body.blocks) {
        if (block.type === 'locals') {
          for (const attribute of block.body.attributes) {
            // Terraform rejects a second definition; the first one is kept.
            if (!this.locals.has(attribute.name)) this.locals.set(attribute.name, { file, expr: attribute.expr });
          }
        } else if (block.type === 'variable' && block.labels.length === 1) {
          const name = block.labels[0]?.value;
          if (name === undefined || this.variables.has(name)) continue;
          const attr = (n: string): Expression | undefined => block.body.attributes.find((a) => a.name === n)?.expr;
          this.variables.set(name, { file, block, default: attr('default'), type: attr('type') });
        }
      }
    }
    for (const file of options.tfvars ?? []) {
      for (const attribute of file.body.attributes) this.tfvars.set(attribute.name, { file, expr: attribute.expr });
    }
  }

  /** The file with this path (module files and tfvars files). */
  file(path: string): TfFile | undefined {
    return this.byPath.get(path);
  }

  localNames(): string[] {
    return [...this.locals.keys()];
  }

  variableNames(): string[] {
    return [...this.variables.keys()];
  }

  /** Where `local.<name>` is defined. */
  localDefinition(name: string): { readonly file: TfFile; readonly expr: Expression } | undefined {
    return this.locals.get(name);
  }

  /** The `variable "<name>"` block. */
  variableBlock(name: string): { readonly file: TfFile; readonly block: Block } | undefined {
    return this.variables.get(name);
  }

  /** The value of `local.<name>`; undefined when no such local is defined. */
  local(name: string): SourceNode | undefined {
    const result = this.resolveLocal(name, 0, 0);
    return result === 'undefined' ? undefined : result === 'cycle' ? opaque(this.definitionSpan(name)) : result.node;
  }

  /** The value of `var.<name>` (tfvars, then default; unknown without either); undefined when not declared. */
  variable(name: string): SourceNode | undefined {
    const result = this.resolveVariable(name, 0);
    return result === undefined ? undefined : (result.node ?? opaque(this.variableSpan(name), ['var', name]));
  }

  private definitionSpan(name: string): Span {
    const def = this.locals.get(name);
    return def === undefined ? new LineIndex('', '').span(0, 0) : def.file.lines.span(def.expr.range.start, def.expr.range.end);
  }

  private variableSpan(name: string): Span {
    const def = this.variables.get(name);
    return def === undefined ? new LineIndex('', '').span(0, 0) : def.file.lines.span(def.block.range.start, def.block.range.end);
  }

  /** @internal */
  resolveLocal(name: string, nesting: number, depth: number): Cached | 'undefined' | 'cycle' {
    const cached = this.localCache.get(name);
    if (cached !== undefined) return cached;
    const def = this.locals.get(name);
    if (def === undefined) return 'undefined';
    if (this.pending.has(name) || nesting > MAX_LOCAL_NESTING) return 'cycle';
    this.pending.add(name);
    try {
      const evaluator = new Evaluator(this, def.file, nesting + 1, depth);
      const node = evaluator.run(def.expr, new Map());
      const result = { node, failed: evaluator.errors > 0 };
      this.localCache.set(name, result);
      return result;
    } finally {
      this.pending.delete(name);
    }
  }

  /** @internal `node` is undefined for a declared variable with no value. */
  resolveVariable(name: string, depth: number): { readonly node: SourceNode | undefined; readonly failed: boolean } | undefined {
    const def = this.variables.get(name);
    if (def === undefined) return undefined;
    const cached = this.variableCache.get(name);
    if (cached !== undefined) return cached;
    const source = this.tfvars.get(name) ?? (def.default === undefined ? undefined : { file: def.file, expr: def.default });
    if (source === undefined) return { node: undefined, failed: false };
    const key = `var.${name}`;
    if (this.pending.has(key)) return { node: undefined, failed: false };
    this.pending.add(key);
    try {
      const evaluator = new Evaluator(this, source.file, MAX_LOCAL_NESTING, depth);
      const raw = evaluator.run(source.expr, new Map());
      const node = convertToType(raw, parseType(def.type), (path) => this.file(path), (units) => evaluator.charge(units));
      const result = { node, failed: evaluator.errors > 0 };
      this.variableCache.set(name, result);
      return result;
    } finally {
      this.pending.delete(key);
    }
  }
}

/** The scope of one module directory: the `locals` and `variable` blocks of all its files. */
export function moduleScope(files: readonly TfFile[], options: ScopeOptions = {}): Scope {
  return new Scope(files, options);
}

export interface EvaluateOptions {
  /**
   * Names bound for this evaluation: `each` (a map with `key` and `value`), `count` (a map with
   * `index`), a `dynamic` block's iterator. See `instances` and `dynamicInstances`.
   */
  readonly bindings?: Readonly<Record<string, SourceNode>>;
}

/**
 * Evaluates an expression of `file` as far as it can be known statically. Known values become
 * scalars, sequences and maps whose spans are where each value is written (a `local.x` value
 * points at the local's definition); everything else is `{ kind: 'opaque' }`. Never throws.
 *
 * ```ts
 * const { file } = parseTfFile('main.tf', text);
 * const scope = moduleScope([file]);
 * const data = evaluate(attribute.expr, file, scope); // data = { mapRoles = yamlencode(local.roles) }
 * const roles = data.kind === 'map' ? lastValue(data, 'mapRoles') : undefined;
 * if (roles && encodingOf(roles) === 'yaml' && roles.kind === 'seq') ... // each role's rolearn span is in the .tf source
 * ```
 */
export function evaluate(expr: Expression, file: TfFile, scope: Scope, options: EvaluateOptions = {}): SourceNode {
  const vars = new Map<string, SourceNode>(Object.entries(options.bindings ?? {}));
  return new Evaluator(scope, file, 0, 0).run(expr, vars);
}

/** The last attribute `name` of a body, evaluated; undefined when there is none. */
export function evaluateAttribute(body: Body, name: string, file: TfFile, scope: Scope, options: EvaluateOptions = {}): SourceNode | undefined {
  const attribute = body.attributes.findLast((a) => a.name === name);
  return attribute === undefined ? undefined : evaluate(attribute.expr, file, scope, options);
}

/** One instance of a resource with `for_each` or `count`: the bindings to evaluate its attributes with. */
export interface Instance {
  /** `each.key` (for_each) or `count.index`; undefined for a block with neither. */
  readonly key: SourceNode | undefined;
  readonly bindings: Readonly<Record<string, SourceNode>>;
}

/**
 * The instances of a `resource`/`module`/`data` block: one for a plain block; one per element
 * of a known `for_each` (with `each`) or per index of a known `count` (with `count`).
 * Undefined when `for_each`/`count` is unknown.
 */
export function instances(block: Block, file: TfFile, scope: Scope): Instance[] | undefined {
  const forEach = block.body.attributes.find((a) => a.name === 'for_each');
  const count = block.body.attributes.find((a) => a.name === 'count');
  if (forEach !== undefined) {
    const pairs = iterationPairs(evaluate(forEach.expr, file, scope), file, scope, true);
    return pairs?.map(([key, value]) => ({ key, bindings: { each: bindingMap(block.range, file, { key, value }) } }));
  }
  if (count !== undefined) {
    const n = evaluate(count.expr, file, scope);
    if (n.kind !== 'scalar' || typeof n.value !== 'number' || !Number.isInteger(n.value) || n.value < 0) return undefined;
    const out: Instance[] = [];
    for (let i = 0; i < Math.min(n.value, 1000); i++) {
      const index = numberNode(n.span, i);
      out.push({ key: index, bindings: { count: bindingMap(block.range, file, { index }) } });
    }
    return n.value > 1000 ? undefined : out;
  }
  return [{ key: undefined, bindings: {} }];
}

/**
 * The contents of a `dynamic "name" { for_each = ... content { ... } }` block: one set of
 * bindings (the iterator, `name` unless `iterator = x`, with `key` and `value`) per element.
 * Undefined when `for_each` is unknown.
 */
export function dynamicInstances(block: Block, file: TfFile, scope: Scope, options: EvaluateOptions = {}): Readonly<Record<string, SourceNode>>[] | undefined {
  const forEach = block.body.attributes.find((a) => a.name === 'for_each');
  if (forEach === undefined) return undefined;
  const iterator = block.body.attributes.find((a) => a.name === 'iterator');
  const name = (iterator === undefined ? undefined : traversalPath(iterator.expr)?.[0]) ?? block.labels[0]?.value;
  if (typeof name !== 'string') return undefined;
  const pairs = iterationPairs(evaluate(forEach.expr, file, scope, options), file, scope, false);
  return pairs?.map(([key, value]) => ({ ...options.bindings, [name]: bindingMap(block.range, file, { key, value }) }));
}

function bindingMap(range: Range, file: TfFile, values: Readonly<Record<string, SourceNode>>): MapNode {
  const span = file.lines.span(range.start, range.end);
  const entries = Object.entries(values).map(([key, value]) => ({ key, keySpan: span, value }));
  const node = mapNode(span, entries);
  return node.kind === 'map' ? node : { kind: 'map', span, entries };
}

/** Key/value pairs of a known collection (`for_each` over a set: key = value). */
function iterationPairs(collection: SourceNode, file: TfFile, scope: Scope, setKeys: boolean): [SourceNode, SourceNode][] | undefined {
  if (collection.kind === 'opaque' || isEncoded(collection)) return undefined;
  if (collection.kind === 'map') {
    return uniqueSortedEntries(collection).map((entry) => [keyNode(entry.key, entry.keySpan, keyMappingOf(entry), scope, file), entry.value]);
  }
  if (collection.kind !== 'seq' || collection.items.some((i) => i.kind === 'opaque')) return undefined;
  return collection.items.map((item, i) => [setKeys ? item : numberNode(item.span, i), item]);
}

/** A map key as a string scalar, mapped to its source when that is known. */
function keyNode(key: string, span: Span, mapping: MappedString | undefined, scope: Scope, fallbackFile: TfFile): SourceNode {
  const where = scope.file(mapping?.file ?? '') ?? (mapping?.file === fallbackFile.path ? fallbackFile : undefined);
  if (mapping !== undefined && where !== undefined && mapping.value === key) return stringNode(where, span, mapping, 'double');
  return { kind: 'scalar', span, value: key, type: 'string', text: key, style: 'double' };
}

/**
 * The reference an expression makes, as a path: `aws_eks_cluster.main.name` →
 * `['aws_eks_cluster', 'main', 'name']`, `data.aws_caller_identity.current.arn` →
 * `['data', 'aws_caller_identity', 'current', 'arn']`, `aws_eks_cluster.this[0].name` →
 * `['aws_eks_cluster', 'this', 0, 'name']`, `aws_iam_role.x[*].arn` → `['aws_iam_role', 'x', '*', 'arn']`.
 * Parentheses and `"${...}"` around a reference are looked through. With a scope, a path that
 * starts at `local.x` continues in the local's definition when that is a reference itself
 * (`local.cluster_name` → `['aws_eks_cluster', 'main', 'name']`). Undefined for other expressions.
 */
export function traversal(expr: Expression, scope?: Scope): (string | number)[] | undefined {
  return traversalIn(expr, scope, 0);
}

function traversalIn(expr: Expression, scope: Scope | undefined, depth: number): (string | number)[] | undefined {
  if (depth > 32) return undefined;
  let path: (string | number)[] | undefined;
  if (expr.kind === 'parens') return traversalIn(expr.expr, scope, depth + 1);
  if (expr.kind === 'template') {
    const [only] = expr.parts;
    return expr.parts.length === 1 && only?.kind === 'interpolation' ? traversalIn(only.expr, scope, depth + 1) : undefined;
  }
  if (expr.kind === 'splat') {
    const source = traversalIn(expr.source, scope, depth + 1);
    const rest = splatSteps(expr.each);
    path = source === undefined || rest === undefined ? undefined : [...source, '*', ...rest];
  } else {
    path = traversalPath(expr);
  }
  if (path === undefined || scope === undefined || path[0] !== 'local' || typeof path[1] !== 'string') return path;
  const def = scope.localDefinition(path[1]);
  const inner = def === undefined ? undefined : traversalIn(def.expr, scope, depth + 1);
  return inner === undefined ? path : [...inner, ...path.slice(2)];
}

/** The steps of a splat's per-element traversal (`.a.b` in `x[*].a.b`). */
function splatSteps(expr: Expression): (string | number)[] | undefined {
  const steps: (string | number)[] = [];
  let current = expr;
  for (;;) {
    if (current.kind === 'splat-item') return steps.reverse();
    if (current.kind === 'getattr') {
      steps.push(current.name);
      current = current.object;
    } else if (current.kind === 'index' && current.key.kind === 'literal' && typeof current.key.value === 'number') {
      steps.push(current.key.value);
      current = current.object;
    } else {
      return undefined;
    }
  }
}

// ---------------------------------------------------------------------------------------------

type Vars = ReadonlyMap<string, SourceNode>;

class Evaluator {
  /** Evaluation errors met (Terraform would fail here); `try` and `can` look at it. */
  errors = 0;
  private work = 0;
  private depth: number;
  private readonly where: Where;

  constructor(
    private readonly scope: Scope,
    private readonly file: TfFile,
    private readonly nesting: number,
    depth: number,
  ) {
    this.depth = depth;
    this.where = { path: file.path, lines: file.lines };
  }

  charge(units: number): boolean {
    this.work += units;
    this.scope.work += units;
    return this.work <= MAX_WORK && this.scope.work <= MAX_SCOPE_WORK;
  }

  /** Top level: never throws. */
  run(expr: Expression, vars: Vars): SourceNode {
    try {
      return this.eval(expr, vars);
    } catch {
      // A bug or an exhausted stack: the value is unknown, the lint goes on.
      return opaque(this.span(expr.range));
    }
  }

  private span(range: Range): Span {
    return this.file.lines.span(range.start, range.end);
  }

  private error(range: Range): TfOpaque {
    this.errors++;
    return opaque(this.span(range));
  }

  private eval(expr: Expression, vars: Vars): SourceNode {
    if (this.depth >= MAX_EVAL_DEPTH || !this.charge(1)) return opaque(this.span(expr.range));
    this.depth++;
    try {
      return this.evalInner(expr, vars);
    } finally {
      this.depth--;
    }
  }

  private evalInner(expr: Expression, vars: Vars): SourceNode {
    switch (expr.kind) {
      case 'literal': {
        const span = this.span(expr.range);
        const text = this.file.text.slice(expr.range.start, expr.range.end);
        if (expr.value === null) return nullNode(span);
        if (typeof expr.value === 'boolean') return boolNode(span, expr.value);
        return numberNode(span, expr.value, text);
      }
      case 'template':
        return this.template(expr, vars);
      case 'tuple':
        return seqNode(
          this.span(expr.range),
          expr.items.map((item) => this.eval(item, vars)),
        );
      case 'object':
        return this.object(expr, vars);
      case 'call':
        return this.call(expr, vars);
      case 'for':
        return this.forExpr(expr, vars);
      case 'conditional': {
        const condition = this.eval(expr.condition, vars);
        if (condition.kind === 'opaque') return opaque(this.span(expr.range));
        const b = asBool(condition);
        if (b === undefined) return this.error(expr.condition.range);
        return this.eval(b ? expr.trueExpr : expr.falseExpr, vars);
      }
      case 'binary':
        return this.binary(expr, vars);
      case 'unary': {
        const operand = this.eval(expr.operand, vars);
        if (operand.kind === 'opaque') return opaque(this.span(expr.range));
        if (expr.operator === '!') {
          const b = asBool(operand);
          return b === undefined ? this.error(expr.range) : boolNode(this.span(expr.range), !b);
        }
        const n = asNumber(operand);
        return n === undefined ? this.error(expr.range) : numberNode(this.span(expr.range), -n);
      }
      case 'parens':
        return this.eval(expr.expr, vars);
      case 'variable': {
        const bound = vars.get(expr.name);
        if (bound !== undefined) return bound;
        if (expr.name === 'local' || expr.name === 'var') return this.error(expr.range);
        return opaque(this.span(expr.range), [expr.name]);
      }
      case 'getattr': {
        const root = expr.object;
        if (root.kind === 'variable' && !vars.has(root.name)) {
          if (root.name === 'local') return this.local(expr.name, expr.range);
          if (root.name === 'var') return this.variable(expr.name, expr.range);
        }
        return this.getAttr(this.eval(root, vars), expr.name, expr.range);
      }
      case 'index':
        return this.index(expr.object, expr.key, expr.range, vars);
      case 'splat':
        return this.splat(expr.source, expr.each, expr.range, vars);
      case 'splat-item':
        return vars.get(SPLAT) ?? opaque(this.span(expr.range));
    }
  }

  private local(name: string, range: Range): SourceNode {
    const result = this.scope.resolveLocal(name, this.nesting, this.depth);
    // Not defined in the files given: they may be only part of the module, so unknown rather than an error.
    if (result === 'undefined') return opaque(this.span(range), ['local', name]);
    if (result === 'cycle') return opaque(this.span(range));
    if (result.failed) this.errors++;
    return result.node;
  }

  private variable(name: string, range: Range): SourceNode {
    const result = this.scope.resolveVariable(name, this.depth);
    if (result === undefined) return opaque(this.span(range), ['var', name]);
    if (result.failed) this.errors++;
    return result.node ?? opaque(this.span(range), ['var', name]);
  }

  private getAttr(object: SourceNode, name: string, range: Range): SourceNode {
    if (object.kind === 'opaque') {
      const ref = referenceOf(object);
      return opaque(this.span(range), ref === undefined ? undefined : [...ref, name]);
    }
    if (object.kind !== 'map' || isEncoded(object)) return this.error(range);
    const entry = lastEntry(object, name);
    return entry === undefined ? this.error(range) : entry.value;
  }

  private index(objectExpr: Expression, keyExpr: Expression, range: Range, vars: Vars): SourceNode {
    const object = this.eval(objectExpr, vars);
    const key = this.eval(keyExpr, vars);
    if (object.kind === 'opaque') {
      const ref = referenceOf(object);
      const step = key.kind === 'scalar' && (typeof key.value === 'string' || typeof key.value === 'number') ? key.value : undefined;
      return opaque(this.span(range), ref === undefined || step === undefined ? undefined : [...ref, step]);
    }
    if (key.kind === 'opaque') return opaque(this.span(range));
    if (isEncoded(object)) return this.error(range);
    if (object.kind === 'seq') {
      const n = asNumber(key);
      if (n === undefined || !Number.isInteger(n) || n < 0) return this.error(range);
      for (let i = 0; i <= n && i < object.items.length; i++) {
        const item = object.items[i];
        if (item !== undefined && isIndefinite(item)) return opaque(this.span(range));
      }
      return object.items[n] ?? this.error(range);
    }
    if (object.kind === 'map') {
      const name = asString(key);
      if (name === undefined) return this.error(range);
      return lastEntry(object, name)?.value ?? this.error(range);
    }
    return this.error(range);
  }

  private splat(sourceExpr: Expression, each: Expression, range: Range, vars: Vars): SourceNode {
    const source = this.eval(sourceExpr, vars);
    if (source.kind === 'opaque') {
      const ref = referenceOf(source);
      const steps = splatSteps(each);
      return opaque(this.span(range), ref === undefined || steps === undefined ? undefined : [...ref, '*', ...steps]);
    }
    if (source.kind === 'scalar' && source.value === null) return seqNode(this.span(range), []);
    const items = source.kind === 'seq' && !isEncoded(source) ? source.items : [source];
    const out: SourceNode[] = [];
    for (const item of items) {
      if (isIndefinite(item)) {
        out.push(item);
        continue;
      }
      const bound = new Map(vars);
      bound.set(SPLAT, item);
      out.push(this.eval(each, bound));
    }
    return seqNode(this.span(range), out);
  }

  private binary(expr: Extract<Expression, { kind: 'binary' }>, vars: Vars): SourceNode {
    const span = this.span(expr.range);
    const left = this.eval(expr.left, vars);
    const op = expr.operator;
    if (op === '&&' || op === '||') {
      // `false && x` and `true || x` are known whatever x is.
      const a = left.kind === 'opaque' ? undefined : asBool(left);
      if (left.kind !== 'opaque' && a === undefined) return this.error(expr.left.range);
      if (a === (op === '||')) return boolNode(span, a);
      const right = this.eval(expr.right, vars);
      if (right.kind === 'opaque') return opaque(span);
      const b = asBool(right);
      if (b === undefined) return this.error(expr.right.range);
      if (a === undefined) return b === (op === '||') ? boolNode(span, b) : opaque(span);
      return boolNode(span, b);
    }
    const right = this.eval(expr.right, vars);
    if (left.kind === 'opaque' || right.kind === 'opaque') return opaque(span);
    if (op === '==' || op === '!=') {
      const charge = (units: number): boolean => this.charge(units);
      const a = valueKey(left, charge, this.where);
      const b = valueKey(right, charge, this.where);
      if (a === undefined || b === undefined) return opaque(span);
      return boolNode(span, (a === b) === (op === '=='));
    }
    const x = asNumber(left);
    const y = asNumber(right);
    if (x === undefined || y === undefined) return this.error(expr.range);
    switch (op) {
      case '<':
        return boolNode(span, x < y);
      case '>':
        return boolNode(span, x > y);
      case '<=':
        return boolNode(span, x <= y);
      case '>=':
        return boolNode(span, x >= y);
      case '+':
        return numberNode(span, x + y);
      case '-':
        return numberNode(span, x - y);
      case '*':
        return numberNode(span, x * y);
      case '/':
        return y === 0 ? this.error(expr.range) : numberNode(span, x / y);
      case '%':
        return y === 0 ? this.error(expr.range) : numberNode(span, x % y);
    }
  }

  private object(expr: ObjectExpr, vars: Vars): SourceNode {
    const entries: EntryInit[] = [];
    for (const item of expr.items) {
      const keySpan = this.span(item.key.range);
      let key: string;
      let keyMapping: MappedString | undefined;
      if (item.keyName !== undefined && (item.key.kind === 'variable' || item.key.kind === 'template' || item.key.kind === 'literal')) {
        key = item.keyName;
        if (item.key.kind === 'variable') keyMapping = new MappedString(this.file.path, item.key.range.start).copy(key, item.key.range.start);
        else if (item.key.kind === 'template') {
          const node = this.template(item.key, vars);
          keyMapping = node.kind === 'scalar' ? mappingOf(node) : undefined;
        }
      } else {
        const node = this.eval(item.key.kind === 'parens' ? item.key.expr : item.key, vars);
        // An unknown key makes the whole object unknown, as in Terraform.
        if (node.kind === 'opaque') return opaque(this.span(expr.range));
        const name = asString(node);
        if (name === undefined) return this.error(item.key.range);
        key = name;
        keyMapping = stringArg(node, this.where, (u) => this.charge(u), item.key.range.start, item.key.range.end) ?? undefined;
      }
      entries.push({ key, keySpan, value: this.eval(item.value, vars), keyMapping });
    }
    return mapNode(this.span(expr.range), entries);
  }

  private callContext(expr: FunctionCallExpr): CallContext {
    const span = this.span(expr.range);
    return {
      where: this.where,
      span,
      charge: (units) => this.charge(units),
      error: () => this.error(expr.range),
      unknown: () => opaque(span),
      string: (mapping) => computedString(this.where, span, mapping),
    };
  }

  private call(expr: FunctionCallExpr, vars: Vars): SourceNode {
    const name = expr.name.startsWith('core::') ? expr.name.slice(6) : expr.name;
    if (name === 'try') return this.tryCall(expr, vars);
    if (name === 'can') {
      const [arg] = expr.args;
      if (arg === undefined || expr.args.length !== 1) return this.error(expr.range);
      const before = this.errors;
      const value = this.eval(arg, vars);
      const failed = this.errors > before;
      this.errors = before;
      if (failed) return boolNode(this.span(expr.range), false);
      return value.kind === 'opaque' ? opaque(this.span(expr.range)) : boolNode(this.span(expr.range), true);
    }
    if (!isKnownFunction(name)) return opaque(this.span(expr.range));
    const args: SourceNode[] = [];
    for (let i = 0; i < expr.args.length; i++) {
      const argExpr = expr.args[i];
      if (argExpr === undefined) continue;
      const value = this.eval(argExpr, vars);
      if (expr.expandFinal && i === expr.args.length - 1) {
        if (value.kind === 'opaque') return opaque(this.span(expr.range));
        if (value.kind !== 'seq' || isEncoded(value)) return this.error(argExpr.range);
        if (value.items.some(isIndefinite)) return opaque(this.span(expr.range));
        args.push(...value.items);
      } else {
        args.push(value);
      }
    }
    return callFunction(name, args, this.callContext(expr)) ?? opaque(this.span(expr.range));
  }

  /**
   * `try(a, b, ...)`: the first argument that evaluates without an error. An argument that is
   * unknown (rather than failing) makes the result unknown: Terraform would use its value.
   */
  private tryCall(expr: FunctionCallExpr, vars: Vars): SourceNode {
    const start = this.errors;
    for (const arg of expr.args) {
      const value = this.eval(arg, vars);
      if (this.errors === start) return value;
      this.errors = start;
    }
    return this.error(expr.range);
  }

  private forExpr(expr: ForExpr, vars: Vars): SourceNode {
    const span = this.span(expr.range);
    const collection = this.eval(expr.collection, vars);
    if (collection.kind === 'opaque') return opaque(span);
    if (isEncoded(collection) || collection.kind === 'scalar') return this.error(expr.collection.range);
    const pairs = this.pairs(collection);
    const bind = (key: SourceNode, value: SourceNode): Vars => {
      const bound = new Map(vars);
      if (expr.keyVar !== undefined) bound.set(expr.keyVar.name, key);
      bound.set(expr.valueVar.name, value);
      return bound;
    };
    const condition = (bound: Vars): boolean | 'unknown' | 'error' => {
      if (expr.condition === undefined) return true;
      const c = this.eval(expr.condition, bound);
      if (c.kind === 'opaque') return 'unknown';
      const b = asBool(c);
      if (b === undefined) {
        this.errors++;
        return 'error';
      }
      return b;
    };

    if (!expr.object) {
      const items: SourceNode[] = [];
      for (const [key, value] of pairs) {
        if (!this.charge(1)) return opaque(span);
        if (isIndefinite(value)) {
          items.push(value);
          continue;
        }
        const bound = bind(key, value);
        const keep = condition(bound);
        if (keep === 'error') return opaque(span);
        if (keep === false) continue;
        // An element that may or may not be kept stands for zero or one item.
        items.push(keep === 'unknown' ? indefiniteItem(this.span(expr.valueExpr.range)) : this.eval(expr.valueExpr, bound));
      }
      return seqNode(span, items);
    }

    const keyExpr = expr.keyExpr;
    if (keyExpr === undefined) return this.error(expr.range);
    const entries: EntryInit[] = [];
    const groups = new Map<string, { init: EntryInit; items: SourceNode[] }>();
    for (const [key, value] of pairs) {
      if (!this.charge(1) || isIndefinite(value)) return opaque(span);
      const bound = bind(key, value);
      const keep = condition(bound);
      if (keep === 'error' || keep === 'unknown') return opaque(span);
      if (!keep) continue;
      const k = this.eval(keyExpr, bound);
      if (k.kind === 'opaque') return opaque(span);
      const name = asString(k);
      if (name === undefined) return this.error(keyExpr.range);
      const v = this.eval(expr.valueExpr, bound);
      const init: EntryInit = {
        key: name,
        keySpan: k.span,
        value: v,
        keyMapping: k.kind === 'scalar' ? (mappingOf(k) ?? undefined) : undefined,
      };
      if (expr.grouping) {
        const group = groups.get(name);
        if (group === undefined) groups.set(name, { init, items: [v] });
        else group.items.push(v);
      } else {
        if (entries.some((e) => e.key === name)) return this.error(keyExpr.range);
        entries.push(init);
      }
    }
    if (expr.grouping) {
      for (const { init, items } of groups.values()) entries.push({ ...init, value: seqNode(span, items) });
    }
    return mapNode(span, entries);
  }

  /** Key and value of each element: index and item of a list, key and value of a map (sorted by key). */
  private pairs(collection: SourceNode): [SourceNode, SourceNode][] {
    if (collection.kind === 'map') {
      return uniqueSortedEntries(collection).map((entry) => [keyNode(entry.key, entry.keySpan, keyMappingOf(entry), this.scope, this.file), entry.value]);
    }
    if (collection.kind !== 'seq') return [];
    let uncertain = false;
    return collection.items.map((item, i) => {
      // After an element that stands for any number of items, indexes are unknown.
      const key = uncertain ? opaque(item.span) : numberNode(item.span, i);
      if (isIndefinite(item)) uncertain = true;
      return [key, item];
    });
  }

  private template(expr: TemplateExpr, vars: Vars): SourceNode {
    const span = this.span(expr.range);
    const [only] = expr.parts;
    // "${x}" alone is x itself, whatever its type.
    if (expr.parts.length === 1 && only?.kind === 'interpolation') return this.eval(only.expr, vars);
    const out = new MappedString(this.file.path, expr.contentRange.start);
    const state = this.templateParts(expr.parts, vars, out, 0);
    if (state !== 'ok') return state === 'error' ? this.error(expr.range) : opaque(span);
    if (out.length > MAX_STRING_LENGTH || !this.charge(out.length >> 6)) return opaque(span);
    return stringNode(this.where, span, out, expr.heredoc === undefined ? 'double' : 'literal');
  }

  private templateParts(parts: readonly TemplatePart[], vars: Vars, out: MappedString, depth: number): 'ok' | 'unknown' | 'error' {
    if (depth > 50) return 'unknown';
    for (const part of parts) {
      if (out.length > MAX_STRING_LENGTH || !this.charge(1)) return 'unknown';
      switch (part.kind) {
        case 'text':
          out.appendText(part);
          break;
        case 'interpolation': {
          const before = this.errors;
          const value = this.eval(part.expr, vars);
          if (this.errors > before) return 'error';
          if (value.kind === 'opaque') return 'unknown';
          const text = stringArg(value, this.where, (u) => this.charge(u), part.range.start, part.range.end);
          if (text === null) return 'unknown';
          if (text === undefined) return 'error'; // null, a list or a map
          out.append(text, part.range.start, part.range.end);
          break;
        }
        case 'if': {
          const condition = this.eval(part.condition, vars);
          if (condition.kind === 'opaque') return 'unknown';
          const b = asBool(condition);
          if (b === undefined) return 'error';
          const state = this.templateParts(b ? part.then : (part.else ?? []), vars, out, depth + 1);
          if (state !== 'ok') return state;
          break;
        }
        case 'for': {
          const collection = this.eval(part.collection, vars);
          if (collection.kind === 'opaque') return 'unknown';
          if (isEncoded(collection) || collection.kind === 'scalar') return 'error';
          for (const [key, value] of this.pairs(collection)) {
            if (isIndefinite(value)) return 'unknown';
            const bound = new Map(vars);
            bindIdentifier(bound, part.keyVar, key);
            bound.set(part.valueVar.name, value);
            const state = this.templateParts(part.body, bound, out, depth + 1);
            if (state !== 'ok') return state;
          }
          break;
        }
      }
    }
    return 'ok';
  }
}

function bindIdentifier(vars: Map<string, SourceNode>, id: Identifier | undefined, value: SourceNode): void {
  if (id !== undefined) vars.set(id.name, value);
}

function asBool(node: SourceNode): boolean | undefined {
  if (node.kind !== 'scalar' || isEncoded(node)) return undefined;
  if (typeof node.value === 'boolean') return node.value;
  if (node.value === 'true') return true;
  if (node.value === 'false') return false;
  return undefined;
}

function asNumber(node: SourceNode): number | undefined {
  if (node.kind !== 'scalar' || isEncoded(node)) return undefined;
  if (typeof node.value === 'number') return node.value;
  if (typeof node.value === 'string' && /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(node.value)) return Number(node.value);
  return undefined;
}

function asString(node: SourceNode): string | undefined {
  if (node.kind !== 'scalar' || node.value === null || isEncoded(node)) return undefined;
  return typeof node.value === 'number' ? formatNumber(node.value) : String(node.value);
}
