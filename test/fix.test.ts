import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyFixes } from '../src/fix/apply.js';
import { fixInMemory, renderDiff, writeFixed } from '../src/fix/cli.js';
import { diffLines, splitLines, unifiedDiff } from '../src/fix/diff.js';
import { encodeStored, readStored } from '../src/fix/encoding.js';
import { format, lint } from '../src/index.js';
import type { Fix } from '../src/rule.js';
import { LineIndex } from '../src/span.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'fix');
const FIXABLE = ['assumed-role-arn', 'aws-auth-location', 'embedded-yaml-syntax', 'field-key-case', 'non-string-value', 'role-arn-path'];
/** Fixture files with their expected fixed text beside them (`NAME.fixed`). */
const FIXED = ['bom.yaml', 'crlf.yaml', 'eksctl.yaml', 'kubectl-output.json', 'manifest.yaml', 'terraform/main.tf'];
/** Fixture files whose findings have no safe fix. */
const NOT_FIXABLE = ['not-fixable.yaml', 'terraform-local/main.tf'];

/** A fresh copy of the fixtures, since --fix writes in place. */
function copyFixtures(): string {
  const dir = mkdtempSync(join(tmpdir(), 'eal-fix-'));
  cpSync(FIXTURES, dir, { recursive: true, filter: (source) => !source.endsWith('.fixed') });
  return dir;
}

async function fixDirectory(cwd: string) {
  const first = await lint({ cwd, paths: ['.'] });
  return { first, outcome: await fixInMemory({ cwd, first, options: {} }) };
}

function fixOf(file: string, text: string, start: number, end: number, replacement: string, description = `edit ${start}`): Fix {
  return { description, edits: [{ span: new LineIndex(file, text).span(start, end), text: replacement }] };
}

describe('applyFixes', () => {
  const text = 'abcdefghij';

  it('applies edits of the original text, whatever order they come in', () => {
    const fixes = [fixOf('f', text, 8, 10, 'IJ'), fixOf('f', text, 0, 1, ''), fixOf('f', text, 4, 4, '--')];
    expect(applyFixes('f', text, fixes).text).toBe('bcd--efghIJ');
  });

  it('leaves a fix that overlaps an accepted one for the next pass, and two insertions at one place too', () => {
    const first = fixOf('f', text, 2, 5, 'X');
    const overlapping = fixOf('f', text, 4, 6, 'Y');
    const insertA = fixOf('f', text, 8, 8, '1');
    const insertB = fixOf('f', text, 8, 8, '2');
    const result = applyFixes('f', text, [overlapping, insertB, first, insertA]);
    expect(result.text).toBe('abXfgh1ij');
    expect(result.applied).toEqual([first, insertA]);
    expect(result.deferred).toEqual([overlapping, insertB]);
  });

  it('applies all edits of a fix or none, and ignores fixes of other files or beyond the text', () => {
    const two = (a: Fix, b: Fix): Fix => ({ description: `${a.description} and ${b.description}`, edits: [...a.edits, ...b.edits] });
    const accepted = two(fixOf('f', text, 1, 2, 'B'), fixOf('f', text, 6, 7, 'G'));
    const clashing = two(fixOf('f', text, 3, 4, 'D'), fixOf('f', text, 6, 8, 'Z'));
    const result = applyFixes('f', text, [clashing, accepted]);
    expect(result.text).toBe('aBcdefGhij');
    expect(result.deferred).toEqual([clashing]);
    expect(applyFixes('f', text, [fixOf('g', text, 0, 1, 'A'), fixOf('f', 'x'.repeat(20), 15, 16, 'B')]).text).toBe(text);
  });
});

