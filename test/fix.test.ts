import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyFixes } from '../src/fix/apply.js';
import { fixInMemory, renderDiff, writeFixed } from '../src/fix/cli.js';
import { diffLines, splitLines, unifiedDiff } from '../src/fix/diff.js';
import { anchorUsedOutside } from '../src/fix/edits.js';
import { encodeStored, readStored } from '../src/fix/encoding.js';
import { fixUntilStable } from '../src/fix/session.js';
import { format, lint, type LintResult } from '../src/index.js';
import type { Finding, Fix } from '../src/rule.js';
import { LineIndex } from '../src/span.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'fix');
const FIXABLE = ['assumed-role-arn', 'aws-auth-location', 'embedded-yaml-syntax', 'field-key-case', 'non-string-value', 'role-arn-path'];
/** Fixture files with their expected fixed text beside them (`NAME.fixed`). */
const FIXED = ['bom.yaml', 'crlf.yaml', 'eksctl.yaml', 'kubectl-output.json', 'manifest.yaml', 'terraform/main.tf'];
/** Fixture files whose findings have no safe fix. */
const NOT_FIXABLE = ['not-fixable.yaml', 'terraform-local/main.tf'];

/** Hostile inputs, one directory per case, linted on their own (see the '--fix on hostile inputs' tests). */
const HOSTILE = join(FIXTURES, 'hostile');

