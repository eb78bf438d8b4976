import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ScalarNode, SourceNode } from '../../src/source-node.js';
import { LineIndex } from '../../src/span.js';
import { encodingOf, evaluate, moduleScope } from '../../src/terraform/evaluate.js';
import { asMap, asScalar, asSeq, asString, attributeExpr, entry, item, load, offsetOf, parseOk, plain, sourceOf, spanOf } from './helpers.js';

const ADMIN = 'arn:aws:iam::111122223333:role/admin';
const DEV = 'arn:aws:iam::111122223333:role/dev';
const BOB = 'arn:aws:iam::111122223333:user/bob';

/** The span `embed` gives for `needle` inside a string value. */
function embeddedSource(text: string, node: ScalarNode, needle: string): string {
  const embedded = node.embed?.();
  if (embedded?.ok !== true) throw new Error('not embeddable');
  const at = embedded.text.indexOf(needle);
  expect(at).toBeGreaterThanOrEqual(0);
  return text.slice(embedded.toSource(at), embedded.toSource(at + needle.length));
}

describe('yamlencode and jsonencode', () => {
  it('yamlencode of a list of role objects is that list, marked, and each ARN keeps its exact span', () => {
    const text = [
      'resource "kubernetes_config_map_v1_data" "aws_auth" {',
      '  data = {',
      '    mapRoles = yamlencode([',
      '      {',
      `        rolearn  = "${ADMIN}"`,
      '        username = "admin"',
      '        groups   = ["system:masters"]',
      '      },',
      '      {',
      `        rolearn  = "${DEV}"`,
      '        username = "dev"',
      '        groups   = []',
      '      },',
      '    ])',
      '  }',
      '}',
      '',
    ].join('\n');
    const data = load(text).value('data');
    const roles = entry(data, 'mapRoles');
    expect(encodingOf(roles)).toBe('yaml');
    expect(sourceOf(text, roles.span).startsWith('yamlencode([')).toBe(true);
    const seq = asSeq(roles);
    expect(seq.items).toHaveLength(2);
    expect(asScalar(entry(item(seq, 0), 'rolearn')).span).toEqual(spanOf(text, `"${ADMIN}"`));
    expect(asScalar(entry(item(seq, 1), 'rolearn')).span).toEqual(spanOf(text, `"${DEV}"`));
    const arn = asScalar(entry(item(seq, 1), 'rolearn'));
    const dev = offsetOf(text, DEV) + DEV.indexOf('role/dev');
    expect(arn.locate?.(DEV.indexOf('role/dev'), DEV.length)).toEqual(new LineIndex('main.tf', text).span(dev, dev + 'role/dev'.length));
    expect(asMap(item(seq, 0)).entries[0]?.keySpan).toEqual(spanOf(text, 'rolearn'));
    expect(encodingOf(item(seq, 0))).toBeUndefined();
  });

  it('yamlencode through locals: the structure comes from where the locals write it', () => {
    const text = `locals {\n  roles = [{ rolearn = "${ADMIN}", groups = ["system:masters"] }]\n}\nx = yamlencode(local.roles)\ny = jsonencode({ a = 1 })\n`;
    const { value } = load(text);
    const x = value('x');
    expect(encodingOf(x)).toBe('yaml');
    expect(sourceOf(text, x.span)).toBe('yamlencode(local.roles)');
    expect(asScalar(entry(item(x, 0), 'rolearn')).span).toEqual(spanOf(text, `"${ADMIN}"`));
    expect(encodingOf(value('y'))).toBe('json');
    expect(plain(value('y'))).toEqual({ a: 1 });
  });

  it('an unknown value inside stays a local unknown; yamlencode of an unknown value is unknown', () => {
    const text = `x = yamlencode([{ rolearn = aws_iam_role.node.arn, username = "system:node:{{EC2PrivateDNSName}}" }])\ny = yamlencode(var.roles)\n`;
    const { value } = load(text);
    expect(plain(value('x'))).toEqual([{ rolearn: '<unknown>', username: 'system:node:{{EC2PrivateDNSName}}' }]);
    expect(value('y').kind).toBe('opaque');
    expect(encodingOf(value('y'))).toBeUndefined();
  });

  it('jsondecode(jsonencode(x)) and yamldecode(yamlencode(x)) give x back, unmarked', () => {
    const { value } = load('x = jsondecode(jsonencode(["a"]))\ny = yamldecode(yamlencode({ k = "v" }))\n');
    expect(encodingOf(value('x'))).toBeUndefined();
    expect(plain(value('x'))).toEqual(['a']);
    expect(plain(value('y'))).toEqual({ k: 'v' });
  });

  it('in a string context an encoded value is written out as YAML/JSON text that parses back to the same data', () => {
    const text = [
      'locals {',
      `  roles = [{ rolearn = "${ADMIN}", username = "admin", groups = ["system:masters"] }, { rolearn = "${DEV}", groups = [] }]`,
      '}',
      'yaml = trimspace(yamlencode(local.roles))',
      'json = "j=${jsonencode({ b = [1, true, null], a = "x\\ny" })}"',
      'wrapped = "${jsonencode(["a"])}"',
      'nested = yamlencode({ inner = jsonencode({ k = "v" }) })',
      '',
    ].join('\n');
    const { value } = load(text);
    const yaml = asScalar(value('yaml'));
    expect(parse(String(yaml.value))).toEqual([
      { rolearn: ADMIN, username: 'admin', groups: ['system:masters'] },
      { rolearn: DEV, groups: [] },
    ]);
    expect(String(yaml.value)).toContain('"groups":\n  - "system:masters"'); // Terraform's shape: keys sorted, strings quoted
    expect(asScalar(value('json')).value).toBe('j={"a":"x\\ny","b":[1,true,null]}');
    expect(JSON.parse(String(asScalar(value('json')).value).slice(2))).toEqual({ a: 'x\ny', b: [1, true, null] });
    // "${x}" alone is x: still the encoded value.
    expect(encodingOf(value('wrapped'))).toBe('json');
    const nested = value('nested');
    expect(encodingOf(entry(nested, 'inner'))).toBe('json');
  });

  it('written-out YAML maps each string back to where it is written', () => {
    const text = `locals {\n  roles = [{ rolearn = "${ADMIN}" }]\n}\nmapRoles = replace(yamlencode(local.roles), "\\"", "")\n`;
    const node = asString(load(text).value('mapRoles'));
    expect(node.value).toBe(`- rolearn: ${ADMIN}\n`);
    const at = node.value.indexOf(ADMIN);
    expect(node.locate?.(at, at + ADMIN.length)).toEqual(spanOf(text, ADMIN));
    expect(embeddedSource(text, node, ADMIN)).toBe(ADMIN);
    expect(embeddedSource(text, node, 'rolearn')).toBe('rolearn');
  });

  it('a heredoc with ${indent(n, yamlencode(...))}: the YAML parses, values inside the interpolation map exactly', () => {
    const text = [
      'resource "kubectl_manifest" "aws_auth" {',
      '  yaml_body = <<YAML',
      'apiVersion: v1',
      'kind: ConfigMap',
      'data:',
      '  mapRoles: |',
      `    \${indent(4, yamlencode([{ rolearn = "${DEV}", groups = ["g"] }]))}`,
      '  mapUsers: |',
      `    - userarn: \${local.bob}`,
      'YAML',
      '}',
      `locals {\n  bob = "${BOB}"\n}`,
      '',
    ].join('\n');
    const body = asScalar(load(text).value('yaml_body'));
    const doc = parse(String(body.value)) as { data: { mapRoles: string; mapUsers: string } };
    expect(parse(doc.data.mapRoles)).toEqual([{ rolearn: DEV, groups: ['g'] }]);
    expect(parse(doc.data.mapUsers)).toEqual([{ userarn: BOB }]);
    // Inside the interpolation: exact.
    expect(embeddedSource(text, body, DEV)).toBe(DEV);
    // A local written elsewhere: the interpolation that brings it in (positions stay in order)...
    expect(embeddedSource(text, body, BOB)).toBe('${local.bob}');
    // ...while locate finds where the value is written.
    const at = String(body.value).indexOf(BOB);
    expect(body.locate?.(at, at + BOB.length)).toEqual(spanOf(text, BOB));
    expect(body.locate?.(0, 'apiVersion'.length)).toEqual(spanOf(text, 'apiVersion'));
  });

  it('a value defined in another file maps to the expression that brings it in', () => {
    const locals = parseOk('locals.tf', `locals {\n  admin = "${ADMIN}"\n}\n`);
    const mainText = 'x = "role=${local.admin}"\ny = yamlencode([local.admin])\n';
    const main = parseOk('main.tf', mainText);
    const scope = moduleScope([main, locals]);
    const x = asScalar(evaluate(attributeExpr(main.body, 'x'), main, scope));
    expect(x.value).toBe(`role=${ADMIN}`);
    expect(x.span.file).toBe('main.tf');
    expect(x.locate?.(5, 5 + ADMIN.length)).toEqual(spanOf(mainText, '${local.admin}'));
    const y: SourceNode = evaluate(attributeExpr(main.body, 'y'), main, scope);
    const arn = asScalar(item(y, 0));
    expect(arn.span.file).toBe('locals.tf');
    expect(arn.span.startOffset).toBe(offsetOf(locals.text, `"${ADMIN}"`));
  });
});
