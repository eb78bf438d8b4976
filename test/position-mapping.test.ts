import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { runEngine } from '../src/engine.js';

const ARN = 'arn:aws:iam::210987654321:role/team/marker';
const rolePath = rules.filter((r) => r.id === 'role-arn-path');
const syntax = rules.filter((r) => r.id === 'embedded-yaml-syntax');

/** Where the ARN really is in the raw text: 1-based line and UTF-16 column, as the tool must report. */
function truth(text: string, needle = ARN): { line: number; column: number; endColumn: number } {
  const body = text.replace(/^\uFEFF/, '');
  const offset = body.indexOf(needle);
  const before = body.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return { line, column, endColumn: column + needle.length };
}

function found(text: string, path = 'aws-auth.yaml') {
  const result = runEngine([{ path, content: Buffer.from(text, 'utf8'), explicit: true }], { rules: rolePath });
  return result.findings.map((f) => ({ line: f.span.start.line, column: f.span.start.column, endColumn: f.span.end.column }));
}

const header = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws-auth\n  namespace: kube-system\ndata:\n';

const cases: Record<string, string> = {
  'literal |': `${header}  mapRoles: |\n    - rolearn: arn:aws:iam::210987654321:role/x\n      username: x\n    - rolearn: ${ARN}\n      username: y\n`,
  'literal |- with a header comment, blank lines and CRLF': `${header}  mapRoles: |- # roles\n\n    - rolearn: arn:aws:iam::210987654321:role/x\n\n\n    - groups: [a]\n      rolearn: ${ARN}\n`.replaceAll('\n', '\r\n'),
  'literal |+ with trailing blank lines': `${header}  mapRoles: |+\n    - rolearn: ${ARN}\n      username: y\n\n\n  mapUsers: ""\n`,
  'explicit indentation indicator |2 with a more-indented first line': `${header}  mapRoles: |2\n        # a comment indented deeper than the content\n    - rolearn: ${ARN}\n`,
  'nested |2- in a kind: List with a flow mapping, a tab and non-ASCII': `apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: aws-auth, namespace: kube-system}\n    data:\n      mapRoles: |2-\n          - {username: "é🚀",\trolearn: ${ARN}}\n`,
  'UTF-8 BOM and CRLF': `\uFEFF${header}  mapRoles: |\n    - rolearn: ${ARN}\n`.replaceAll('\n', '\r\n'),
  'double-quoted one line with escapes before the ARN': `${header}  mapRoles: "- username: \\"q\\u00e9\\"\\n  groups: [\\"a\\"]\\n  rolearn: ${ARN}\\n"\n`,
  'double-quoted over several lines with folding and a line continuation': `${header}  mapRoles: "- username: x\\n\\\n    \\  rolearn: ${ARN}\\n\\\n    - rolearn: arn:aws:iam::210987654321:role/y"\n`,
  'single-quoted flow YAML with doubled quotes': `${header}  mapRoles: '[{username: it''s, rolearn: ${ARN}}]'\n`,
  'folded > whose lines are all more indented (no folding happens)': `${header}  mapRoles: >\n      - rolearn: ${ARN}\n        username: y\n`,
};

describe('positions inside embedded YAML map back to the outer file exactly', () => {
  it.each(Object.entries(cases))('%s', (_name, text) => {
    expect(found(text)).toEqual([truth(text)]);
  });

  it('a quoted inner value is reported with its quotes', () => {
    const text = `${header}  mapRoles: '[{"rolearn": "${ARN}", "username": "it''s"}]'\n`;
    expect(found(text)).toEqual([truth(text, `"${ARN}"`)]);
  });

  it('kubectl -o json output (JSON strings with \\n and \\" escapes)', () => {
    const json = JSON.stringify(
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'aws-auth', namespace: 'kube-system' }, data: { mapRoles: `- groups:\n  - "system:masters"\n  rolearn: ${ARN}\n  username: "a\\"b"\n` } },
      null,
      4,
    );
    expect(found(json, 'aws-auth.json')).toEqual([truth(json)]);
  });

  it('kubectl -o json on one line', () => {
    const json = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'aws-auth', namespace: 'kube-system' }, data: { mapRoles: `- rolearn: ${ARN}\n` } });
    expect(found(json, 'aws-auth.json')).toEqual([truth(json)]);
  });

  it('a folded > block that joins lines is reported, not guessed', () => {
    const text = `${header}  mapRoles: >\n    - rolearn: ${ARN}\n    - rolearn: arn:aws:iam::210987654321:role/y\n`;
    expect(found(text)).toEqual([]);
    const result = runEngine([{ path: 'a.yaml', content: text, explicit: true }], { rules: syntax });
    expect(result.findings.map((f) => [f.span.start.line, f.span.start.column, f.message.includes('folded')])).toEqual([[7, 13, true]]);
  });

  it('errors of the embedded YAML land on the outer line and column', () => {
    const text = `${header}  mapRoles: |\n    - rolearn: arn:aws:iam::210987654321:role/x\n    \tusername: tab\n`;
    const result = runEngine([{ path: 'a.yaml', content: text, explicit: true }], { rules: syntax });
    expect(result.findings.map((f) => [f.span.start.line, f.span.start.column])).toEqual([[9, 5]]);
  });
});
