import { describe, expect, it } from 'vitest';
import { traversalPath, walkExpressions, type Expression } from '../../src/hcl/index.js';
import { as, attr, find, parseOk, span, src } from './helpers.js';

/** Parses `x = <source>` and returns the text and the expression. */
function expression(source: string): { text: string; expr: Expression } {
  const text = `x = ${source}\n`;
  return { text, expr: attr(parseOk(text), 'x') };
}

/** A compact rendering of the tree, to check structure and precedence. */
function show(e: Expression): string {
  switch (e.kind) {
    case 'literal':
      return JSON.stringify(e.value);
    case 'variable':
      return e.name;
    case 'binary':
      return `(${show(e.left)} ${e.operator} ${show(e.right)})`;
    case 'unary':
      return `(${e.operator}${show(e.operand)})`;
    case 'conditional':
      return `(${show(e.condition)} ? ${show(e.trueExpr)} : ${show(e.falseExpr)})`;
    case 'parens':
      return `(${show(e.expr)})`;
    case 'getattr':
      return `${show(e.object)}.${e.name}`;
    case 'index':
      return `${show(e.object)}[${show(e.key)}]${e.legacy ? 'legacy' : ''}`;
    case 'splat':
      return `${e.full ? 'splat' : 'attrsplat'}(${show(e.source)}; ${show(e.each)})`;
    case 'splat-item':
      return '@';
    case 'call':
      return `${e.name}(${e.args.map(show).join(', ')}${e.expandFinal ? '...' : ''})`;
    case 'tuple':
      return `[${e.items.map(show).join(', ')}]`;
    case 'object':
      return `{${e.items.map((i) => `${i.keyName ?? show(i.key)}${i.separator}${show(i.value)}`).join(', ')}}`;
    case 'for':
      return `for(${e.keyVar ? `${e.keyVar.name}, ` : ''}${e.valueVar.name} in ${show(e.collection)}: ${e.keyExpr ? `${show(e.keyExpr)} => ` : ''}${show(e.valueExpr)}${e.grouping ? '...' : ''}${e.condition ? ` if ${show(e.condition)}` : ''})`;
    case 'template':
      return `"${e.parts.map((p) => (p.kind === 'text' ? p.value : p.kind === 'interpolation' ? `\${${show(p.expr)}}` : `%{${p.kind}}`)).join('')}"`;
  }
}

describe('literals', () => {
  it.each([
    ['1', 1],
    ['42', 42],
    ['1.5', 1.5],
    ['1e3', 1000],
    ['2E-2', 0.02],
    ['1.25e+2', 125],
    ['true', true],
    ['false', false],
    ['null', null],
  ])('%s', (source, value) => {
    const { text, expr } = expression(source);
    const literal = as(expr, 'literal');
    expect(literal.value).toBe(value);
    expect(literal.range).toEqual(find(text, source));
  });

  it('a negative number is a unary minus on a literal', () => {
    const { text, expr } = expression('-12.5');
    const unary = as(expr, 'unary');
    expect(unary.operator).toBe('-');
    expect(as(unary.operand, 'literal').value).toBe(12.5);
    expect(unary.range).toEqual(find(text, '-12.5'));
    expect(unary.operand.range).toEqual(find(text, '12.5'));
  });

  it('a quoted string is a template with one text part', () => {
    const { text, expr } = expression('"hello"');
    const template = as(expr, 'template');
    expect(template.range).toEqual(find(text, '"hello"'));
    expect(template.contentRange).toEqual(find(text, 'hello'));
    expect(template.parts).toMatchObject([{ kind: 'text', value: 'hello', range: find(text, 'hello') }]);
    expect(template.heredoc).toBeUndefined();
  });

  it('an empty string has no parts', () => {
    const { text, expr } = expression('""');
    const template = as(expr, 'template');
    expect(template.parts).toEqual([]);
    expect(template.range).toEqual(find(text, '""'));
  });
});

