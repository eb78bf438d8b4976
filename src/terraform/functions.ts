import { lastEntry, type MapEntry, type SourceNode } from '../source-node.js';
import type { Span } from '../span.js';
import { MappedString } from './mapped-string.js';
import {
  boolNode,
  encodedNode,
  formatNumber,
  indefiniteItem,
  isEncoded,
  isIndefinite,
  keyMappingOf,
  mapNode,
  MAX_STRING_LENGTH,
  nullNode,
  numberNode,
  referenceOf,
  scalarText,
  seqNode,
  stripEncoding,
  type EntryInit,
  type TfOpaque,
  type Where,
} from './nodes.js';
import { renderEncoded, uniqueEntries, uniqueSortedEntries, valueKey, type Charge } from './render.js';

/** What a built-in function sees of the call. */
export interface CallContext {
  readonly where: Where;
  /** The call expression. */
  readonly span: Span;
  readonly charge: Charge;
  /** Records an evaluation error (Terraform would fail; `try` moves on) and returns an unknown value. */
  readonly error: () => TfOpaque;
  /** An unknown result. */
  readonly unknown: () => TfOpaque;
  /** A string scalar built in this file (exact span when it is a verbatim copy of source text). */
  readonly string: (mapping: MappedString) => SourceNode;
}

type Fn = (args: readonly SourceNode[], ctx: CallContext) => SourceNode;

const FUNCTIONS: Readonly<Record<string, Fn>> = {
  concat,
  merge,
  distinct,
  flatten,
  tolist: (args, ctx) => unary(args, ctx, (x) => (x.kind === 'seq' && !isEncoded(x) ? x : ctx.error())),
  toset,
  tomap: (args, ctx) => unary(args, ctx, (x) => (x.kind === 'map' && !isEncoded(x) ? x : ctx.error())),
  tostring,
  tonumber,
  tobool,
  format,
  lower: (args, ctx) => stringFn(args, ctx, 1, ([s]) => s && mapChars(s, (t) => t.toLowerCase())),
  upper: (args, ctx) => stringFn(args, ctx, 1, ([s]) => s && mapChars(s, (t) => t.toUpperCase())),
  trimspace: (args, ctx) => stringFn(args, ctx, 1, ([s]) => s && trimSpace(s)),
  trimprefix: (args, ctx) => stringFn(args, ctx, 2, ([s, p]) => (s && p ? (s.value.startsWith(p.value) ? s.slice(p.length, s.length) : s) : undefined)),
  trimsuffix: (args, ctx) =>
    stringFn(args, ctx, 2, ([s, p]) => (s && p ? (p.length > 0 && s.value.endsWith(p.value) ? s.slice(0, s.length - p.length) : s) : undefined)),
  trim: (args, ctx) => stringFn(args, ctx, 2, ([s, cut]) => s && cut && trimChars(s, cut.value)),
  chomp: (args, ctx) => stringFn(args, ctx, 1, ([s]) => s?.slice(0, s.value.replace(/(?:\r\n|\r|\n)+$/, '').length)),
  indent,
  join,
  split,
  replace,
  substr,
  startswith: (args, ctx) => predicate(args, ctx, (s, p) => s.startsWith(p)),
  endswith: (args, ctx) => predicate(args, ctx, (s, p) => s.endsWith(p)),
  strcontains: (args, ctx) => predicate(args, ctx, (s, p) => s.includes(p)),
  coalesce,
  coalescelist,
  compact,
  lookup,
  element,
  length,
  keys,
  values,
  contains,
  one,
  sort,
  reverse,
  slice,
  zipmap,
  alltrue: (args, ctx) => allAny(args, ctx, true),
  anytrue: (args, ctx) => allAny(args, ctx, false),
  yamlencode: (args, ctx) => encode(args, ctx, 'yaml'),
  jsonencode: (args, ctx) => encode(args, ctx, 'json'),
  yamldecode: decode,
  jsondecode: decode,
};

