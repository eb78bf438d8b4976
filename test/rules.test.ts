import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { runEngine } from '../src/engine.js';
import type { Finding } from '../src/rule.js';
import { markersIn, markersInSidecar, type Expectation } from './helpers/markers.js';

const RULES_DIR = join(import.meta.dirname, '..', 'rules');

/** Each fixture is linted with only its own rule; the findings must equal the markers exactly. */
describe.each(rules.map((r) => [r.id, r] as const))('%s fixtures', (id, rule) => {
  const dir = join(RULES_DIR, id, 'fixtures');
  const fixtures = existsSync(dir) ? readdirSync(dir).filter((f) => /\.(valid|invalid)(\.|$)/.test(f) && !f.endsWith('.expect')).sort() : [];

  it('has valid and invalid fixtures', () => {
    expect(fixtures.some((f) => /\.invalid(\.|$)/.test(f))).toBe(true);
    expect(fixtures.some((f) => /\.valid(\.|$)/.test(f))).toBe(true);
  });

  // A fixture is a file, or a directory whose files are linted together (for rules that read several files).
  it.each(fixtures)('%s', (fixture) => {
    const files = filesOf(join(dir, fixture)).map((path) => {
      const content = readFileSync(path);
      const display = relative(join(RULES_DIR, '..'), path).split('\\').join('/');
      const markers = existsSync(`${path}.expect`) ? markersInSidecar(readFileSync(`${path}.expect`, 'utf8')) : markersIn(content.toString('utf8'));
      return { display, content, markers };
    });
    const expected = files.flatMap((f) => f.markers.map((m) => ({ ...m, file: f.display })));
    const result = runEngine(files.map((f) => ({ path: f.display, content: f.content, explicit: true })), { rules: [rule] });
    if (/\.valid(\.|$)/.test(fixture)) {
      expect(expected, 'valid fixtures carry no markers').toEqual([]);
      // A valid fixture that was skipped (say, mistaken for a template) would pass without being checked.
      const linted = result.files.filter((f) => f.status === 'linted');
      if (id !== 'parse-error') expect(linted.length, 'valid fixtures are linted').toBeGreaterThan(0);
      expect(result.findings.map(show)).toEqual([]);
      return;
    }
    expect(expected.length, 'invalid fixtures carry at least one marker').toBeGreaterThan(0);
    expect(unmatched(result.findings, expected)).toEqual({ unexpected: [], missing: [] });
  });
});

function filesOf(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).sort().filter((f) => !f.endsWith('.expect')).flatMap((f) => filesOf(join(path, f)));
}

function show(f: Finding): string {
  return `${f.span.file}:${f.span.start.line}:${f.span.start.column}-${f.span.end.line}:${f.span.end.column} ${f.ruleId} ${f.message}`;
}

function matches(f: Finding, e: Expectation & { file: string }): boolean {
  return (
    f.span.file === e.file &&
    f.ruleId === e.ruleId &&
    f.span.start.line === e.line &&
    f.span.start.column === e.column &&
    (e.endColumn === undefined || (f.span.end.line === e.line && f.span.end.column === e.endColumn)) &&
    (e.text === undefined || f.message.includes(e.text))
  );
}

function unmatched(findings: readonly Finding[], expected: readonly (Expectation & { file: string })[]): { unexpected: string[]; missing: string[] } {
  const remaining = [...findings];
  const missing: string[] = [];
  for (const e of expected) {
    const index = remaining.findIndex((f) => matches(f, e));
    if (index < 0) missing.push(`${e.file}:${e.line}:${e.column}${e.endColumn === undefined ? '' : `-${e.endColumn}`} ${e.ruleId}${e.text === undefined ? '' : ` "${e.text}"`}`);
    else remaining.splice(index, 1);
  }
  return { unexpected: remaining.map(show), missing };
}
