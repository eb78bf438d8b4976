import { describe, expect, it } from 'vitest';
import type { LintResult } from '../src/index.js';
import { format } from '../src/index.js';
import { stepSummary } from '../src/report/github.js';

const span = (file: string, line: number, column: number, endColumn: number) => ({
  file, start: { line, column }, end: { line, column: endColumn }, startOffset: 0, endOffset: endColumn - column,
});

const result: LintResult = {
  toolVersion: '9.9.9',
  cwd: '/repo',
  root: '/repo',
  findings: [
    { ruleId: 'role-arn-path', level: 'error', message: 'Role ARN "a,b:c" is 100% wrong\nsecond line', span: span('dir,1/a:b.yaml', 3, 5, 9), related: [] },
    { ruleId: 'system-masters', level: 'warning', message: 'granted | superuser', span: span('x.yaml', 1, 1, 2), related: [{ span: span('x.yaml', 7, 3, 4), message: 'first' }] },
  ],
  files: [{ path: 'x.yaml', status: 'linted' }, { path: 'chart/t.yaml', status: 'skipped', reason: 'Go template' }],
  rules: [],
  unmatched: [],
};

describe('reporters', () => {
  it('github: escapes data and properties as the Actions runner expects', () => {
    const lines = format('github', result).trim().split('\n');
    expect(lines[0]).toBe('::error file=dir%2C1/a%3Ab.yaml,line=3,endLine=3,col=5,endColumn=9,title=eks-auth-lint (role-arn-path)::Role ARN "a,b:c" is 100%25 wrong%0Asecond line');
    expect(lines[1]).toMatch(/^::warning file=x\.yaml,line=1,/);
  });

  it('github: columns only on one-line annotations, as GitHub accepts them', () => {
    const multi = (end: { line: number; column: number }) => ({ ...span('m.yaml', 4, 3, 9), end });
    const findings = [
      { ruleId: 'system-masters', level: 'error' as const, message: 'block', span: multi({ line: 6, column: 5 }), related: [] },
      { ruleId: 'system-masters', level: 'error' as const, message: 'to the next line start', span: multi({ line: 5, column: 1 }), related: [] },
    ];
    expect(format('github', { ...result, findings }).trim().split('\n')).toEqual([
      '::error file=m.yaml,line=4,endLine=6,title=eks-auth-lint (system-masters)::block',
      '::error file=m.yaml,line=4,endLine=4,title=eks-auth-lint (system-masters)::to the next line start',
    ]);
  });

  it('github: at most 10 annotations per level, most severe first, then by file and line; one notice counts the rest', () => {
    const many = (level: 'error' | 'warning' | 'note', count: number) => Array.from({ length: count }, (_, i) => (
      { ruleId: 'system-masters', level, message: `${level} ${i}`, span: span(`${level}-${i % 3}.yaml`, 100 - i, 1, 2), related: [] }
    ));
    const findings = [...many('note', 12), ...many('warning', 3), ...many('error', 25)];
    const lines = format('github', { ...result, findings }).trim().split('\n');
    expect(lines.map((l) => /^::(\w+)/.exec(l)?.[1])).toEqual([...Array<string>(10).fill('error'), ...Array<string>(3).fill('warning'), ...Array<string>(10).fill('notice')]);
    const places = lines.slice(0, 10).map((l) => /file=([^,]+),line=(\d+)/.exec(l)?.slice(1, 3).join(':'));
    expect(places).toEqual(['error-0.yaml:76', 'error-0.yaml:79', 'error-0.yaml:82', 'error-0.yaml:85', 'error-0.yaml:88', 'error-0.yaml:91', 'error-0.yaml:94', 'error-0.yaml:97', 'error-0.yaml:100', 'error-1.yaml:78']);
    // The tenth notice makes room for the count, so that GitHub shows it.
    expect(lines[22]).toBe('::notice title=eks-auth-lint::18 more findings (15 errors, 3 notes) not shown as annotations: GitHub shows 10 per level and step. The job summary lists them all.');
    const summary = stepSummary({ ...result, findings });
    expect(summary.split('\n').filter((l) => l.startsWith('| error |'))).toHaveLength(25);
    expect(summary.split('\n').filter((l) => /^\| (warning|note) \|/.test(l))).toHaveLength(15);
    expect(summary).toContain('40 problems (25 errors, 3 warnings, 12 notes)');
    expect(summary.indexOf('| warning |')).toBeGreaterThan(summary.lastIndexOf('| error |'));
  });

  it('github: the job summary stays under GitHub\'s 1 MiB limit and says how many rows it leaves out', () => {
    const findings = Array.from({ length: 5000 }, (_, i) => ({ ruleId: 'system-masters', level: 'warning' as const, message: `${i} ${'x'.repeat(300)}`, span: span('w.yaml', i + 1, 1, 2), related: [] }));
    const summary = stepSummary({ ...result, findings });
    expect(Buffer.byteLength(summary)).toBeLessThanOrEqual(1024 * 1024);
    const rows = summary.split('\n').filter((l) => l.startsWith('| warning |')).length;
    expect(rows).toBeGreaterThan(2000);
    expect(summary).toContain(`\n${5000 - rows} more findings not listed: GitHub limits a step summary to 1 MiB. The SARIF report has them all.\n`);
  });

  it('github: the job summary keeps one row per finding whatever the path and message hold', () => {
    const findings = [
      { ruleId: 'system-masters', level: 'error' as const, message: 'arn:aws:iam::*:role/* | <b>bold</b> `x` a_b_ ~~s~~\r\nnext', span: span('a|b `c`/d,e f.yaml', 2, 3, 4), related: [] },
      { ruleId: 'system-masters', level: 'error' as const, message: 'm', span: span('`q.yaml', 5, 1, 2), related: [] },
    ];
    const rows = stepSummary({ ...result, findings }).split('\n').filter((l) => l.startsWith('| error |'));
    expect(rows).toEqual([
      '| error | `` `q.yaml:5:1 `` | [system-masters](https://github.com/eks-auth-lint/eks-auth-lint/blob/main/rules/system-masters/README.md) | m |',
      '| error | ``a\\|b `c`/d,e f.yaml:2:3`` | [system-masters](https://github.com/eks-auth-lint/eks-auth-lint/blob/main/rules/system-masters/README.md) | arn:aws:iam::\\*:role/\\* \\| \\<b\\>bold\\</b\\> \\`x\\` a\\_b\\_ \\~\\~s\\~\\~ next |',
    ]);
    // Every row has the four cells of the header: no unescaped | inside a cell.
    for (const row of rows) expect(row.split(/(?<!\\)\|/)).toHaveLength(6);
  });

  it('github: no closing notice when nothing is left out', () => {
    const notes = Array.from({ length: 10 }, (_, i) => ({ ruleId: 'system-masters', level: 'note' as const, message: `n${i}`, span: span('n.yaml', i + 1, 1, 2), related: [] }));
    const lines = format('github', { ...result, findings: notes }).trim().split('\n');
    expect(lines).toHaveLength(10);
    expect(lines.every((l) => l.startsWith('::notice file=n.yaml,'))).toBe(true);
  });

  it('json: stable fields, related locations and skipped files', () => {
    const report = JSON.parse(format('json', result)) as { summary: object; findings: object[]; files: object[] };
    expect(report.summary).toEqual({ errors: 1, warnings: 1, notes: 0, filesLinted: 1, filesSkipped: 1, filesFailed: 0 });
    expect(report.findings[1]).toEqual({
      ruleId: 'system-masters', level: 'warning', message: 'granted | superuser', file: 'x.yaml', line: 1, column: 1, endLine: 1, endColumn: 2,
      related: [{ file: 'x.yaml', line: 7, column: 3, endLine: 7, endColumn: 4, message: 'first' }],
    });
    expect(report.files).toContainEqual({ path: 'chart/t.yaml', status: 'skipped', reason: 'Go template' });
  });

  it('stylish: grouped by file with a closing count, no colour unless asked', () => {
    const text = format('stylish', result);
    expect(text).toContain('dir,1/a:b.yaml\n  3:5  error  Role ARN');
    expect(text).toContain('related: 7:3 first');
    expect(text).toContain('skipped chart/t.yaml: Go template');
    expect(text).toContain('✖ 2 problems (1 error, 1 warning, 0 notes)');
    expect(text).not.toContain('\u001b[');
    expect(format('stylish', result, { color: true })).toContain('\u001b[31merror');
  });
});
