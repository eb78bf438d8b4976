import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { runEngine } from '../src/engine.js';

const ROOT = join(import.meta.dirname, '..');
const RULES_DIR = join(ROOT, 'rules');
const folders = readdirSync(RULES_DIR).filter((f) => statSync(join(RULES_DIR, f)).isDirectory()).sort();

/** RULES.md sections this release implements: aws-auth (A-D), access entries and clusters (E, F), eksctl (G), files (H), kubeconfig (I). */
const CONTRACT_SECTIONS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I'];
/** Contract rules for carriers not read yet (Terraform). */
const LATER = new Set<string>([]);

describe('rule catalog', () => {
  it('lists every rule folder exactly once, sorted', () => {
    expect(rules.map((r) => r.id)).toEqual(folders);
  });

  it('implements every id of the contract sections in scope', () => {
    const spec = readFileSync(join(ROOT, '..', 'shared', 'spec', 'RULES.md'), 'utf8');
    const ids: string[] = [];
    for (const section of spec.split(/^## /m)) {
      if (!CONTRACT_SECTIONS.includes(section.charAt(0))) continue;
      for (const match of section.matchAll(/^\| `([a-z0-9-]+)` \| (error|warning|note) \|/gm)) ids.push(match[1] ?? '');
    }
    const expected = ids.filter((id) => !LATER.has(id));
    expect(expected.length).toBeGreaterThan(25);
    const implemented = new Set(rules.map((r) => r.id));
    expect(expected.filter((id) => !implemented.has(id))).toEqual([]);
    for (const id of expected) {
      const level = new RegExp(`^\\| \`${id}\` \\| (error|warning|note) \\|`, 'm').exec(spec)?.[1];
      expect(rules.find((r) => r.id === id)?.level, id).toBe(level);
    }
  });

  it('gives security rules a numeric security-severity and no one else', () => {
    for (const rule of rules) {
      if (rule.tags.includes('security')) {
        const score = Number(rule.securitySeverity);
        expect(score, rule.id).toBeGreaterThan(0);
        expect(score, rule.id).toBeLessThanOrEqual(10);
      } else {
        expect(rule.securitySeverity, rule.id).toBeUndefined();
      }
    }
  });
});

describe.each(rules.map((r) => [r.id, r] as const))('%s doc page', (id, rule) => {
  const readDoc = (): string => readFileSync(join(RULES_DIR, id, 'README.md'), 'utf8');

  it('has the fixed structure and the summary as its first paragraph', () => {
    const lines = readDoc().split('\n');
    expect(lines[0]).toBe(`# ${id}`);
    expect(lines[2]).toBe(rule.summary);
    const headings = lines.filter((l) => l.startsWith('## ') || l.startsWith('### '));
    expect(headings).toEqual(['## Why', '## Examples', '### Invalid', '### Valid', '## How to fix', '## References']);
  });

  it('has examples that behave as labelled', () => {
    const doc = readDoc();
    for (const [label, expectFindings] of [['Invalid', true], ['Valid', false]] as const) {
      const block = new RegExp(`### ${label}\\n\\n\`\`\`(yaml|json|hcl)\\n([\\s\\S]*?)\`\`\``).exec(doc);
      expect(block, `${label} example block`).not.toBeNull();
      const extension = block?.[1] === 'hcl' ? 'tf' : (block?.[1] ?? 'yaml');
      const result = runEngine([{ path: `example.${extension}`, content: block?.[2] ?? '', explicit: true }], { rules: [rule] });
      expect(result.findings.length > 0, `${label} example`).toBe(expectFindings);
    }
  });
});
