import { describe, expect, it } from 'vitest';
import { isIndefinite } from '../../src/terraform/evaluate.js';
import { asMap, asScalar, asSeq, item, load, plain, sourceOf, spanOf } from './helpers.js';

/** Evaluates `x = <expr>` with some locals in scope. */
function run(expr: string, locals = ''): ReturnType<typeof load> & { x: ReturnType<ReturnType<typeof load>['value']> } {
  const loaded = load(`locals {\n${locals}\n}\nx = ${expr}\n`);
  return { ...loaded, x: loaded.value('x') };
}

describe('collection functions', () => {
  it('concat joins lists; an unknown list becomes one item that stands for any number of items', () => {
    const { x, text } = run('concat(["a"], local.more, var.extra, [aws_iam_role.x.arn])', '  more = ["b", "c"]');
    const seq = asSeq(x);
    expect(plain(seq)).toEqual(['a', 'b', 'c', '<unknown>', '<unknown>']);
    expect(asScalar(seq.items[1]).span).toEqual(spanOf(text, '"b"'));
    expect(isIndefinite(item(seq, 3))).toBe(true);
    expect(isIndefinite(item(seq, 4))).toBe(false);
    expect(sourceOf(text, item(seq, 3).span)).toBe('var.extra');
  });

  it('indexing past an item of unknown length is unknown; before it, known', () => {
    const { value } = load('locals {\n  l = concat(["a"], var.more, ["z"])\n}\nfirst = local.l[0]\nlast = local.l[2]\nn = length(local.l)\n');
    expect(asScalar(value('first')).value).toBe('a');
    expect(value('last').kind).toBe('opaque');
    expect(value('n').kind).toBe('opaque');
  });

  it('merge: later keys win, one entry per key, null arguments skipped; an unknown map makes it unknown', () => {
    const { x, text } = run('merge({ a = 1, b = 2 }, null, { b = 3, c = 4 })');
    expect(plain(x)).toEqual({ a: 1, b: 3, c: 4 });
    expect(asMap(x).entries).toHaveLength(3);
    expect(asMap(x).entries[1]?.keySpan).toEqual(spanOf(text, 'b', 1));
    expect(run('merge({ a = 1 }, var.more)').x.kind).toBe('opaque');
  });

  it('distinct, tolist, toset (a set of strings is sorted), flatten', () => {
    expect(plain(run('distinct(["b", "a", "b", { k = 1 }, { k = 1 }])').x)).toEqual(['b', 'a', { k: 1 }]);
    expect(plain(run('tolist(["a"])').x)).toEqual(['a']);
    expect(plain(run('toset(["b", "a", "b"])').x)).toEqual(['a', 'b']);
    expect(plain(run('flatten([["a", ["b"]], [], "c"])').x)).toEqual(['a', 'b', 'c']);
    const flat = asSeq(run('flatten([["a"], var.more])').x);
    expect(isIndefinite(item(flat, 1))).toBe(true);
  });

  it('lookup, element, length, keys, values, contains, one, coalesce, coalescelist, compact, slice, reverse, sort, zipmap', () => {
    const locals = '  m = { b = "x", a = "y" }\n  l = ["p", "q", "r"]';
    expect(asScalar(run('lookup(local.m, "a", "d")', locals).x).value).toBe('y');
    expect(asScalar(run('lookup(local.m, "z", "d")', locals).x).value).toBe('d');
    expect(asScalar(run('element(local.l, 4)', locals).x).value).toBe('q');
    expect(asScalar(run('length(local.l)', locals).x).value).toBe(3);
    expect(asScalar(run('length(local.m)', locals).x).value).toBe(2);
    expect(asScalar(run('length("héllo")', locals).x).value).toBe(5);
    expect(plain(run('keys(local.m)', locals).x)).toEqual(['a', 'b']);
    expect(plain(run('values(local.m)', locals).x)).toEqual(['y', 'x']);
    expect(asScalar(run('contains(local.l, "q")', locals).x).value).toBe(true);
    expect(asScalar(run('contains(local.l, "z")', locals).x).value).toBe(false);
    expect(asScalar(run('one(["only"])', locals).x).value).toBe('only');
    expect(asScalar(run('one([])', locals).x).value).toBe(null);
    expect(asScalar(run('coalesce("", null, "c")', locals).x).value).toBe('c');
    expect(run('coalesce(var.a, "c")', locals).x.kind).toBe('opaque');
    expect(plain(run('coalescelist([], ["a"])', locals).x)).toEqual(['a']);
    expect(plain(run('compact(["a", "", null, "b"])', locals).x)).toEqual(['a', 'b']);
    expect(plain(run('slice(local.l, 1, 3)', locals).x)).toEqual(['q', 'r']);
    expect(plain(run('reverse(local.l)', locals).x)).toEqual(['r', 'q', 'p']);
    expect(plain(run('sort(["b", "c", "a"])', locals).x)).toEqual(['a', 'b', 'c']);
    expect(plain(run('zipmap(["k1", "k2"], [1, 2])', locals).x)).toEqual({ k1: 1, k2: 2 });
    expect(asScalar(run('alltrue([true, "true"])', locals).x).value).toBe(true);
    expect(asScalar(run('anytrue([false, true])', locals).x).value).toBe(true);
  });

  it('conversions: tostring, tonumber, tobool, tomap', () => {
    expect(asScalar(run('tostring(12)').x)).toMatchObject({ value: '12', type: 'string' });
    expect(asScalar(run('tonumber("12")').x)).toMatchObject({ value: 12, type: 'int' });
    expect(asScalar(run('tobool("true")').x)).toMatchObject({ value: true, type: 'bool' });
    expect(plain(run('tomap({ a = "b" })').x)).toEqual({ a: 'b' });
  });
});

