import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseHcl, type Range } from '../../src/hcl/index.js';
import { anyText, hclSoup, RUNS, terraformFile } from './arbitraries.js';

/** Every `range`-like field of every node of a tree (ranges, nameRange, typeRange...), found without recursion. */
function allRanges(root: unknown): Range[] {
  const ranges: Range[] = [];
  const seen = new Set<object>();
  const stack: unknown[] = [root];
  for (let node = stack.pop(); node !== undefined || stack.length > 0; node = stack.pop()) {
    if (node === null || typeof node !== 'object' || seen.has(node)) continue;
    seen.add(node);
    const record = node as Record<string, unknown>;
    if (typeof record.start === 'number' && typeof record.end === 'number') ranges.push({ start: record.start, end: record.end });
    for (const value of Object.values(record)) if (value !== null && typeof value === 'object') stack.push(value);
  }
  return ranges;
}

function parsesWithin(text: string): void {
  const { body, errors, comments } = parseHcl(text);
  expect(errors.filter((e) => e.message.startsWith('internal HCL parser error'))).toEqual([]);
  for (const range of [...allRanges(body), ...errors.map((e) => e.range), ...comments.map((c) => c.range)]) {
    expect(range.start).toBeGreaterThanOrEqual(0);
    expect(range.end).toBeGreaterThanOrEqual(range.start);
    expect(range.end).toBeLessThanOrEqual(text.length);
  }
}

describe('HCL parser on any input: no exception, no internal error, every node range inside the text', () => {
  it('arbitrary text', () => {
    fc.assert(fc.property(anyText, parsesWithin), RUNS);
  });

  it('token soup: braces, brackets, templates, heredocs, comments', () => {
    fc.assert(fc.property(hclSoup, parsesWithin), { ...RUNS, numRuns: 400 });
  });

  it('mutated Terraform modules', () => {
    fc.assert(fc.property(terraformFile, parsesWithin), RUNS);
  });

  it('nesting 100,000 levels deep is an error at the level that is too deep, not a stack overflow', () => {
    const deep = 100_000;
    const cases = {
      parentheses: `x = ${'('.repeat(deep)}1${')'.repeat(deep)}\n`,
      brackets: `x = ${'['.repeat(deep)}${']'.repeat(deep)}\n`,
      objects: `x = ${'{a = '.repeat(deep)}1${'}'.repeat(deep)}\n`,
      blocks: `${'b {\n'.repeat(deep)}${'}\n'.repeat(deep)}`,
      templates: `x = "${'${"'.repeat(deep)}${'"}'.repeat(deep)}"\n`,
      directives: `x = "${'%{ if true }'.repeat(deep)}${'%{ endif }'.repeat(deep)}"\n`,
      unclosed: `x = ${'[{('.repeat(deep)}\n`,
    };
    for (const [name, text] of Object.entries(cases)) {
      const { errors } = parseHcl(text);
      expect(errors[0]?.message, name).toMatch(/nest/);
      parsesWithin(text);
    }
  });
});
