import type { MapEntry, MapNode, SourceNode } from '../source-node.js';
import { MappedString } from './mapped-string.js';
import { encodingOf, formatNumber, isEncoded, keyMappingOf, mappingOf, stripEncoding, type Where } from './nodes.js';

/** Deepest value the renderers and comparisons descend into. */
const MAX_RENDER_DEPTH = 500;

/** Charged once per node and per 64 characters; false stops the work. */
export type Charge = (units: number) => boolean;

/** Entries with the last value of each key, sorted by key (how Terraform orders object attributes). */
export function uniqueSortedEntries(map: MapNode): MapEntry[] {
  const byKey = new Map<string, MapEntry>();
  for (const entry of map.entries) byKey.set(entry.key, entry);
  return [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Entries with the last value of each key, in order of first appearance. */
export function uniqueEntries(map: MapNode): MapEntry[] {
  const byKey = new Map<string, MapEntry>();
  const order: string[] = [];
  for (const entry of map.entries) {
    if (!byKey.has(entry.key)) order.push(entry.key);
    byKey.set(entry.key, entry);
  }
  return order.flatMap((key) => byKey.get(key) ?? []);
}

/**
 * The string an encoded value stands for, as `yamlencode`/`jsonencode` would write it (strings
 * quoted, keys sorted; YAML in block style), in file `where`. Characters of strings and keys
 * written in that file map to their source; quotes, indentation and punctuation are zero-width
 * points after the text before them. Undefined when part of the value is unknown or the
 * work is too much.
 */
export function renderEncoded(node: SourceNode, where: Where, charge: Charge, fallback: number): MappedString | undefined {
  const encoding = encodingOf(node);
  if (encoding === undefined) return undefined;
  const inner = isEncoded(node) ? stripEncoding(node) : node;
  const out = new MappedString(where.path, fallback);
  const writer = new Writer(out, where, charge, fallback);
  const ok = encoding === 'json' ? writer.json(inner, 0) : writer.yamlDocument(inner);
  return ok ? out : undefined;
}

class Writer {
  constructor(
    private readonly out: MappedString,
    private readonly where: Where,
    private readonly charge: Charge,
    private readonly fallback: number,
  ) {}

  private syn(text: string, at?: number): void {
    if (at === undefined) this.out.synthetic(text, this.fallback);
    else this.out.point(text, at, at);
  }

  /** Where a node's text starts, when it is in this file. */
  private startOf(node: SourceNode): number | undefined {
    return node.span.file === this.where.path ? node.span.startOffset : undefined;
  }

  /** A double-quoted string (JSON escapes are valid YAML), each character mapped to its source. */
  private quoted(text: string, mapping: MappedString | undefined, spanStart: number | undefined, spanEnd: number | undefined): boolean {
    if (!this.charge(1 + (text.length >> 6))) return false;
    const source = this.where.lines.text;
    const local = mapping?.file === this.where.path ? mapping : undefined;
    // The opening quote maps onto the source's own quote when there is one.
    if (spanStart !== undefined && source.charAt(spanStart) === '"') this.out.point('"', spanStart, spanStart + 1);
    else this.syn('"', local === undefined ? spanStart : local.sourceStart(0));
    for (let i = 0; i < text.length; i++) {
      const c = text.charAt(i);
      const escaped = escapeChar(c);
      if (local === undefined) {
        if (spanStart === undefined) this.syn(escaped);
        else this.out.point(escaped, spanStart, spanEnd ?? spanStart);
        continue;
      }
      const from = local.sourceStart(i);
      const to = local.sourceEnd(i + 1);
      if (escaped === c && to - from === 1) this.out.copy(c, from);
      else this.out.point(escaped, from, to);
    }
    if (spanEnd !== undefined && spanEnd > 0 && source.charAt(spanEnd - 1) === '"' && spanEnd - 1 > (spanStart ?? -1)) this.out.point('"', spanEnd - 1, spanEnd);
    else this.syn('"');
    return true;
  }

  /** A scalar, an empty collection or a nested encoded value, on one line. */
  private inline(node: SourceNode): boolean {
    if (isEncoded(node)) {
      const text = renderEncoded(node, this.where, this.charge, this.startOf(node) ?? this.fallback);
      if (text === undefined) return false;
      return this.quoted(text.value, text, this.startOf(node), this.endOf(node));
    }
    switch (node.kind) {
      case 'scalar': {
        if (!this.charge(1)) return false;
        const value = node.value;
        if (typeof value === 'string') return this.quoted(value, mappingOf(node), this.startOf(node), this.endOf(node));
        const text = value === null ? 'null' : typeof value === 'number' ? formatNumber(value) : String(value);
        const start = this.startOf(node);
        if (start !== undefined && this.where.lines.text.slice(start, this.endOf(node)) === text) this.out.copy(text, start);
        else this.syn(text, start);
        return true;
      }
      case 'seq':
        this.syn('[]', this.startOf(node));
        return node.items.length === 0;
      case 'map':
        this.syn('{}', this.startOf(node));
        return node.entries.length === 0;
      case 'opaque':
        return false;
    }
  }

  private endOf(node: SourceNode): number | undefined {
    return node.span.file === this.where.path ? node.span.endOffset : undefined;
  }

  private key(entry: MapEntry): boolean {
    const local = entry.keySpan.file === this.where.path;
    return this.quoted(entry.key, keyMappingOf(entry), local ? entry.keySpan.startOffset : undefined, local ? entry.keySpan.endOffset : undefined);
  }

  private static isBlock(node: SourceNode): boolean {
    if (isEncoded(node)) return false;
    return (node.kind === 'seq' && node.items.length > 0) || (node.kind === 'map' && node.entries.length > 0);
  }

  yamlDocument(node: SourceNode): boolean {
    if (!Writer.isBlock(node)) {
      if (!this.inline(node)) return false;
      this.syn('\n');
      return true;
    }
    return this.yamlBlock(node, 0, false, 0);
  }

  /** A non-empty collection in block style; `inline` when the first line continues a `- `. */
  private yamlBlock(node: SourceNode, indent: number, inline: boolean, depth: number): boolean {
    if (depth > MAX_RENDER_DEPTH || !this.charge(1)) return false;
    const pad = ' '.repeat(indent);
    if (node.kind === 'seq') {
      let first = true;
      for (const item of node.items) {
        this.syn(first && inline ? '- ' : `${pad}- `, this.startOf(item));
        first = false;
        if (Writer.isBlock(item)) {
          if (!this.yamlBlock(item, indent + 2, true, depth + 1)) return false;
        } else {
          if (!this.inline(item)) return false;
          this.syn('\n');
        }
      }
      return true;
    }
    if (node.kind !== 'map') return false;
    let first = true;
    for (const entry of uniqueSortedEntries(node)) {
      if (!(first && inline)) this.syn(pad, entry.keySpan.file === this.where.path ? entry.keySpan.startOffset : undefined);
      first = false;
      if (!this.key(entry)) return false;
      const value = entry.value;
      if (Writer.isBlock(value)) {
        this.syn(':\n');
        // Lists under a key sit at the key's indentation, as Terraform writes them.
        if (!this.yamlBlock(value, value.kind === 'seq' ? indent : indent + 2, false, depth + 1)) return false;
      } else {
        this.syn(': ');
        if (!this.inline(value)) return false;
        this.syn('\n');
      }
    }
    return true;
  }

  json(node: SourceNode, depth: number): boolean {
    if (depth > MAX_RENDER_DEPTH || !this.charge(1)) return false;
    if (!Writer.isBlock(node)) return this.inline(node);
    if (node.kind === 'seq') {
      this.syn('[', this.startOf(node));
      let first = true;
      for (const item of node.items) {
        if (!first) this.syn(',');
        first = false;
        if (!this.json(item, depth + 1)) return false;
      }
      this.syn(']');
      return true;
    }
    if (node.kind !== 'map') return false;
    this.syn('{', this.startOf(node));
    let first = true;
    for (const entry of uniqueSortedEntries(node)) {
      if (!first) this.syn(',');
      first = false;
      if (!this.key(entry)) return false;
      this.syn(':');
      if (!this.json(entry.value, depth + 1)) return false;
    }
    this.syn('}');
    return true;
  }
}

function escapeChar(c: string): string {
  switch (c) {
    case '"':
      return '\\"';
    case '\\':
      return '\\\\';
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    case '\t':
      return '\\t';
    default: {
      const code = c.charCodeAt(0);
      return code < 0x20 || code === 0x7f ? `\\u${code.toString(16).padStart(4, '0')}` : c;
    }
  }
}

/**
 * A string that identifies a known value (equal values, equal keys), for `distinct`, `==` and
 * sets. Undefined when the value is partly unknown or too big.
 */
export function valueKey(node: SourceNode, charge: Charge, where: Where, depth = 0): string | undefined {
  if (depth > MAX_RENDER_DEPTH || !charge(1)) return undefined;
  if (isEncoded(node)) {
    const text = renderEncoded(node, where, charge, 0);
    return text === undefined ? undefined : `s${JSON.stringify(text.value)}`;
  }
  switch (node.kind) {
    case 'scalar': {
      const value = node.value;
      if (typeof value === 'string') {
        if (!charge(value.length >> 6)) return undefined;
        return `s${JSON.stringify(value)}`;
      }
      return value === null ? 'null' : typeof value === 'number' ? `n${String(value)}` : `b${String(value)}`;
    }
    case 'seq': {
      const parts: string[] = [];
      for (const item of node.items) {
        const key = valueKey(item, charge, where, depth + 1);
        if (key === undefined) return undefined;
        parts.push(key);
      }
      return `[${parts.join(',')}]`;
    }
    case 'map': {
      const parts: string[] = [];
      for (const entry of uniqueSortedEntries(node)) {
        const key = valueKey(entry.value, charge, where, depth + 1);
        if (key === undefined) return undefined;
        parts.push(`${JSON.stringify(entry.key)}:${key}`);
      }
      return `{${parts.join(',')}}`;
    }
    case 'opaque':
      return undefined;
  }
}
