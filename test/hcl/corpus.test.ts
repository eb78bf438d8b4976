import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseHcl, textToSource, type Body, type Expression, type Range, type TemplatePart } from '../../src/hcl/index.js';
import { lineCol } from './helpers.js';

const CORPUS = join(import.meta.dirname, '..', '..', '..', 'shared', 'corpus', 'realworld', 'terraform');
const files = readdirSync(CORPUS)
  .filter((f) => f.endsWith('.tf'))
  .sort()
  .map((name) => ({ name, text: readFileSync(join(CORPUS, name), 'utf8') }));

/** Checks ranges (inside the parent, in the text), names against their source, and template maps. */
function checkBody(text: string, body: Body, parent: Range, problems: string[]): void {
  const within = (r: Range, outer: Range, what: string): void => {
    if (!(r.start >= outer.start && r.end <= outer.end && r.start <= r.end)) problems.push(`${what} ${JSON.stringify(r)} is outside ${JSON.stringify(outer)} at ${lineCol(text, r.start)}`);
  };
  const same = (r: Range, expected: string, what: string): void => {
    if (text.slice(r.start, r.end) !== expected) problems.push(`${what} at ${lineCol(text, r.start)} reads ${JSON.stringify(text.slice(r.start, r.end))}, not ${JSON.stringify(expected)}`);
  };
  within(body.range, parent, 'body');
  for (const item of body.items) {
    within(item.range, body.range, item.kind);
    if (item.kind === 'attribute') {
      same(item.nameRange, item.name, 'attribute name');
      expression(item.expr, item.range);
    } else {
      same(item.typeRange, item.type, 'block type');
      for (const label of item.labels) {
        within(label.range, item.range, 'label');
        if (!label.quoted) same(label.range, label.value, 'label');
      }
      checkBody(text, item.body, item.range, problems);
    }
  }

  function parts(list: readonly TemplatePart[], outer: Range): void {
    for (const part of list) {
      within(part.range, outer, `template ${part.kind}`);
      switch (part.kind) {
        case 'text':
          for (let i = 0; i < part.value.length; i++) {
            const at = textToSource(part, i);
            const ch = text.charAt(at);
            // Escapes map to their first character: \ for \n, $ for $${, % for %%{.
            if (ch !== part.value.charAt(i) && ch !== '\\' && ch !== '$' && ch !== '%') {
              problems.push(`template text char ${i} of ${JSON.stringify(part.value)} maps to ${JSON.stringify(ch)} at ${lineCol(text, at)}`);
              break;
            }
          }
          break;
        case 'interpolation':
          expression(part.expr, part.range);
          break;
        case 'if':
          expression(part.condition, part.range);
          parts(part.then, part.range);
          parts(part.else ?? [], part.range);
          break;
        case 'for':
          expression(part.collection, part.range);
          parts(part.body, part.range);
          break;
      }
    }
  }

  function expression(e: Expression, outer: Range): void {
    within(e.range, outer, e.kind);
    const sub = (child: Expression | undefined): void => {
      if (child !== undefined) expression(child, e.range);
    };
    switch (e.kind) {
      case 'template':
        within(e.contentRange, e.range, 'template content');
        parts(e.parts, e.range);
        break;
      case 'tuple':
        e.items.forEach(sub);
        break;
      case 'object':
        for (const item of e.items) {
          within(item.range, e.range, 'object item');
          sub(item.key);
          sub(item.value);
          if (item.key.kind === 'variable') same(item.key.range, item.keyName ?? '', 'object key');
        }
        break;
      case 'call':
        e.args.forEach(sub);
        if (!e.name.includes('::')) same(e.nameRange, e.name, 'function name');
        break;
      case 'for':
        [e.collection, e.keyExpr, e.valueExpr, e.condition].forEach(sub);
        same(e.valueVar.range, e.valueVar.name, 'for variable');
        break;
      case 'conditional':
        [e.condition, e.trueExpr, e.falseExpr].forEach(sub);
        break;
      case 'binary':
        [e.left, e.right].forEach(sub);
        same(e.operatorRange, e.operator, 'operator');
        break;
      case 'unary':
        sub(e.operand);
        break;
      case 'parens':
        sub(e.expr);
        break;
      case 'getattr':
        sub(e.object);
        same(e.nameRange, e.name, 'attribute access');
        break;
      case 'index':
        [e.object, e.key].forEach(sub);
        break;
      case 'splat':
        [e.source, e.each].forEach(sub);
        break;
      case 'variable':
        same(e.range, e.name, 'variable');
        break;
      case 'literal':
      case 'splat-item':
        break;
    }
  }
}

describe('real-world Terraform corpus', () => {
  it('has files to read', () => {
    expect(files.length).toBeGreaterThan(40);
  });

  it.each(files.map((f) => [f.name, f.text]))('%s parses with zero errors', (name, text) => {
    const result = parseHcl(text);
    expect(result.errors.map((e) => `${name}:${lineCol(text, e.range.start)} ${e.message}`)).toEqual([]);
    expect(result.body.items.length).toBeGreaterThan(0);
    const problems: string[] = [];
    checkBody(text, result.body, { start: 0, end: text.length }, problems);
    expect(problems).toEqual([]);
  });

  it('a damaged copy of every file (cut short, or missing a character) still gives errors, never an exception', () => {
    let seed = 42;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (const { text } of files) {
      for (let round = 0; round < 8; round++) {
        const at = random(text.length);
        const damaged = round % 2 === 0 ? text.slice(0, at) : text.slice(0, at) + text.slice(at + 1);
        const result = parseHcl(damaged);
        for (const e of result.errors) {
          expect(e.message).not.toContain('internal');
          expect(e.range.start >= 0 && e.range.start <= e.range.end && e.range.end <= damaged.length).toBe(true);
        }
        const problems: string[] = [];
        checkBody(damaged, result.body, { start: 0, end: damaged.length }, problems);
        expect(problems).toEqual([]);
      }
    }
  });
});