/** Calls a built-in function on evaluated arguments; undefined when it is not one the evaluator knows. */
export function callFunction(name: string, args: readonly SourceNode[], ctx: CallContext): SourceNode | undefined {
  const fn = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
  return fn?.(args, ctx);
}

export function isKnownFunction(name: string): boolean {
  return Object.hasOwn(FUNCTIONS, name);
}

// ---------------------------------------------------------------------------------------------
// Helpers

function arity(args: readonly SourceNode[], ctx: CallContext, min: number, max = min): boolean {
  return args.length >= min && args.length <= max ? true : (ctx.error(), false);
}

function unary(args: readonly SourceNode[], ctx: CallContext, fn: (x: SourceNode) => SourceNode): SourceNode {
  if (!arity(args, ctx, 1)) return ctx.unknown();
  const [x] = args;
  if (x === undefined || x.kind === 'opaque') return ctx.unknown();
  return fn(x);
}

/** A list (tuple, list or set) that is not an encoded string. */
function listItems(node: SourceNode): readonly SourceNode[] | undefined {
  return node.kind === 'seq' && !isEncoded(node) ? node.items : undefined;
}

function isPlainMap(node: SourceNode): node is Extract<SourceNode, { kind: 'map' }> {
  return node.kind === 'map' && !isEncoded(node);
}

/** The characters of a string argument (numbers and bools convert, as Terraform does). */
function text(node: SourceNode, ctx: CallContext): MappedString | undefined {
  if (isEncoded(node)) return undefined;
  return scalarText(node, ctx.where, ctx.span.startOffset, ctx.span.endOffset);
}

/**
 * A string argument: scalars convert, and an encoded value becomes the text it stands for.
 * `null` when that text cannot be known; undefined when the argument is not a string.
 */
export function stringArg(node: SourceNode, where: Where, charge: Charge, fallbackStart: number, fallbackEnd: number): MappedString | undefined | null {
  if (node.kind === 'opaque') return null;
  if (isEncoded(node)) return renderEncoded(node, where, charge, fallbackStart) ?? null;
  return scalarText(node, where, fallbackStart, fallbackEnd);
}

function str(node: SourceNode, ctx: CallContext): MappedString | undefined | null {
  return stringArg(node, ctx.where, ctx.charge, ctx.span.startOffset, ctx.span.endOffset);
}

function stringValue(node: SourceNode): string | undefined {
  if (node.kind !== 'scalar' || node.value === null || isEncoded(node)) return undefined;
  return typeof node.value === 'number' ? formatNumber(node.value) : String(node.value);
}