describe('operators', () => {
  it.each([
    ['a || b && c', '(a || (b && c))'],
    ['a && b || c', '((a && b) || c)'],
    ['a == b != c', '((a == b) != c)'],
    ['a < b == c >= d', '((a < b) == (c >= d))'],
    ['a + b * c', '(a + (b * c))'],
    ['a * b + c', '((a * b) + c)'],
    ['a - b - c', '((a - b) - c)'],
    ['a / b % c * d', '(((a / b) % c) * d)'],
    ['a <= b && c > d', '((a <= b) && (c > d))'],
    ['!a && !b', '((!a) && (!b))'],
    ['-a * -b', '((-a) * (-b))'],
    ['!!a', '(!(!a))'],
    ['-a.b', '(-a.b)'],
    ['(a + b) * c', '(((a + b)) * c)'],
    ['a ? b : c', '(a ? b : c)'],
    ['a ? b : c ? d : e', '(a ? b : (c ? d : e))'],
    ['a == 1 ? b + 1 : c', '((a == 1) ? (b + 1) : c)'],
    ['a ? b ? c : d : e', '(a ? (b ? c : d) : e)'],
    ['length(var.x) > 0 && var.enabled', '((length(var.x) > 0) && var.enabled)'],
  ])('%s', (source, tree) => {
    expect(show(expression(source).expr)).toBe(tree);
  });

  it('binary operator and node ranges', () => {
    const { text, expr } = expression('var.a + 10 * b');
    const plus = as(expr, 'binary');
    expect(plus.range).toEqual(find(text, 'var.a + 10 * b'));
    expect(plus.operatorRange).toEqual(find(text, '+'));
    expect(plus.left.range).toEqual(find(text, 'var.a'));
    const times = as(plus.right, 'binary');
    expect(times.range).toEqual(find(text, '10 * b'));
    expect(times.operatorRange).toEqual(find(text, '*'));
  });

  it('conditional ranges', () => {
    const { text, expr } = expression('var.enabled ? 1 : 0');
    const cond = as(expr, 'conditional');
    expect(cond.range).toEqual(find(text, 'var.enabled ? 1 : 0'));
    expect(cond.condition.range).toEqual(find(text, 'var.enabled'));
    expect(cond.trueExpr.range).toEqual(find(text, '1'));
    expect(cond.falseExpr.range).toEqual(find(text, '0'));
  });

  it('parentheses keep their own node and range; line breaks inside them are free', () => {
    const { text, expr } = expression('(\n  var.a\n  ? 1\n  : 2\n)');
    const parens = as(expr, 'parens');
    expect(parens.range).toEqual(span(text, '(', ')'));
    expect(show(parens.expr)).toBe('(var.a ? 1 : 2)');
  });
});

describe('traversals', () => {
  it('variables and attribute access', () => {
    const { text, expr } = expression('data.aws_caller_identity.current.account_id');
    expect(show(expr)).toBe('data.aws_caller_identity.current.account_id');
    const outer = as(expr, 'getattr');
    expect(outer.range).toEqual(find(text, 'data.aws_caller_identity.current.account_id'));
    expect(outer.nameRange).toEqual(find(text, 'account_id'));
    let root: Expression = expr;
    while (root.kind === 'getattr') root = root.object;
    expect(as(root, 'variable').range).toEqual(find(text, 'data'));
    expect(traversalPath(expr)).toEqual(['data', 'aws_caller_identity', 'current', 'account_id']);
  });

  it('index with an expression, a string and a number', () => {
    const { text, expr } = expression('var.map[local.key]["b"][0]');
    expect(show(expr)).toBe('var.map[local.key]["b"][0]');
    const last = as(expr, 'index');
    expect(last.range).toEqual(find(text, 'var.map[local.key]["b"][0]'));
    expect(last.key.range).toEqual(find(text, '0'));
    expect(last.legacy).toBe(false);
    const middle = as(last.object, 'index');
    expect(middle.key.range).toEqual(find(text, '"b"'));
    expect(traversalPath(expr)).toBeUndefined();
    expect(traversalPath(middle)).toBeUndefined();
    expect(traversalPath(expression('var.m["b"][0]').expr)).toEqual(['var', 'm', 'b', 0]);
  });

  it('legacy index .0 and chained .0.1', () => {
    const one = expression('aws_instance.web.0.id');
    expect(show(one.expr)).toBe('aws_instance.web[0]legacy.id');
    const index = as(as(one.expr, 'getattr').object, 'index');
    expect(index.legacy).toBe(true);
    expect(index.key.range).toEqual(find(one.text, '0'));
    expect(index.range).toEqual(find(one.text, 'aws_instance.web.0'));
    expect(show(expression('a.0.1').expr)).toBe('a[0]legacy[1]legacy');
    expect(traversalPath(one.expr)).toEqual(['aws_instance', 'web', 0, 'id']);
  });

  it('full splat [*] takes every following step', () => {
    const { text, expr } = expression('aws_iam_role.node[*].arn[0]');
    const splat = as(expr, 'splat');
    expect(splat.full).toBe(true);
    expect(show(splat)).toBe('splat(aws_iam_role.node; @.arn[0])');
    expect(splat.range).toEqual(find(text, 'aws_iam_role.node[*].arn[0]'));
    expect(splat.source.range).toEqual(find(text, 'aws_iam_role.node'));
    const item = as(as(as(splat.each, 'index').object, 'getattr').object, 'splat-item');
    expect(item.range).toEqual(find(text, '[*]'));
  });

  it('attribute-only splat .* takes attribute steps; an index after it applies to the result', () => {
    const { text, expr } = expression('module.eks.*.cluster_arn[0]');
    expect(show(expr)).toBe('attrsplat(module.eks; @.cluster_arn)[0]');
    const index = as(expr, 'index');
    const splat = as(index.object, 'splat');
    expect(splat.full).toBe(false);
    expect(splat.range).toEqual(find(text, 'module.eks.*.cluster_arn'));
    expect(as(as(splat.each, 'getattr').object, 'splat-item').range).toEqual(find(text, '.*'));
  });

  it('nested full splats and traversal on other terms', () => {
    expect(show(expression('a[*].b[*].c').expr)).toBe('splat(a; splat(@.b; @.c))');
    expect(show(expression('[1, 2][0]').expr)).toBe('[1, 2][0]');
    expect(show(expression('{ a = 1 }.a').expr)).toBe('{a=1}.a');
    expect(show(expression('f(x).y[0]').expr)).toBe('f(x).y[0]');
    expect(show(expression('"abc"[0]').expr)).toBe('"abc"[0]');
  });
});