/** A fresh copy of the fixtures, since --fix writes in place. */
function copyFixtures(): string {
  const dir = mkdtempSync(join(tmpdir(), 'eal-fix-'));
  cpSync(FIXTURES, dir, { recursive: true, filter: (source) => !source.endsWith('.fixed') && source !== HOSTILE && !source.startsWith(HOSTILE + sep) });
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

describe('applyFixes (property)', () => {
  it('applies a greedy set of fixes that never overlap, defers only clashing ones, and edits the text as the edits say', () => {
    const text = 'abcdefghijklmnopqrstuvwxyz';
    const lines = new LineIndex('f', text);
    const edit = fc.tuple(fc.nat(26), fc.nat(3), fc.constantFrom('', 'X', 'YY')).map(([start, length, replacement]) => ({ span: lines.span(start, Math.min(26, start + length)), text: replacement }));
    const clash = (a: Fix['edits'][number], b: Fix['edits'][number]): boolean =>
      a.span.startOffset === b.span.startOffset || (a.span.startOffset < b.span.endOffset && b.span.startOffset < a.span.endOffset);
    fc.assert(
      fc.property(fc.array(fc.array(edit, { minLength: 1, maxLength: 3 }), { maxLength: 10 }), (raw) => {
        const fixes: Fix[] = raw.map((edits, i) => ({ description: `fix ${i}`, edits }));
        const result = applyFixes('f', text, fixes);
        expect([...result.applied, ...result.deferred].length).toBe(fixes.length);
        const accepted = result.applied.flatMap((f) => f.edits);
        expect(accepted.some((a, i) => accepted.slice(i + 1).some((b) => clash(a, b)))).toBe(false);
        for (const fix of result.deferred) {
          const selfClash = fix.edits.some((a, i) => fix.edits.slice(i + 1).some((b) => clash(a, b)));
          expect(selfClash || fix.edits.some((e) => accepted.some((a) => clash(a, e)))).toBe(true);
        }
        const expected = [...accepted].sort((a, b) => b.span.startOffset - a.span.startOffset).reduce((t, e) => t.slice(0, e.span.startOffset) + e.text + t.slice(e.span.endOffset), text);
        expect(result.text).toBe(expected);
      }),
      { numRuns: 500 },
    );
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

/**
 * What each hostile case leaves to the user after --fix, as `rule@line:column` of the fixed files: findings
 * of fixable rules whose fix would not be safe or exact there.
 */
const LEFT_AFTER_FIX: Readonly<Record<string, readonly string[]>> = {
  // Fixing both paths would let role/sso/admin (viewers) override role/admin (system:masters), and two mappings collapse into one.
  collisions: ['role-arn-path@11:16', 'role-arn-path@14:16', 'assumed-role-arn@17:16'],
  'double-quoted': ['embedded-yaml-syntax@11:5'],
  // Renaming Username beside username would write a duplicate key.
  'duplicate-keys': ['field-key-case@12:7'],
  // The access entry's principalARN aliases the anchored ARN of the identity mapping: removing the path would change both.
  'eksctl-anchor-outside': ['role-arn-path@7:17'],
  // A written but empty namespace: adding one would make a duplicate key.
  'empty-namespace': ['aws-auth-location@4:9', 'aws-auth-location@15:9', 'aws-auth-location@26:9'],
  flow: ['aws-auth-location@3:18'],
  // A flow mapping opened on the line before: quoting to the end of the line would swallow its closing brace.
  'flow-multiline': ['embedded-yaml-syntax@12:17'],
  // Named aws-auth-backup: it may belong to something else, so it is not moved to kube-system.
  'other-name': ['aws-auth-location@4:9', 'aws-auth-location@4:9'],
  // JSON escapes (\u0070, \/) inside the value: the characters are not written one for one.
  'json-escapes': ['role-arn-path@1:127', 'non-string-value@1:248', 'role-arn-path@1:282'],
  // {{SessionName}}'s"x holds both quote characters.
  'template-values': ['embedded-yaml-syntax@18:7'],
  // yamlencode writes 012, 1.5e3, 1.0, -0 and 1e400 otherwise than written; null groups; UserName beside username.
  'terraform-literals': [
    'non-string-value@7:87', 'non-string-value@7:102', 'non-string-value@7:109', 'non-string-value@7:114', 'non-string-value@7:123',
    'non-string-value@11:74', 'non-string-value@11:77', 'non-string-value@11:83', 'field-key-case@23:123',
  ],
  // A local used elsewhere, interpolated text, a one-line metadata block.
  // mapRoles is a local that other resources may read: its role path is left alone.
  'terraform-shared-local': ['role-arn-path@5:16'],
  'terraform-templates': ['non-string-value@3:93', 'role-arn-path@13:12', 'non-string-value@15:15', 'aws-auth-location@26:21'],
};
const HOSTILE_CASES = readdirSync(HOSTILE).sort();

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? filesUnder(join(dir, name)) : [join(dir, name)]));
}

/** Runs --fix over a fresh copy of one hostile case, as the CLI does, and lints the result again. */
async function fixCase(name: string) {
  const cwd = mkdtempSync(join(tmpdir(), 'eal-fix-hostile-'));
  cpSync(join(HOSTILE, name), cwd, { recursive: true, filter: (source) => !source.endsWith('.fixed') });
  const { first, outcome } = await fixDirectory(cwd);
  await writeFixed(outcome, cwd);
  return { cwd, first, again: await fixDirectory(cwd) };
}

const syntaxErrors = (result: LintResult): Finding[] => result.findings.filter((f) => f.ruleId === 'parse-error' || f.ruleId === 'embedded-yaml-syntax');

/** The text a SARIF replacement list gives: regions by 1-based line and UTF-16 column, applied from the end. */
function applySarifReplacements(text: string, replacements: readonly SarifReplacement[]): string {
  const lines = new LineIndex('', text);
  const at = (line: number, column: number): number => lines.lineStart(line) + column - 1;
  const edits = replacements.map((r) => ({ start: at(r.deletedRegion.startLine, r.deletedRegion.startColumn), end: at(r.deletedRegion.endLine, r.deletedRegion.endColumn), text: r.insertedContent.text }));
  return edits.sort((a, b) => b.start - a.start).reduce((acc, e) => acc.slice(0, e.start) + e.text + acc.slice(e.end), text);
}

interface SarifReplacement {
  deletedRegion: { startLine: number; startColumn: number; endLine: number; endColumn: number };
  insertedContent: { text: string };
}

describe('--fix on hostile inputs', () => {
  it.each(HOSTILE_CASES)('%s: writes exactly the expected bytes (encoding, BOM, line endings, comments and quoting kept)', async (name) => {
    const { cwd } = await fixCase(name);
    const sources = filesUnder(join(HOSTILE, name)).filter((f) => !f.endsWith('.fixed'));
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      const file = relative(join(HOSTILE, name), source);
      const expected = existsSync(`${source}.fixed`) ? `${source}.fixed` : source;
      expect(readFileSync(join(cwd, file)), file).toEqual(readFileSync(expected));
    }
  });

  it.each(HOSTILE_CASES)('%s: re-lints with no fix pending, no new syntax error and only the expected findings left; a second run changes nothing', async (name) => {
    const { first, again } = await fixCase(name);
    expect(again.first.findings.filter((f) => f.fix !== undefined)).toEqual([]);
    expect(syntaxErrors(again.first).length).toBeLessThanOrEqual(syntaxErrors(first).length);
    const left = again.first.findings.filter((f) => FIXABLE.includes(f.ruleId)).map((f) => `${f.ruleId}@${f.span.start.line}:${f.span.start.column}`);
    expect(left).toEqual(LEFT_AFTER_FIX[name] ?? []);
    expect(again.outcome.files).toEqual([]);
  });

  it.each(HOSTILE_CASES)('%s: SARIF fixes, applied by line and UTF-16 column, make exactly the edits of the fix', async (name) => {
    const cwd = mkdtempSync(join(tmpdir(), 'eal-fix-sarif-'));
    cpSync(join(HOSTILE, name), cwd, { recursive: true, filter: (source) => !source.endsWith('.fixed') });
    const result = await lint({ cwd, paths: ['.'] });
    const sarif = JSON.parse(format('sarif', result)) as { runs: { results: { fixes?: { artifactChanges: { artifactLocation: { uri: string }; replacements: SarifReplacement[] }[] }[] }[] }[] };
    const results = sarif.runs[0]?.results ?? [];
    expect(results).toHaveLength(result.findings.length);
    let withFixes = 0;
    result.findings.forEach((finding, i) => {
      const change = results[i]?.fixes?.[0]?.artifactChanges;
      if (finding.fix === undefined) {
        expect(change).toBeUndefined();
        return;
      }
      withFixes++;
      const file = finding.fix.edits[0]?.span.file ?? '';
      const text = readStored(file, readFileSync(join(cwd, file)))?.text ?? '';
      expect(change).toHaveLength(1);
      expect(change?.[0]?.artifactLocation.uri.endsWith(file)).toBe(true);
      expect(applySarifReplacements(text, change?.[0]?.replacements ?? [])).toBe(applyFixes(file, text, [finding.fix]).text);
    });
    if (!['eksctl-anchor-outside', 'empty-namespace', 'flow-multiline', 'other-name'].includes(name)) expect(withFixes).toBeGreaterThan(0);
  });
});

describe('fix safety nets', () => {
  it('sees an anchor of a range aliased outside it, and only then', () => {
    const text = 'a:\n  - arn: &admin x\n    groups: &g [a]\n    more: *g\nb:\n  principal: *admin\n';
    const section = [text.indexOf('a:'), text.indexOf('b:')] as const;
    expect(anchorUsedOutside(text, ...section)).toBe(true);
    expect(anchorUsedOutside(text.replace('*admin', 'admin'), ...section)).toBe(false);
    // *administrator is another alias; a flow alias ends at its comma.
    expect(anchorUsedOutside(text.replace('*admin', '*administrator'), ...section)).toBe(false);
    expect(anchorUsedOutside(text.replace('principal: *admin', 'list: [*admin, b]'), ...section)).toBe(true);
  });

  it('drops a fix that is offered again, identically, after it was applied, instead of repeating it every pass', async () => {
    const text = 'name: a\n';
    const finding: Finding = { ruleId: 'r', level: 'error', message: 'm', span: new LineIndex('f.yaml', text).span(0, 4), related: [], fix: fixOf('f.yaml', text, 8, 8, 'x: 1\n', 'Add x.') };
    const result = { toolVersion: '0', cwd: '.', root: '.', findings: [finding], files: [], rules: [], unmatched: [] } satisfies LintResult;
    let relints = 0;
    const relint = (): Promise<LintResult> => {
      relints++;
      return Promise.resolve(result);
    };
    const outcome = await fixUntilStable(result, () => Promise.resolve({ text, encoding: 'utf8' }), relint);
    expect(outcome.files.map((f) => f.text)).toEqual(['name: a\nx: 1\n']);
    expect(outcome.applied).toBe(1);
    expect(relints).toBe(1);
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
