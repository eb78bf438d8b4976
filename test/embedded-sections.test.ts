import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { buildModel } from '../src/engine.js';
import { loadFile } from '../src/load-file.js';
import { runEngine } from '../src/engine.js';

const manifest = (data: string): string => `kind: ConfigMap\nmetadata: {name: aws-auth, namespace: kube-system}\ndata:\n${data}`;
const syntax = rules.filter((r) => r.id === 'embedded-yaml-syntax');
const syntaxFindings = (text: string) => runEngine([{ path: 'a.yaml', content: text, explicit: true }], { rules: syntax }).findings.map((f) => `${f.span.start.line}:${f.span.start.column}`);
const modelOf = (text: string) => buildModel([loadFile({ path: 'a.yaml', content: text, explicit: true })]);

describe('embedded sections load as the authenticator loads them', () => {
  it('tabs inside a flow collection are white space; in block context they break the key, comment lines included', () => {
    expect(syntaxFindings(manifest('  mapRoles: |\n    [\n    \t{"rolearn": "arn:aws:iam::210987654321:role/a", "username": "a"}\n    ]\n'))).toEqual([]);
    expect(syntaxFindings(manifest('  mapRoles: |\n    - rolearn: arn:aws:iam::210987654321:role/a\n      username: a\n    \t# note\n      groups: [x]\n'))).toEqual(['7:5']);
    expect(syntaxFindings(manifest('  mapRoles: |\n    - rolearn: arn:aws:iam::210987654321:role/a\n    \t\n      groups: [x]\n'))).toEqual(['6:5']);
  });

  it('skips a byte order mark at the start of the embedded text', () => {
    expect(syntaxFindings(manifest('  mapRoles: "\\ufeff- rolearn: arn:aws:iam::210987654321:role/a\\n  username: dev\\n"\n'))).toEqual([]);
  });

  it('decodes mapAccounts without the JSON step: .nan and {{...}} items do not drop the key', () => {
    expect(syntaxFindings(manifest('  mapAccounts: |\n    - .nan\n    - {{AccountID}}\n    - "210987654321"\n'))).toEqual([]);
    expect(syntaxFindings(manifest('  mapRoles: |\n    - rolearn: .nan\n'))).toEqual(['5:16']);
  });

  it('reads the field spelling that the JSON step sorts last, and the last of identical keys', () => {
    const model = modelOf(manifest('  mapRoles: |\n    - rolearn: arn:aws:iam::210987654321:role/a\n      username: dev\n      UserName: developer\n      groups: [a]\n      groups: [b]\n'));
    const mapping = model.mappings[0];
    expect(mapping?.username?.kind === 'scalar' ? mapping.username.value : undefined).toBe('dev');
    expect(mapping?.groups?.span.start.line).toBe(9);
  });

  it('names the usual cause of a parse error and points at it', () => {
    const findings = (text: string) => runEngine([{ path: 'a.yaml', content: text, explicit: true }], { rules: syntax }).findings.map((f) => [`${f.span.start.line}:${f.span.start.column}-${f.span.end.column}`, f.message]);
    const overIndented = findings(manifest('  mapRoles: |\n    - rolearn: arn:aws:iam::210987654321:role/a\n      username: dev\n        groups:\n          - x\n'));
    expect(overIndented).toEqual([['7:9-15', expect.stringContaining('a key is indented deeper')]]);
    const template = findings(manifest('  mapRoles: |\n    - rolearn: arn:aws:iam::210987654321:role/b\n      username: {{SessionName}}-dev\n'));
    expect(template).toEqual([['6:17-19', expect.stringContaining('such as {{SessionName}}')]]);
  });

  it('treats a document that is only null as no mappings', () => {
    const model = modelOf(manifest('  mapRoles: |\n    ~\n'));
    expect(model.sections[0]?.content.kind).toBe('empty');
    expect(model.schemaIssues).toEqual([]);
  });
});