describe('function calls', () => {
  it('arguments, trailing comma, nesting and ranges', () => {
    const { text, expr } = expression('merge(local.tags, { Name = "x" }, )');
    const call = as(expr, 'call');
    expect(call.name).toBe('merge');
    expect(call.nameRange).toEqual(find(text, 'merge'));
    expect(call.range).toEqual(span(text, 'merge(', ', )'));
    expect(call.args.map((a) => src(text, a.range))).toEqual(['local.tags', '{ Name = "x" }']);
    expect(call.expandFinal).toBe(false);
  });

  it('no arguments, and arguments over several lines', () => {
    expect(show(expression('timestamp()').expr)).toBe('timestamp()');
    expect(show(expression('concat(\n  a,\n  b\n)').expr)).toBe('concat(a, b)');
  });

  it('expansion of the final argument with ...', () => {
    const { expr } = expression('concat(var.lists...)');
    const call = as(expr, 'call');
    expect(call.expandFinal).toBe(true);
    expect(show(call)).toBe('concat(var.lists...)');
  });

  it('namespaced provider functions', () => {
    const { text, expr } = expression('provider::aws::arn_parse(var.role_arn).account_id');
    const call = as(as(expr, 'getattr').object, 'call');
    expect(call.name).toBe('provider::aws::arn_parse');
    expect(call.nameRange).toEqual(find(text, 'provider::aws::arn_parse'));
    expect(call.range).toEqual(find(text, 'provider::aws::arn_parse(var.role_arn)'));
    expect(show(expression('core::length(x)').expr)).toBe('core::length(x)');
  });

  it('yamlencode(concat([...], [for ...])) as in aws-auth ConfigMaps', () => {
    const { expr } = expression('yamlencode(concat([{ rolearn = "a", groups = ["system:masters"] },], [for r in var.extra : { rolearn = r.arn }]))');
    expect(show(expr)).toBe('yamlencode(concat([{rolearn="a", groups=["system:masters"]}], for(r in var.extra: {rolearn=r.arn})))');
  });
});

