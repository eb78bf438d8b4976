import type { Attribute, Block, Body, Expression, TemplatePart } from './ast.js';
import { literalString } from './template.js';

type Node = Body | Block | Attribute | Expression;

/**
 * Calls `visit` for every expression at or under `node` (attribute values, nested blocks,
 * template interpolations and directives), parents before children, in source order.
 */
export function walkExpressions(node: Node, visit: (expr: Expression) => void): void {
  const stack: Node[] = [node];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const children: Node[] = [];
    switch (next.kind) {
      case 'body':
        children.push(...next.items);
        break;
      case 'block':
        children.push(next.body);
        break;
      case 'attribute':
        children.push(next.expr);
        break;
      default:
        visit(next);
        expressionChildren(next, children);
    }
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (child !== undefined) stack.push(child);
    }
  }
}

function expressionChildren(expr: Expression, out: Node[]): void {
  switch (expr.kind) {
    case 'template':
      templateChildren(expr.parts, out);
      break;
    case 'tuple':
      out.push(...expr.items);
      break;
    case 'object':
      for (const item of expr.items) out.push(item.key, item.value);
      break;
    case 'call':
      out.push(...expr.args);
      break;
    case 'for':
      out.push(expr.collection);
      if (expr.keyExpr !== undefined) out.push(expr.keyExpr);
      out.push(expr.valueExpr);
      if (expr.condition !== undefined) out.push(expr.condition);
      break;
    case 'conditional':
      out.push(expr.condition, expr.trueExpr, expr.falseExpr);
      break;
    case 'binary':
      out.push(expr.left, expr.right);
      break;
    case 'unary':
      out.push(expr.operand);
      break;
    case 'parens':
      out.push(expr.expr);
      break;
    case 'getattr':
      out.push(expr.object);
      break;
    case 'index':
      out.push(expr.object, expr.key);
      break;
    case 'splat':
      out.push(expr.source, expr.each);
      break;
    case 'literal':
    case 'variable':
    case 'splat-item':
      break;
  }
}

function templateChildren(parts: readonly TemplatePart[], out: Node[]): void {
  for (const part of parts) {
    switch (part.kind) {
      case 'interpolation':
        out.push(part.expr);
        break;
      case 'if':
        out.push(part.condition);
        templateChildren(part.then, out);
        if (part.else !== undefined) templateChildren(part.else, out);
        break;
      case 'for':
        out.push(part.collection);
        templateChildren(part.body, out);
        break;
      case 'text':
        break;
    }
  }
}

/**
 * Steps of the longest traversal read. No real reference comes close, and callers that ask about every
 * step of a chain (`a.b.c...`, each one a traversal) would otherwise take quadratic time on a hostile one.
 */
export const MAX_TRAVERSAL_STEPS = 100;

/**
 * A static traversal as names and keys: `local.a.b` → `['local', 'a', 'b']`,
 * `var.x[0]` and `var.x.0` → `['var', 'x', 0]`, `each.value["k"]` → `['each', 'value', 'k']`.
 * Undefined for anything else (calls, splats, computed indexes) and for traversals longer than MAX_TRAVERSAL_STEPS.
 */
export function traversalPath(expr: Expression): (string | number)[] | undefined {
  const steps: (string | number)[] = [];
  let current: Expression = expr;
  for (;;) {
    if (steps.length > MAX_TRAVERSAL_STEPS) return undefined;
    switch (current.kind) {
      case 'variable':
        steps.push(current.name);
        return steps.reverse();
      case 'getattr':
        steps.push(current.name);
        current = current.object;
        break;
      case 'index': {
        const key = current.key;
        if (key.kind === 'literal' && typeof key.value === 'number') steps.push(key.value);
        else {
          const literal = literalString(key);
          if (literal === undefined) return undefined;
          steps.push(literal.value);
        }
        current = current.object;
        break;
      }
      default:
        return undefined;
    }
  }
}