describe('string functions', () => {
  it('format: %s, %d, %q and %% with known arguments; the literal parts keep their positions', () => {
    const { x, text } = run('format("arn:aws:iam::%s:role/%s %d%% %q", local.account, "admin", 42, "a\\"b")', '  account = "111122223333"');
    const node = asScalar(x);
    expect(node.value).toBe('arn:aws:iam::111122223333:role/admin 42% "a\\"b"');
    expect(node.locate?.(0, 13)).toEqual(spanOf(text, 'arn:aws:iam::'));
    expect(node.locate?.(13, 25)).toEqual(spanOf(text, '111122223333'));
    expect(node.locate?.(31, 36)).toEqual(spanOf(text, 'admin'));
    expect(run('format("%s", var.x)').x.kind).toBe('opaque');
    expect(run('format("%5s", "a")').x.kind).toBe('opaque');
  });

  it('lower, upper, join, split, replace, trimspace, trimprefix, trimsuffix, trim, chomp, substr, startswith, endswith', () => {
    expect(asScalar(run('lower("ABC")').x).value).toBe('abc');
    expect(asScalar(run('upper("abc")').x).value).toBe('ABC');
    expect(asScalar(run('join(", ", ["a", "b"], ["c"])').x).value).toBe('a, b, c');
    expect(asScalar(run('replace("a.b.c", ".", "::")').x).value).toBe('a::b::c');
    expect(run('replace("a.b.c", "/[.]/", "-")').x.kind).toBe('opaque'); // regular expressions are not evaluated
    expect(asScalar(run('trimspace("  a b \\n")').x).value).toBe('a b');
    expect(asScalar(run('trimprefix("role/x", "role/")').x).value).toBe('x');
    expect(asScalar(run('trimsuffix("x.yaml", ".yaml")').x).value).toBe('x');
    expect(asScalar(run('trim("--x--", "-")').x).value).toBe('x');
    expect(asScalar(run('chomp("x\\n\\n")').x).value).toBe('x');
    expect(asScalar(run('substr("hello", 1, 3)').x).value).toBe('ell');
    expect(asScalar(run('startswith("arn:aws", "arn:")').x).value).toBe(true);
    expect(asScalar(run('endswith("arn:aws", "gov")').x).value).toBe(false);
    expect(asScalar(run('indent(2, "a\\nb\\n")').x).value).toBe('a\n  b\n  ');
  });

  it('split gives strings that span their exact source; lower keeps the positions of every character', () => {
    const { x, text } = run('split(",", "role-a,role-b")');
    const seq = asSeq(x);
    expect(plain(seq)).toEqual(['role-a', 'role-b']);
    expect(asScalar(seq.items[1]).span).toEqual(spanOf(text, 'role-b'));
    const lower = asScalar(run('lower("ARN:AWS")').x);
    expect(lower.locate?.(4, 7)).toEqual(spanOf('locals {\n\n}\nx = lower("ARN:AWS")\n', 'AWS'));
  });

  it('replace keeps the unchanged text mapped; the replacement stands where the replaced text was', () => {
    const { x, text } = run('replace("arn:aws:iam::111122223333:role/team/admin", "team/", "")');
    const node = asScalar(x);
    expect(node.value).toBe('arn:aws:iam::111122223333:role/admin');
    expect(node.locate?.(31, 36)).toEqual(spanOf(text, 'admin'));
  });

  it('string functions over unknown values are unknown', () => {
    for (const expr of ['lower(var.a)', 'join(",", var.list)', 'join(",", ["a", var.b])', 'split(",", var.s)', 'replace(var.s, "a", "b")', 'trimspace(module.m.out)']) {
      expect(run(expr).x.kind, expr).toBe('opaque');
    }
  });
});

describe('try and can', () => {
  it('try returns the first argument that evaluates without an error', () => {
    const locals = '  m = { a = "x" }\n  nothing = null';
    expect(asScalar(run('try(local.m.missing, "fallback")', locals).x).value).toBe('fallback');
    expect(asScalar(run('try(local.m.a, "fallback")', locals).x).value).toBe('x');
    expect(asScalar(run('try(local.nothing.field, "fallback")', locals).x).value).toBe('fallback');
    expect(asScalar(run('try(tonumber("x"), 7)', locals).x).value).toBe(7);
    expect(asScalar(run('try(local.m["k"], local.m.b, "last")', locals).x).value).toBe('last');
  });

  it('an unknown first argument makes try unknown: Terraform would use its value', () => {
    expect(run('try(var.settings.type, "STANDARD")').x.kind).toBe('opaque');
    expect(run('try(each.value.type, "STANDARD")').x.kind).toBe('opaque');
  });

  it('can is true for a known value, false for an error, unknown otherwise', () => {
    const locals = '  m = { a = "x" }';
    expect(asScalar(run('can(local.m.a)', locals).x).value).toBe(true);
    expect(asScalar(run('can(local.m.b)', locals).x).value).toBe(false);
    expect(run('can(var.v.b)', locals).x.kind).toBe('opaque');
  });
});
