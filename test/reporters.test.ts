import { describe, expect, it } from 'vitest';
import type { LintResult } from '../src/index.js';
import { format } from '../src/index.js';

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
