import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { runEngine } from '../src/engine.js';

const lintOne = (content: string | Uint8Array, path = 'aws-auth.yaml', explicit = true) =>
  runEngine([{ path, content, explicit }], { rules });

describe('bad input gets a diagnostic, never a crash', () => {
  it('malformed outer YAML is a parse-error at the position of the error', () => {
    const result = lintOne('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws-auth\n data: [\n');
    const parse = result.findings.filter((f) => f.ruleId === 'parse-error');
    expect(parse.length).toBe(1);
    expect(parse[0]?.span.start.line).toBeGreaterThanOrEqual(4);
  });

  it('malformed JSON is a parse-error', () => {
    const result = lintOne('{"kind": "ConfigMap", "metadata": {"name": "aws-auth"}, "data": {"mapRoles": "x"', 'aws-auth.json');
    expect(result.findings.map((f) => f.ruleId)).toEqual(['parse-error']);
  });

  it('invalid UTF-8 is reported with its line and column', () => {
    const bytes = Buffer.concat([Buffer.from('kind: ConfigMap\nmetadata:\n  name: aws-auth-'), Buffer.from([0xff, 0xfe]), Buffer.from('\n')]);
    const [finding] = lintOne(bytes).findings;
    expect(finding?.ruleId).toBe('parse-error');
    expect(finding?.message).toContain('invalid UTF-8');
    expect(finding?.span.start).toEqual({ line: 3, column: 18 });
  });

  it('UTF-16 with a byte order mark (PowerShell 5 redirection) is read as text', () => {
    const text = 'kind: ConfigMap\nmetadata: {name: aws-auth, namespace: kube-system}\ndata:\n  mapRoles: |\n    - rolearn: arn:aws:iam::210987654321:role/x/y\n';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(le.subarray(2)).swap16();
    for (const bytes of [le, Buffer.concat([Buffer.from([0xfe, 0xff]), be])]) {
      expect(lintOne(bytes).findings.filter((f) => f.ruleId === 'role-arn-path').map((f) => [f.span.start.line, f.span.start.column])).toEqual([[5, 16]]);
    }
  });

  it('a binary file found by a walk is skipped with a reason; named explicitly it is an error', () => {
    const binary = Buffer.from([0x6d, 0x61, 0x70, 0x52, 0x6f, 0x6c, 0x65, 0x73, 0, 1, 2, 3]);
    expect(lintOne(binary, 'blob.yaml', false).files).toEqual([{ path: 'blob.yaml', status: 'skipped', reason: 'binary file (contains NUL bytes)' }]);
    expect(lintOne(binary, 'blob.yaml', true).findings.map((f) => f.ruleId)).toEqual(['parse-error']);
  });

  it('an alias bomb in mapRoles is an embedded-yaml-syntax finding, not a hang', () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const inner = levels.map((l) => `    ${l}`).join('\n');
    const text = `kind: ConfigMap\nmetadata: {name: aws-auth, namespace: kube-system}\ndata:\n  mapRoles: |\n${inner}\n`;
    // A hang would hit the test timeout; speed itself is the benchmark's business, not a test's.
    const result = lintOne(text);
    expect(result.findings.some((f) => f.ruleId === 'embedded-yaml-syntax' && f.message.includes('alias'))).toBe(true);
  });

  it('an unreadable file is a parse-error naming the reason', () => {
    const result = runEngine([{ path: 'locked.yaml', content: '', readError: 'cannot read the file (EACCES)' }], { rules });
    expect(result.findings.map((f) => [f.ruleId, f.message])).toEqual([['parse-error', 'cannot read the file: cannot read the file (EACCES)']]);
  });

  it('unrelated files are not parsed, Helm templates are skipped, not reported', () => {
    expect(lintOne('this: [is, not, {closed', 'other.yaml', false).findings).toEqual([]);
    const helm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws-auth\ndata:\n  mapRoles: |\n{{ toYaml .Values.roles | indent 4 }}\n';
    const result = lintOne(helm, 'chart/templates/aws-auth.yaml', false);
    expect(result.findings).toEqual([]);
    expect(result.files[0]?.status).toBe('skipped');
  });
});