function numberValue(node: SourceNode): number | undefined {
  if (node.kind !== 'scalar' || isEncoded(node)) return undefined;
  if (typeof node.value === 'number') return node.value;
  if (typeof node.value === 'string' && /^\s*-?(\d+(?:\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/.test(node.value)) return Number(node.value);
  return undefined;
}

function boolValue(node: SourceNode): boolean | undefined {
  if (node.kind !== 'scalar' || isEncoded(node)) return undefined;
  if (typeof node.value === 'boolean') return node.value;
  if (node.value === 'true') return true;
  if (node.value === 'false') return false;
  return undefined;
}

function result(mapping: MappedString | undefined, ctx: CallContext): SourceNode {
  if (mapping === undefined) return ctx.error();
  if (mapping.length > MAX_STRING_LENGTH || !ctx.charge(1 + (mapping.length >> 6))) return ctx.unknown();
  return ctx.string(mapping);
}

/** A function of `count` string arguments returning a string. */
function stringFn(
  args: readonly SourceNode[],
  ctx: CallContext,
  count: number,
  fn: (strings: readonly (MappedString | undefined)[]) => MappedString | undefined,
): SourceNode {
  if (!arity(args, ctx, count)) return ctx.unknown();
  if (args.some((a) => a.kind === 'opaque')) return ctx.unknown();
  const strings = args.map((a) => str(a, ctx));
  if (strings.some((s) => s === null)) return ctx.unknown();
  if (strings.some((s) => s === undefined)) return ctx.error();
  return result(fn(strings.map((s) => s ?? undefined)), ctx);
}

function predicate(args: readonly SourceNode[], ctx: CallContext, test: (s: string, p: string) => boolean): SourceNode {
  if (!arity(args, ctx, 2)) return ctx.unknown();
  const [a, b] = args;
  if (a === undefined || b === undefined || a.kind === 'opaque' || b.kind === 'opaque') return ctx.unknown();
  const s = stringValue(a);
  const p = stringValue(b);
  if (s === undefined || p === undefined) return ctx.error();
  return boolNode(ctx.span, test(s, p));
}

/** The same characters transformed piece by piece (case changes); one point when lengths change. */
function mapChars(s: MappedString, fn: (text: string) => string): MappedString {
  return s.transform(fn) ?? new MappedString(s.file, s.anchor).point(fn(s.value), s.sourceStart(0), s.sourceEnd(s.length));
}

function trimSpace(s: MappedString): MappedString {
  const lead = /^\s*/.exec(s.value)?.[0].length ?? 0;
  const trail = /\s*$/.exec(s.value.slice(lead))?.[0].length ?? 0;
  return s.slice(lead, s.length - trail);
}

function trimChars(s: MappedString, cutset: string): MappedString {
  let a = 0;
  let b = s.length;
  while (a < b && cutset.includes(s.value.charAt(a))) a++;
  while (b > a && cutset.includes(s.value.charAt(b - 1))) b--;
  return s.slice(a, b);
}

// ---------------------------------------------------------------------------------------------
// Collections

function concat(args: readonly SourceNode[], ctx: CallContext): SourceNode {
  const items: SourceNode[] = [];
  for (const arg of args) {
    if (arg.kind === 'opaque') {
      items.push(indefiniteItem(arg.span, referenceOf(arg)));
      continue;
    }
    const list = listItems(arg);
    if (list === undefined) return ctx.error();
    items.push(...list);
  }
  return seqNode(ctx.span, items);
}

function merge(args: readonly SourceNode[], ctx: CallContext): SourceNode {
  const entries: MapEntry[] = [];
  for (const arg of args) {
    if (arg.kind === 'scalar' && arg.value === null) continue;
    if (arg.kind === 'opaque') return ctx.unknown();
    if (!isPlainMap(arg)) return ctx.error();
    entries.push(...arg.entries);
  }
  const byKey = new Map<string, MapEntry>();
  const order: string[] = [];
  for (const entry of entries) {
    if (!byKey.has(entry.key)) order.push(entry.key);
    byKey.set(entry.key, entry);
  }
  return mapNode(
    ctx.span,
    order.flatMap((key) => byKey.get(key) ?? []),
  );
}

function distinctItems(items: readonly SourceNode[], ctx: CallContext): SourceNode[] | undefined {
  const seen = new Set<string>();
  const out: SourceNode[] = [];
  for (const item of items) {
    if (!ctx.charge(1)) return undefined;
    const key = item.kind === 'opaque' ? undefined : valueKey(item, ctx.charge, ctx.where);
    if (key !== undefined) {
      if (seen.has(key)) continue;
      seen.add(key);
    }
    out.push(item);
  }
  return out;
}

function distinct(args: readonly SourceNode[], ctx: CallContext): SourceNode {
  return unary(args, ctx, (x) => {
    const list = listItems(x);
    if (list === undefined) return ctx.error();
    const items = distinctItems(list, ctx);
    return items === undefined ? ctx.unknown() : seqNode(x.span, items);
  });
}

function toset(args: readonly SourceNode[], ctx: CallContext): SourceNode {
  return unary(args, ctx, (x) => {
    const list = listItems(x);
    if (list === undefined) return ctx.error();
    const items = distinctItems(list, ctx);
    if (items === undefined) return ctx.unknown();
    // Terraform orders a set of strings lexicographically; other sets keep no useful order.
    const strings = items.every((i) => i.kind === 'scalar' && typeof i.value === 'string');
    if (strings) items.sort((a, b) => compareStrings(stringValue(a) ?? '', stringValue(b) ?? ''));
    return seqNode(x.span, items);
  });
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function flatten(args: readonly SourceNode[], ctx: CallContext): SourceNode {
  return unary(args, ctx, (x) => {
    const list = listItems(x);
    if (list === undefined) return ctx.error();
    const out: SourceNode[] = [];
    const visit = (items: readonly SourceNode[], depth: number): boolean => {
      if (depth > 100) return false;
      for (const item of items) {
        if (!ctx.charge(1)) return false;
        const nested = listItems(item);
        if (nested !== undefined) {
          if (!visit(nested, depth + 1)) return false;
        } else if (item.kind === 'opaque') {
          // An unknown element may be a list: it stands for any number of items.
          out.push(isIndefinite(item) ? item : indefiniteItem(item.span, referenceOf(item)));
        } else {
          out.push(item);
        }
      }
      return true;
    };
    return visit(list, 0) ? seqNode(ctx.span, out) : ctx.unknown();
  });
}

function coalescelist(args: readonly SourceNode[], ctx: CallContext): SourceNode {
  for (const arg of args) {
    if (arg.kind === 'opaque') return ctx.unknown();
    const list = listItems(arg);
    if (list === undefined) return ctx.error();
    if (list.some((i) => !isIndefinite(i))) return arg;
    if (list.length > 0) return ctx.unknown();
  }
  return ctx.error();
}

function compact(args: readonly SourceNode[], ctx: CallContext): SourceNode {
  return unary(args, ctx, (x) => {
    const list = listItems(x);
    if (list === undefined) return ctx.error();
    const out: SourceNode[] = [];
    for (const item of list) {
      if (item.kind === 'opaque') {
        out.push(isIndefinite(item) ? item : indefiniteItem(item.span, referenceOf(item)));
        continue;
      }
      if (item.kind !== 'scalar') return ctx.error();
      if (item.value === null || item.value === '') continue;
      out.push(item);
    }
    return seqNode(x.span, out);
  });
}

function lookup(args: readonly SourceNode[], ctx: CallContext): SourceNode {
  if (!arity(args, ctx, 2, 3)) return ctx.unknown();
  const [map, key, fallback] = args;
  if (map === undefined || key === undefined || map.kind === 'opaque' || key.kind === 'opaque') return ctx.unknown();
  if (!isPlainMap(map)) return ctx.error();
  const name = stringValue(key);
  if (name === undefined) return ctx.error();
  const found = lastEntry(map, name);
  if (found !== undefined) return found.value;
  return fallback ?? ctx.error();
}

/** The items of a list whose length is known (no placeholder for any number of items). */
function definiteItems(node: SourceNode): readonly SourceNode[] | 'unknown' | undefined {
  if (node.kind === 'opaque') return 'unknown';
  const list = listItems(node);
  if (list === undefined) return undefined;
  return list.some(isIndefinite) ? 'unknown' : list;
}

function element(args: readonly SourceNode[], ctx: CallContext): SourceNode {
  if (!arity(args, ctx, 2)) return ctx.unknown();
  const [list, index] = args;
  if (list === undefined || index === undefined) return ctx.unknown();
  const items = definiteItems(list);
  if (items === 'unknown' || index.kind === 'opaque') return ctx.unknown();
  const n = numberValue(index);
  if (items === undefined || n === undefined || !Number.isInteger(n) || n < 0 || items.length === 0) return ctx.error();
  return items[n % items.length] ?? ctx.error();
}

function length(args: readonly SourceNode[], ctx: CallContext): SourceNode {
  return unary(args, ctx, (x) => {
    if (isEncoded(x)) return ctx.unknown();
    if (x.kind === 'map') return numberNode(ctx.span, uniqueEntries(x).length);
    const items = definiteItems(x);
    if (items === 'unknown') return ctx.unknown();
    if (items !== undefined) return numberNode(ctx.span, items.length);
    if (x.kind === 'scalar' && typeof x.value === 'string') return numberNode(ctx.span, Array.from(new Intl.Segmenter().segment(x.value)).length);
    return ctx.error();
  });
}

function keyNode(entry: MapEntry, ctx: CallContext): SourceNode {
  const mapping = keyMappingOf(entry);
  if (mapping?.file === ctx.where.path) return ctx.string(mapping);
  return { kind: 'scalar', span: entry.keySpan, value: entry.key, type: 'string', text: entry.key, style: 'double' };
}

function keys(args: readonly SourceNode[], ctx: CallContext): SourceNode {
  return unary(args, ctx, (x) => (isPlainMap(x) ? seqNode(ctx.span, uniqueSortedEntries(x).map((e) => keyNode(e, ctx))) : ctx.error()));
}

function values(args: readonly SourceNode[], ctx: CallContext): SourceNode {
  return unary(args, ctx, (x) => (isPlainMap(x) ? seqNode(ctx.span, uniqueSortedEntries(x).map((e) => e.value)) : ctx.error()));
}

function contains(args: readonly SourceNode[], ctx: CallContext): SourceNode {
  if (!arity(args, ctx, 2)) return ctx.unknown();
  const [list, value] = args;
  if (list === undefined || value === undefined || list.kind === 'opaque') return ctx.unknown();
  const items = listItems(list);
  if (items === undefined) return ctx.error();
  const wanted = valueKey(value, ctx.charge, ctx.where);
  if (wanted === undefined) return ctx.unknown();
  let unsure = false;
  for (const item of items) {
    const key = valueKey(item, ctx.charge, ctx.where);
    if (key === wanted) return boolNode(ctx.span, true);
    if (key === undefined) unsure = true;
  }
  return unsure ? ctx.unknown() : boolNode(ctx.span, false);
}

function one(args: readonly SourceNode[], ctx: CallContext): SourceNode {
  return unary(args, ctx, (x) => {
    const items = definiteItems(x);
    if (items === 'unknown') return ctx.unknown();
    if (items === undefined || items.length > 1) return ctx.error();
    return items[0] ?? nullNode(ctx.span);
  });
}

function sort(args: readonly SourceNode[], ctx: CallContext): SourceNode {
  return unary(args, ctx, (x) => {
    const items = definiteItems(x);
    if (items === 'unknown') return ctx.unknown();
    if (items === undefined) return ctx.error();
    if (items.some((i) => i.kind === 'opaque')) return ctx.unknown();
    if (items.some((i) => stringValue(i) === undefined)) return ctx.error();
    return seqNode(ctx.span, [...items].sort((a, b) => compareStrings(stringValue(a) ?? '', stringValue(b) ?? '')));
  });
}

function reverse(args: readonly SourceNode[], ctx: CallContext): SourceNode {
  return unary(args, ctx, (x) => {
    const list = listItems(x);
    return list === undefined ? ctx.error() : seqNode(ctx.span, [...list].reverse());
  });
}

function slice(args: readonly SourceNode[], ctx: CallContext): SourceNode {
  if (!arity(args, ctx, 3)) return ctx.unknown();
  const [list, from, to] = args;
  if (list === undefined || from === undefined || to === undefined) return ctx.unknown();
  const items = definiteItems(list);
  if (items === 'unknown' || from.kind === 'opaque' || to.kind === 'opaque') return ctx.unknown();
  const a = numberValue(from);
  const b = numberValue(to);
  if (items === undefined || a === undefined || b === undefined || !Number.isInteger(a) || !Number.isInteger(b) || a < 0 || b > items.length || a > b) {
    return ctx.error();
  }
  return seqNode(ctx.span, items.slice(a, b));
}

function zipmap(args: readonly SourceNode[], ctx: CallContext): SourceNode {
  if (!arity(args, ctx, 2)) return ctx.unknown();
  const [keyList, valueList] = args;
  if (keyList === undefined || valueList === undefined) return ctx.unknown();
  const ks = definiteItems(keyList);
  const vs = definiteItems(valueList);
  if (ks === 'unknown' || vs === 'unknown') return ctx.unknown();
  if (ks?.length !== vs?.length || ks === undefined || vs === undefined) return ctx.error();
  const entries: EntryInit[] = [];
  for (let i = 0; i < ks.length; i++) {
    const k = ks[i];
    const v = vs[i];
    if (k === undefined || v === undefined) continue;
    if (k.kind === 'opaque') return ctx.unknown();
    const name = stringValue(k);
    if (name === undefined) return ctx.error();
    const mapping = k.kind === 'scalar' ? text(k, ctx) : undefined;
    entries.push({ key: name, keySpan: k.span, value: v, keyMapping: mapping });
  }
  return mapNode(ctx.span, entries);
}

function allAny(args: readonly SourceNode[], ctx: CallContext, all: boolean): SourceNode {
  return unary(args, ctx, (x) => {
    const items = definiteItems(x);
    if (items === 'unknown') return ctx.unknown();
    if (items === undefined) return ctx.error();
    let unsure = false;
    for (const item of items) {
      if (item.kind === 'opaque') {
        unsure = true;
        continue;
      }
      const b = boolValue(item);
      if (b === undefined) return ctx.error();
      if (b !== all) return boolNode(ctx.span, !all);
    }
    return unsure ? ctx.unknown() : boolNode(ctx.span, all);
  });
}

// ---------------------------------------------------------------------------------------------
// Conversions

function tostring(args: readonly SourceNode[], ctx: CallContext): SourceNode {
  return unary(args, ctx, (x) => {
    if (x.kind !== 'scalar' || isEncoded(x)) return ctx.error();
    if (x.value === null || typeof x.value === 'string') return x;
    return result(text(x, ctx), ctx);
  });
}

function tonumber(args: readonly SourceNode[], ctx: CallContext): SourceNode {
  return unary(args, ctx, (x) => {
    if (x.kind === 'scalar' && (x.value === null || typeof x.value === 'number')) return x;
    const n = numberValue(x);
    return n === undefined ? ctx.error() : numberNode(x.span, n);
  });
}

function tobool(args: readonly SourceNode[], ctx: CallContext): SourceNode {
  return unary(args, ctx, (x) => {
    if (x.kind === 'scalar' && (x.value === null || typeof x.value === 'boolean')) return x;
    const b = boolValue(x);
    return b === undefined ? ctx.error() : boolNode(x.span, b);
  });
}

function encode(args: readonly SourceNode[], ctx: CallContext, encoding: 'yaml' | 'json'): SourceNode {
  return unary(args, ctx, (x) => encodedNode(x, encoding, ctx.span));
}

function decode(args: readonly SourceNode[], ctx: CallContext): SourceNode {
  return unary(args, ctx, (x) => (isEncoded(x) ? stripEncoding(x) : ctx.unknown()));
}

function coalesce(args: readonly SourceNode[], ctx: CallContext): SourceNode {
  for (const arg of args) {
    if (arg.kind === 'opaque') return ctx.unknown();
    if (arg.kind === 'scalar' && (arg.value === null || arg.value === '')) continue;
    return arg;
  }
  return ctx.error();
}

// ---------------------------------------------------------------------------------------------
// Strings

function indent(args: readonly SourceNode[], ctx: CallContext): SourceNode {
  if (!arity(args, ctx, 2)) return ctx.unknown();
  const [count, strNode] = args;
  if (count === undefined || strNode === undefined || count.kind === 'opaque' || strNode.kind === 'opaque') return ctx.unknown();
  const n = numberValue(count);
  const s = str(strNode, ctx);
  if (s === null) return ctx.unknown();
  if (n === undefined || !Number.isInteger(n) || n < 0 || n > 1000 || s === undefined) return ctx.error();
  const pad = ' '.repeat(n);
  const out = new MappedString(s.file, s.anchor);
  let from = 0;
  for (let nl = s.value.indexOf('\n'); nl >= 0; nl = s.value.indexOf('\n', nl + 1)) {
    out.extend(s.slice(from, nl + 1));
    out.synthetic(pad, s.anchor);
    from = nl + 1;
    if (out.length > MAX_STRING_LENGTH) return ctx.unknown();
  }
  out.extend(s.slice(from, s.length));
  return result(out, ctx);
}

function join(args: readonly SourceNode[], ctx: CallContext): SourceNode {
  if (args.length < 2) return ctx.error();
  const [sepNode, ...lists] = args;
  if (sepNode === undefined || sepNode.kind === 'opaque') return ctx.unknown();
  const sep = text(sepNode, ctx);
  if (sep === undefined) return ctx.error();
  const out = new MappedString(ctx.where.path, ctx.span.startOffset);
  let first = true;
  for (const list of lists) {
    if (list.kind === 'opaque') return ctx.unknown();
    const items = listItems(list);
    if (items === undefined) return ctx.error();
    for (const item of items) {
      if (item.kind === 'opaque') return ctx.unknown();
      const s = str(item, ctx);
      if (s === null) return ctx.unknown();
      if (s === undefined) return ctx.error();
      if (!first) out.append(sep, ctx.span.startOffset, ctx.span.endOffset);
      first = false;
      out.append(s, ctx.span.startOffset, ctx.span.endOffset);
      if (out.length > MAX_STRING_LENGTH || !ctx.charge(1)) return ctx.unknown();
    }
  }
  return result(out, ctx);
}

function split(args: readonly SourceNode[], ctx: CallContext): SourceNode {
  if (!arity(args, ctx, 2)) return ctx.unknown();
  const [sepNode, strNode] = args;
  if (sepNode === undefined || strNode === undefined || sepNode.kind === 'opaque' || strNode.kind === 'opaque') return ctx.unknown();
  const sep = stringValue(sepNode);
  const s = str(strNode, ctx);
  if (s === null) return ctx.unknown();
  if (sep === undefined || s === undefined) return ctx.error();
  const items: SourceNode[] = [];
  if (sep === '') {
    let i = 0;
    for (const ch of s.value) {
      if (!ctx.charge(1)) return ctx.unknown();
      items.push(ctx.string(s.slice(i, i + ch.length)));
      i += ch.length;
    }
  } else {
    let from = 0;
    for (;;) {
      if (!ctx.charge(1)) return ctx.unknown();
      const at = s.value.indexOf(sep, from);
      const end = at < 0 ? s.length : at;
      items.push(ctx.string(s.slice(from, end)));
      if (at < 0) break;
      from = at + sep.length;
    }
  }
  return seqNode(ctx.span, items);
}

function replace(args: readonly SourceNode[], ctx: CallContext): SourceNode {
  if (!arity(args, ctx, 3)) return ctx.unknown();
  const [strNode, searchNode, replNode] = args;
  if (strNode === undefined || searchNode === undefined || replNode === undefined) return ctx.unknown();
  if (args.some((a) => a.kind === 'opaque')) return ctx.unknown();
  const s = str(strNode, ctx);
  if (s === null) return ctx.unknown();
  const search = stringValue(searchNode);
  const repl = stringValue(replNode);
  if (s === undefined || search === undefined || repl === undefined) return ctx.error();
  // `/.../` is a regular expression (RE2), and an empty search inserts everywhere: not evaluated.
  if (search === '' || (search.length >= 2 && search.startsWith('/') && search.endsWith('/'))) return ctx.unknown();
  const out = new MappedString(s.file, s.anchor);
  let from = 0;
  for (let at = s.value.indexOf(search); at >= 0; at = s.value.indexOf(search, from)) {
    out.extend(s.slice(from, at));
    // The replacement stands where the replaced text was.
    out.point(repl, s.sourceStart(at), s.sourceEnd(at + search.length));
    from = at + search.length;
    if (out.length > MAX_STRING_LENGTH || !ctx.charge(1)) return ctx.unknown();
  }
  out.extend(s.slice(from, s.length));
  return result(out, ctx);
}

function substr(args: readonly SourceNode[], ctx: CallContext): SourceNode {
  if (!arity(args, ctx, 3)) return ctx.unknown();
  const [strNode, offsetNode, lengthNode] = args;
  if (strNode === undefined || offsetNode === undefined || lengthNode === undefined) return ctx.unknown();
  if (args.some((a) => a.kind === 'opaque')) return ctx.unknown();
  const s = text(strNode, ctx);
  const offset = numberValue(offsetNode);
  const len = numberValue(lengthNode);
  if (s === undefined || offset === undefined || len === undefined || !Number.isInteger(offset) || !Number.isInteger(len)) return ctx.error();
  // Terraform counts characters, not UTF-16 units: only plain text is cut here.
  if (/[\uD800-\uDFFF]|\p{M}|\u200D/u.test(s.value)) return ctx.unknown();
  let start = offset < 0 ? s.length + offset : offset;
  start = Math.max(0, Math.min(start, s.length));
  const end = len < 0 ? s.length : Math.min(s.length, start + len);
  return result(s.slice(start, end), ctx);
}

function format(args: readonly SourceNode[], ctx: CallContext): SourceNode {
  const [fmtNode, ...rest] = args;
  if (fmtNode === undefined) return ctx.error();
  if (args.some((a) => a.kind === 'opaque')) return ctx.unknown();
  const fmt = text(fmtNode, ctx);
  if (fmt === undefined) return ctx.error();
  const out = new MappedString(ctx.where.path, ctx.span.startOffset);
  let next = 0;
  let from = 0;
  const value = fmt.value;
  for (let at = value.indexOf('%'); at >= 0; at = value.indexOf('%', from)) {
    out.append(fmt.slice(from, at), ctx.span.startOffset, ctx.span.endOffset);
    const verb = value.charAt(at + 1);
    from = at + 2;
    if (verb === '%') {
      out.point('%', fmt.sourceStart(at), fmt.sourceEnd(at + 2));
      continue;
    }
    const arg = rest[next++];
    if (arg === undefined) return ctx.error();
    switch (verb) {
      case 's':
      case 'v': {
        // %v of a list or map prints it in Terraform's own notation: not evaluated.
        if (verb === 'v' && (arg.kind === 'seq' || arg.kind === 'map') && !isEncoded(arg)) return ctx.unknown();
        const s = str(arg, ctx);
        if (s === null) return ctx.unknown();
        if (s === undefined) return ctx.error();
        out.append(s, ctx.span.startOffset, ctx.span.endOffset);
        break;
      }
      case 'd': {
        const n = numberValue(arg);
        if (n === undefined || !Number.isInteger(n)) return ctx.error();
        out.synthetic(formatNumber(n), ctx.span.startOffset);
        break;
      }
      case 'q': {
        const s = text(arg, ctx);
        if (s === undefined) return ctx.error();
        out.synthetic('"', ctx.span.startOffset);
        for (let i = 0; i < s.length; i++) {
          const c = s.value.charAt(i);
          const escaped = JSON.stringify(c).slice(1, -1);
          if (escaped === c) out.append(s.slice(i, i + 1), ctx.span.startOffset, ctx.span.endOffset);
          else out.point(escaped, s.sourceStart(i), s.sourceEnd(i + 1));
        }
        out.synthetic('"', ctx.span.startOffset);
        break;
      }
      default:
        // Flags, widths and other verbs are not evaluated.
        return ctx.unknown();
    }
    if (out.length > MAX_STRING_LENGTH || !ctx.charge(1)) return ctx.unknown();
  }
  out.append(fmt.slice(from, fmt.length), ctx.span.startOffset, ctx.span.endOffset);
  if (next < rest.length) return ctx.error();
  return result(out, ctx);
}
