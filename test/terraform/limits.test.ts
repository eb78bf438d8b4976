import { describe, expect, it } from 'vitest';
import { walkNodes, type SourceNode } from '../../src/source-node.js';
import { evaluate, moduleScope, parseTfFile } from '../../src/terraform/evaluate.js';
import { MAX_STRING_LENGTH, MAX_VALUE_NODES } from '../../src/terraform/nodes.js';
import { must } from './helpers.js';

/** Evaluates every top-level attribute and every local of a text (parse errors allowed). */
function evaluateAll(text: string): Map<string, SourceNode> {
  const { file } = parseTfFile('main.tf', text);
  const scope = moduleScope([file]);
  const out = new Map<string, SourceNode>();
  for (const attribute of file.body.attributes) out.set(attribute.name, evaluate(attribute.expr, file, scope));
  for (const name of scope.localNames()) out.set(`local.${name}`, must(scope.local(name)));
  return out;
}

/** Nodes a value stands for, shared subtrees counted each time (what a recursive consumer visits). */
function expandedSize(node: SourceNode): number {
  let size = 1;
  if (node.kind === 'seq') for (const item of node.items) size += expandedSize(item);
  if (node.kind === 'map') for (const entry of node.entries) size += 1 + expandedSize(entry.value);
  return size;
}

function depthOf(node: SourceNode): number {
  if (node.kind === 'seq') return 1 + Math.max(0, ...node.items.map(depthOf));
  if (node.kind === 'map') return 1 + Math.max(0, ...node.entries.map((e) => depthOf(e.value)));
  return 0;
}

describe('limits: hostile or huge inputs end in unknown values, never in an exception or a hang', () => {
  it('lists of lists that share their items (a billion laughs) stay small', () => {
    const lines = ['locals {', `  l0 = [${Array(10).fill('"x"').join(', ')}]`];
    for (let i = 1; i < 10; i++) lines.push(`  l${i} = [${Array(10).fill(`local.l${i - 1}`).join(', ')}]`);
    lines.push('}', 'x = yamlencode(local.l9)', 'y = "=${jsonencode(local.l9)}"', 'z = flatten(local.l9)', 'w = distinct(local.l9)', 'v = length(local.l9)');
    for (const [name, value] of evaluateAll(`${lines.join('\n')}\n`)) {
      expect(expandedSize(value), name).toBeLessThanOrEqual(MAX_VALUE_NODES + 100);
    }
  });

  it('strings that double at every step stop at the length limit', () => {
    const lines = ['locals {', '  s0 = "abcdefghijklmnopqrstuvwxyz0123456789"'];
    for (let i = 1; i < 40; i++) lines.push(`  s${i} = "\${local.s${i - 1}}\${local.s${i - 1}}"`);
    lines.push('}', 'x = local.s39', 'y = upper(local.s39)', 'z = join(",", [local.s16, local.s16, local.s16])', 'w = indent(8, local.s16)');
    const values = evaluateAll(`${lines.join('\n')}\n`);
    for (const [name, value] of values) {
      if (value.kind === 'scalar' && typeof value.value === 'string') expect(value.value.length, name).toBeLessThanOrEqual(MAX_STRING_LENGTH);
    }
    expect(values.get('x')?.kind).toBe('opaque');
    expect(values.get('local.s5')?.kind).toBe('scalar');
  });

  it('nested loops over big lists run out of work and are unknown', () => {
    const text = `locals {\n  l = [${Array(150).fill('"a"').join(', ')}]\n  m = [for a in local.l : [for b in local.l : [for c in local.l : "\${a}\${b}\${c}"]]]\n}\nx = local.m\n`;
    expect(evaluateAll(text).get('x')?.kind).toBe('opaque');
  });

  it('long chains of locals, in any order, and values nested too deep', () => {
    const lines = ['locals {', '  c0 = ["x"]'];
    for (let i = 1; i < 2000; i++) lines.push(`  c${i} = [local.c${i - 1}, "y"]`);
    lines.push('}', 'x = yamlencode(local.c1999)', 'y = flatten(local.c1999)', 'z = "${jsonencode(local.c1999)}!"');
    const text = `${lines.join('\n')}\n`;
    const { file } = parseTfFile('main.tf', text);
    const scope = moduleScope([file]);
    for (const attribute of file.body.attributes) {
      const value = evaluate(attribute.expr, file, scope);
      expect(depthOf(value)).toBeLessThanOrEqual(101);
    }
    // Evaluated from the other end, the chain is cut just the same.
    for (const name of scope.localNames()) expect(depthOf(must(scope.local(name)))).toBeLessThanOrEqual(101);
  });

  it('deeply nested expressions', () => {
    const text = `x = ${'['.repeat(190)}1${']'.repeat(190)}\ny = ${'('.repeat(190)}1${')'.repeat(190)}\nz = ${'"${'.repeat(60)}"a"${'}"'.repeat(60)}\nw = ${'lower('.repeat(150)}"A"${')'.repeat(150)}\n`;
    const values = evaluateAll(text);
    expect(values.get('y')).toMatchObject({ kind: 'scalar', value: 1 });
    expect(values.get('z')).toMatchObject({ kind: 'scalar', value: 'a' });
    expect(depthOf(must(values.get('x')))).toBeLessThanOrEqual(101);
  });

  it('evaluation errors (Terraform would fail) are unknown values', () => {
    const text = [
      'x1 = 1 / 0',
      'x2 = "a" + 1',
      'x3 = [1][5]',
      'x4 = { a = 1 }.b',
      'x5 = null',
      'x6 = { for k, v in { a = 1, b = 2 } : "same" => v }',
      'x7 = [for x in "str" : x]',
      'x8 = format("%s")',
      'x9 = element([], 0)',
      'x10 = lookup({}, "x")',
      'x11 = "a${[1]}"',
      'x12 = "a${null}"',
      'x13 = concat("a")',
      'x14 = merge(["a"])',
      'x15 = 1 ? 2 : 3',
      'x16 = jsonencode()',
      'x17 = split()',
      'x18 = local',
      'x19 = zipmap(["a"], [])',
      'x20 = [1, 2][-1]',
      '',
    ].join('\n');
    const values = evaluateAll(text);
    for (const [name, value] of values) {
      if (name === 'x5') expect(value).toMatchObject({ kind: 'scalar', value: null });
      else expect(value.kind, name).toBe('opaque');
    }
  });

  it('broken syntax still evaluates what was parsed', () => {
    for (const text of ['x = [for\n', 'y = {{{\n', 'z = "${\n', 'locals {\n  a = local.\n}\nb = local.a\n', 'w = <<EOT\nno end\n', '\u0000\uFFFF = 1\n']) {
      const values = evaluateAll(text);
      for (const value of values.values()) {
        walkNodes(value, (n) => {
          expect(n.span.startOffset).toBeLessThanOrEqual(n.span.endOffset);
        });
      }
    }
  });
});