describe('unified diff', () => {
  it('prints hunks with three lines of context and the usual headers', () => {
    const before = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12'].map((l) => `${l}\n`).join('');
    const after = before.replace('2\n', 'two\n').replace('11\n', '11\neleven\n');
    expect(unifiedDiff('dir/a.yaml', before, after)).toBe(
      '--- a/dir/a.yaml\n+++ b/dir/a.yaml\n' +
        '@@ -1,5 +1,5 @@\n 1\n-2\n+two\n 3\n 4\n 5\n' +
        '@@ -9,4 +9,5 @@\n 9\n 10\n 11\n+eleven\n 12\n',
    );
  });

  it('merges changes whose context meets, keeps CR in lines and marks a last line without a line break', () => {
    expect(unifiedDiff('a', 'x\r\ny\r\nz', 'x\r\nY\r\nz')).toBe('--- a/a\n+++ b/a\n@@ -1,3 +1,3 @@\n x\r\n-y\r\n+Y\r\n z\n\\ No newline at end of file\n');
    expect(unifiedDiff('a', '', 'new\n')).toBe('--- a/a\n+++ b/a\n@@ -0,0 +1 @@\n+new\n');
    expect(unifiedDiff('a', 'same\n', 'same\n')).toBe('');
  });

  it('finds a shortest edit script (property: it rebuilds both texts and matches the LCS length)', () => {
    const lines = fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 14 });
    fc.assert(
      fc.property(lines, lines, (a, b) => {
        const ops = diffLines(a, b);
        expect(ops.filter((op) => op.kind !== 'insert').map((op) => a[op.oldIndex])).toEqual(a);
        expect(ops.filter((op) => op.kind !== 'delete').map((op) => b[op.newIndex])).toEqual(b);
        for (const op of ops) if (op.kind === 'equal') expect(a[op.oldIndex]).toBe(b[op.newIndex]);
        expect(ops.filter((op) => op.kind === 'equal').length).toBe(lcsLength(a, b));
      }),
      { numRuns: 300 },
    );
  });

  it('splits lines keeping their endings', () => {
    expect(splitLines('a\r\nb\nc')).toEqual(['a\r\n', 'b\n', 'c']);
    expect(splitLines('')).toEqual([]);
  });
});

describe('encodings', () => {
  it('writes text back with the byte order mark and byte order it was read with', () => {
    for (const bytes of [Buffer.from('\uFEFFa: 1\n'), Buffer.from('\uFEFFa: 1\n', 'utf16le'), Buffer.from('\uFEFFa: 1\n', 'utf16le').swap16(), Buffer.from('a: 1\r\n')]) {
      const stored = readStored('f.yaml', bytes);
      expect(stored?.text.startsWith('a: 1')).toBe(true);
      expect(stored === undefined ? undefined : encodeStored(stored.text, stored.encoding)).toEqual(bytes);
    }
    expect(readStored('f.yaml', Buffer.from([0x61, 0, 0x62]))).toBeUndefined();
  });
});

