import type { Expression } from '../hcl/index.js';
import type { MapEntry, SourceNode } from '../source-node.js';
import { boolNode, formatNumber, isEncoded, keyMappingOf, mapNode, numberNode, scalarText, seqNode, stringNode, type EntryInit, type Where } from './nodes.js';
import { valueKey, type Charge } from './render.js';

/** A variable's `type` constraint, as far as conversions of its default need it. */
export type TypeConstraint =
  | { readonly kind: 'any' }
  | { readonly kind: 'string' | 'number' | 'bool' }
  | { readonly kind: 'list' | 'set' | 'map'; readonly element: TypeConstraint }
  | { readonly kind: 'object'; readonly attributes: ReadonlyMap<string, TypeConstraint> }
  | { readonly kind: 'tuple'; readonly elements: readonly TypeConstraint[] };

const ANY: TypeConstraint = { kind: 'any' };

/** Reads `string`, `list(object({ a = string, b = optional(number) }))`, ...; `any` for what it does not understand. */
export function parseType(expr: Expression | undefined, depth = 0): TypeConstraint {
  if (expr === undefined || depth > 50) return ANY;
  switch (expr.kind) {
    case 'variable':
      return expr.name === 'string' || expr.name === 'number' || expr.name === 'bool' ? { kind: expr.name } : ANY;
    case 'parens':
      return parseType(expr.expr, depth + 1);
    case 'call': {
      const [first] = expr.args;
      switch (expr.name) {
        case 'list':
        case 'set':
        case 'map':
          return { kind: expr.name, element: parseType(first, depth + 1) };
        case 'optional':
          return parseType(first, depth + 1);
        case 'object': {
          if (first?.kind !== 'object') return ANY;
          const attributes = new Map<string, TypeConstraint>();
          for (const item of first.items) if (item.keyName !== undefined) attributes.set(item.keyName, parseType(item.value, depth + 1));
          return { kind: 'object', attributes };
        }
        case 'tuple':
          return first?.kind === 'tuple' ? { kind: 'tuple', elements: first.items.map((i) => parseType(i, depth + 1)) } : ANY;
        default:
          return ANY;
      }
    }
    default:
      return ANY;
  }
}

/**
 * Converts a variable's value to its type the way Terraform does for primitives: numbers and
 * bools become strings where strings are expected (and back), object attributes the type does
 * not declare are dropped, sets lose duplicates. Anything it cannot convert stays as it is.
 */
export function convertToType(node: SourceNode, type: TypeConstraint, where: (path: string) => Where | undefined, charge: Charge, depth = 0): SourceNode {
  if (type.kind === 'any' || node.kind === 'opaque' || isEncoded(node) || depth > 100 || !charge(1)) return node;
  if (node.kind === 'scalar') {
    if (node.value === null) return node;
    switch (type.kind) {
      case 'string': {
        if (typeof node.value === 'string') return node;
        const file = where(node.span.file);
        const mapping = file && scalarText(node, file, node.span.startOffset, node.span.endOffset);
        if (file !== undefined && mapping !== undefined) return stringNode(file, node.span, mapping, 'double');
        const text = typeof node.value === 'number' ? formatNumber(node.value) : String(node.value);
        return { kind: 'scalar', span: node.span, value: text, type: 'string', text, style: 'double' };
      }
      case 'number':
        return typeof node.value === 'string' && /^-?\d+(\.\d+)?$/.test(node.value) ? numberNode(node.span, Number(node.value)) : node;
      case 'bool':
        return node.value === 'true' || node.value === 'false' ? boolNode(node.span, node.value === 'true') : node;
      default:
        return node;
    }
  }
  if (node.kind === 'seq') {
    if (type.kind === 'list' || type.kind === 'set') {
      let items = node.items.map((item) => convertToType(item, type.element, where, charge, depth + 1));
      const file = where(node.span.file);
      if (type.kind === 'set' && file !== undefined) {
        const seen = new Set<string>();
        items = items.filter((item) => {
          const key = item.kind === 'opaque' ? undefined : valueKey(item, charge, file);
          if (key === undefined) return true;
          if (seen.has(key)) return false;
          seen.add(key);
          return true;
        });
        // Terraform orders a set of strings lexicographically.
        if (items.every((i) => i.kind === 'scalar' && typeof i.value === 'string')) {
          items.sort((a, b) => {
            const x = a.kind === 'scalar' ? String(a.value) : '';
            const y = b.kind === 'scalar' ? String(b.value) : '';
            return x < y ? -1 : x > y ? 1 : 0;
          });
        }
      }
      return seqNode(node.span, items);
    }
    if (type.kind === 'tuple') return seqNode(node.span, node.items.map((item, i) => convertToType(item, type.elements[i] ?? ANY, where, charge, depth + 1)));
    return node;
  }
  if (type.kind === 'map') {
    return mapNode(
      node.span,
      node.entries.map((e) => withValue(e, convertToType(e.value, type.element, where, charge, depth + 1))),
    );
  }
  if (type.kind === 'object') {
    const entries: EntryInit[] = [];
    for (const entry of node.entries) {
      const attribute = type.attributes.get(entry.key);
      if (attribute !== undefined) entries.push(withValue(entry, convertToType(entry.value, attribute, where, charge, depth + 1)));
    }
    return mapNode(node.span, entries);
  }
  return node;
}

function withValue(entry: MapEntry, value: SourceNode): EntryInit {
  return { key: entry.key, keySpan: entry.keySpan, value, keyMapping: keyMappingOf(entry) };
}
