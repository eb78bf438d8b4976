import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { renderRuleIndex } from '../src/docs/rule-index.js';

const ROOT = join(import.meta.dirname, '..');

describe('documentation', () => {
  it('docs/rules.md is generated from the catalog (npx tsx scripts/gen-rule-docs.ts)', () => {
    expect(readFileSync(join(ROOT, 'docs', 'rules.md'), 'utf8')).toBe(renderRuleIndex());
  });

  it('the README states the number of rules there are', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(/^(\d+) rules, each with a page/m.exec(readme)?.[1]).toBe(String(rules.length));
  });

  it('the README Quick start has exactly two commands: run on examples/, and the test suite', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const quickStart = /## Quick start\n([\s\S]*?)\n## /.exec(readme)?.[1] ?? '';
    const commands = [...quickStart.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => (m[1] ?? '').trim());
    expect(commands).toEqual(['npm ci && node dist/src/cli.js examples/', 'npm ci && npm test']);
    const ci = readFileSync(join(ROOT, '.ci', 'run'), 'utf8');
    expect(ci).toContain('npm ci');
    expect(ci).toContain('npm test');
  });
});