describe('--fix over the fixtures', () => {
  it('offers fixes for every fixable rule, and none where the text is not written one for one', async () => {
    const { first } = await fixDirectory(copyFixtures());
    const withFix = new Set(first.findings.filter((f) => f.fix !== undefined).map((f) => f.ruleId));
    expect([...withFix].sort()).toEqual(FIXABLE);
    const notFixable = first.findings.filter((f) => NOT_FIXABLE.includes(f.span.file) && FIXABLE.includes(f.ruleId));
    expect(notFixable.map((f) => f.ruleId).sort()).toEqual(['assumed-role-arn', 'aws-auth-location', 'non-string-value', 'non-string-value', 'role-arn-path', 'role-arn-path', 'role-arn-path']);
    expect(notFixable.filter((f) => f.fix !== undefined)).toEqual([]);
  });

  it('produces exactly the expected files: comments, quoting, indentation, CRLF and BOM kept', async () => {
    const cwd = copyFixtures();
    const { outcome } = await fixDirectory(cwd);
    expect(outcome.files.map((f) => f.path)).toEqual([...FIXED].sort());
    await writeFixed(outcome, cwd);
    for (const name of FIXED) expect(readFileSync(join(cwd, name)), name).toEqual(readFileSync(join(FIXTURES, `${name}.fixed`)));
    for (const name of NOT_FIXABLE) expect(readFileSync(join(cwd, name)), name).toEqual(readFileSync(join(FIXTURES, name)));
  });

  it('leaves no finding of a fixed rule behind, and a second run changes nothing', async () => {
    const cwd = copyFixtures();
    const { outcome } = await fixDirectory(cwd);
    await writeFixed(outcome, cwd);
    const again = await fixDirectory(cwd);
    const left = again.first.findings.filter((f) => FIXABLE.includes(f.ruleId) && !NOT_FIXABLE.includes(f.span.file));
    expect(left).toEqual([]);
    expect(again.outcome.files).toEqual([]);
    expect(renderDiff(again.outcome)).toBe('');
  });

  it('takes more passes when one fix uncovers the next (a quoted template lets the rest of the block load)', async () => {
    const { outcome } = await fixDirectory(copyFixtures());
    expect(outcome.passes).toBeGreaterThanOrEqual(2);
    const heredoc = outcome.files.find((f) => f.path === 'terraform/main.tf')?.text ?? '';
    expect(heredoc).toContain('        username: "{{SessionName}}"\n        groups:\n          - "yes"\n');
  });

  it('does not fix a finding that a directive suppresses', async () => {
    const content = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws-auth\n  namespace: kube-system\ndata:\n  mapRoles: |\n' +
      '    # eks-auth-lint-disable-next-line role-arn-path -- the path is stripped by our deploy tooling\n' +
      '    - rolearn: arn:aws:iam::210987654321:role/team/a\n      username: a\n      groups:\n        - a\n';
    const first = await lint({ files: [{ path: 'a.yaml', content }] });
    expect(first.findings.find((f) => f.ruleId === 'role-arn-path')?.fix).toBeDefined();
    const outcome = await fixInMemory({ cwd: process.cwd(), first, options: {}, stdin: { path: 'a.yaml', content: Buffer.from(content) } });
    expect(outcome.files).toEqual([]);
  });
});

describe('fixes in reports', () => {
  it('json lists each fix with its edits; sarif carries them as fixes with replacements', async () => {
    const result = await lint({ cwd: FIXTURES, paths: ['eksctl.yaml', 'crlf.yaml'] });
    const json = JSON.parse(format('json', result)) as { findings: { ruleId: string; fix?: unknown }[] };
    expect(json.findings.find((f) => f.ruleId === 'role-arn-path' && f.fix !== undefined)?.fix).toEqual({
      description: 'Remove the path "/ci/" from the role ARN.',
      edits: [{ file: 'eksctl.yaml', line: 8, column: 41, endLine: 8, endColumn: 44, text: '' }],
    });
    const sarif = JSON.parse(format('sarif', result)) as { runs: { results: { ruleId: string; fixes?: unknown }[] }[] };
    const location = sarif.runs[0]?.results.find((r) => r.ruleId === 'aws-auth-location')?.fixes;
    expect(location).toEqual([
      {
        description: { text: 'Add namespace kube-system to the metadata.' },
        artifactChanges: [
          {
            artifactLocation: { uri: 'test/fixtures/fix/crlf.yaml', uriBaseId: '%SRCROOT%' },
            replacements: [{ deletedRegion: { startLine: 5, startColumn: 1, endLine: 5, endColumn: 1 }, insertedContent: { text: '  namespace: kube-system\r\n' } }],
          },
        ],
      },
    ]);
  });
});

function lcsLength(a: readonly string[], b: readonly string[]): number {
  const table = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      const row = table[i] ?? [];
      row[j] = a[i] === b[j] ? (table[i + 1]?.[j + 1] ?? 0) + 1 : Math.max(table[i + 1]?.[j] ?? 0, row[j + 1] ?? 0);
    }
  }
  return table[0]?.[0] ?? 0;
}