describe('collections', () => {
  it('tuples with trailing commas, nesting and line breaks', () => {
    const { text, expr } = expression('[\n  "a",\n  [1, 2],\n  var.b,\n]');
    const tuple = as(expr, 'tuple');
    expect(tuple.range).toEqual(span(text, '[\n', ',\n]'));
    expect(tuple.items.map((i) => src(text, i.range))).toEqual(['"a"', '[1, 2]', 'var.b']);
    expect(show(expression('[]').expr)).toBe('[]');
  });

  it('objects with =, :, quoted keys, parenthesised keys, comma and line separators', () => {
    const source = '{\n  a = 1, "b" = 2\n  c: 3\n  (var.k) = 4\n  "${var.p}-x" = 5\n  d = { e = [] }\n}';
    const { text, expr } = expression(source);
    const object = as(expr, 'object');
    expect(object.range).toEqual(find(text, source));
    expect(object.items.map((i) => i.keyName)).toEqual(['a', 'b', 'c', undefined, undefined, 'd']);
    expect(object.items.map((i) => i.separator)).toEqual(['=', '=', ':', '=', '=', '=']);
    expect(object.items.map((i) => src(text, i.key.range))).toEqual(['a', '"b"', 'c', '(var.k)', '"${var.p}-x"', 'd']);
    expect(object.items.map((i) => src(text, i.range))).toEqual(['a = 1', '"b" = 2', 'c: 3', '(var.k) = 4', '"${var.p}-x" = 5', 'd = { e = [] }']);
    expect(as(object.items[3]?.key, 'parens').expr.kind).toBe('getattr');
    expect(show(expression('{}').expr)).toBe('{}');
    expect(show(expression('{ a = 1, b = 2, }').expr)).toBe('{a=1, b=2}');
  });

  it('object keys named like keywords', () => {
    expect(show(expression('{ for = 1, in = 2, if = 3, null = 4, true = 5 }').expr)).toBe('{for=1, in=2, if=3, null=4, true=5}');
  });

  it('a module-style nested map with templates and conditional merges', () => {
    const source = `merge({
    admin = {
      principal_arn = "arn:aws:iam::\${var.account_id}:role/Admin"
      policy_associations = {
        a = { policy_arn = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy", access_scope = { type = "cluster" } }
      }
    }
  }, var.extra ? { "read-only" = { principal_arn = local.ro } } : {})`;
    expect(show(expression(source).expr)).toBe(
      'merge({admin={principal_arn="arn:aws:iam::${var.account_id}:role/Admin", policy_associations={a={policy_arn="arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy", access_scope={type="cluster"}}}}}, (var.extra ? {read-only={principal_arn=local.ro}} : {}))',
    );
  });
});

describe('for expressions', () => {
  it('tuple form with key, value and condition', () => {
    const source = '[for i, ns in var.namespaces : upper(ns) if ns != "kube-system"]';
    const { text, expr } = expression(source);
    const f = as(expr, 'for');
    expect(f.object).toBe(false);
    expect(f.range).toEqual(find(text, source));
    const i = find(text, 'i, ns').start;
    expect(f.keyVar).toEqual({ name: 'i', range: { start: i, end: i + 1 } });
    expect(f.valueVar).toEqual({ name: 'ns', range: find(text, 'ns') });
    expect(f.collection.range).toEqual(find(text, 'var.namespaces'));
    expect(f.valueExpr.range).toEqual(find(text, 'upper(ns)'));
    expect(f.condition?.range).toEqual(find(text, 'ns != "kube-system"'));
    expect(f.keyExpr).toBeUndefined();
    expect(f.grouping).toBe(false);
  });

  it('object form with => and grouping ...', () => {
    const source = '{ for k, v in var.m : v.group => k... if v.enabled }';
    const { text, expr } = expression(source);
    const f = as(expr, 'for');
    expect(f.object).toBe(true);
    expect(f.range).toEqual(find(text, source));
    expect(f.keyExpr?.range).toEqual(find(text, 'v.group'));
    const k = find(text, 'k...').start;
    expect(f.valueExpr.range).toEqual({ start: k, end: k + 1 });
    expect(f.grouping).toBe(true);
    expect(show(f)).toBe('for(k, v in var.m: v.group => k... if v.enabled)');
  });

  it('for expressions spread over lines, with a conditional collection', () => {
    const source = '{\n  for k, v in var.enabled ? var.m : {} :\n  k => v\n  if v != null\n}';
    expect(show(expression(source).expr)).toBe('for(k, v in (var.enabled ? var.m : {}): k => v if (v != null))');
  });

  it('a single variable, and `for` as a plain name elsewhere', () => {
    expect(show(expression('[for x in xs : x]').expr)).toBe('for(x in xs: x)');
    expect(show(expression('[for]').expr)).toBe('[for]');
  });
});

describe('walkExpressions', () => {
  it('visits every expression, parents first, including template parts', () => {
    const body = parseOk('a = f(1, "${b.c}")\nblk { d = [e] }\n');
    const seen: string[] = [];
    walkExpressions(body, (e) => seen.push(e.kind));
    expect(seen).toEqual(['call', 'literal', 'template', 'getattr', 'variable', 'tuple', 'variable']);
  });
});
