import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { buildModel, runEngine } from '../../src/engine.js';
import { literalString } from '../../src/hcl/index.js';
import { loadFile } from '../../src/load-file.js';
import type { Model } from '../../src/model.js';
import { stringValue } from '../../src/source-node.js';
import { LineIndex } from '../../src/span.js';
import { evaluate, moduleScope } from '../../src/terraform/evaluate.js';
import { parseTfJson } from '../../src/terraform/tf-json.js';
import { attributeExpr, offsetOf } from './helpers.js';

function model(files: Record<string, string>): Model {
  return buildModel(Object.entries(files).map(([path, text]) => loadFile({ path, content: Buffer.from(text), explicit: true })));
}

/** The model without positions and file names: what is left must not depend on the syntax. */
function shape(value: unknown, seen = new WeakSet<object>()): unknown {
  if (Array.isArray(value)) return value.map((v) => shape(v, seen));
  if (typeof value === 'function') return '<function>';
  if (value === null || typeof value !== 'object') return value;
  if ('startOffset' in value) return '<span>';
  if (seen.has(value)) return '<seen>';
  seen.add(value);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === 'file' || key === 'owner' || key === 'cluster' || /span$/i.test(key) || key === 'anchor') continue;
    out[key] = shape(v, seen);
  }
  return out;
}

const TF = `
locals {
  admin = "admin"
}
resource "aws_eks_cluster" "main" {
  name = "platform"
  access_config {
    authentication_mode = "API_AND_CONFIG_MAP"
  }
}
resource "aws_eks_access_entry" "admin" {
  cluster_name      = aws_eks_cluster.main.name
  principal_arn     = "arn:aws:iam::111122223333:role/\${local.admin}"
  kubernetes_groups = ["admins"]
}
resource "kubernetes_config_map_v1" "aws_auth" {
  metadata {
    name      = "aws-auth"
    namespace = "kube-system"
  }
  data = {
    mapRoles = "- rolearn: arn:aws:iam::111122223333:role/nodes\\n  username: \\"system:node:{{EC2PrivateDNSName}}\\"\\n  groups: [\\"system:bootstrappers\\", \\"system:nodes\\"]\\n"
    mapUsers = yamlencode([{ userarn = "arn:aws:iam::111122223333:user/alice", username = "alice", groups = ["viewers"] }])
  }
}
`;

const MAP_ROLES = '- rolearn: arn:aws:iam::111122223333:role/nodes\n  username: "system:node:{{EC2PrivateDNSName}}"\n  groups: ["system:bootstrappers", "system:nodes"]\n';

function tfJson(mapRoles: string): string {
  const doc = {
    locals: { admin: 'admin' },
    resource: {
      aws_eks_cluster: { main: { name: 'platform', access_config: { authentication_mode: 'API_AND_CONFIG_MAP' } } },
      aws_eks_access_entry: {
        admin: {
          cluster_name: '${aws_eks_cluster.main.name}',
          principal_arn: 'arn:aws:iam::111122223333:role/${local.admin}',
          kubernetes_groups: ['admins'],
        },
      },
      kubernetes_config_map_v1: {
        aws_auth: {
          metadata: { name: 'aws-auth', namespace: 'kube-system' },
          data: {
            mapRoles,
            mapUsers: '${yamlencode([{ userarn = "arn:aws:iam::111122223333:user/alice", username = "alice", groups = ["viewers"] }])}',
          },
        },
      },
    },
  };
  return JSON.stringify(doc, null, 2);
}

describe('Terraform JSON syntax (.tf.json)', () => {
  it('gives the same model as the equivalent .tf (mapRoles as an escaped JSON string)', () => {
    const fromTf = model({ 'main.tf': TF });
    const fromJson = model({ 'main.tf.json': tfJson(MAP_ROLES) });
    expect(fromTf.parseFailures).toEqual([]);
    expect(fromJson.parseFailures).toEqual([]);
    expect(fromJson.clusters).toHaveLength(1);
    expect(fromJson.clusters[0]?.authMode).toMatchObject({ value: 'API_AND_CONFIG_MAP', source: 'explicit' });
    expect(fromJson.accessEntries).toHaveLength(1);
    expect(stringValue(fromJson.accessEntries[0]?.principal)).toBe('arn:aws:iam::111122223333:role/admin');
    expect(fromJson.accessEntries[0]?.cluster?.name).toBe('platform');
    expect(fromJson.configMaps).toHaveLength(1);
    expect(fromJson.mappings.length).toBeGreaterThanOrEqual(2);
    expect(shape(fromJson.clusters)).toEqual(shape(fromTf.clusters));
    expect(shape(fromJson.accessEntries)).toEqual(shape(fromTf.accessEntries));
    expect(shape(fromJson.configMaps)).toEqual(shape(fromTf.configMaps));
    expect(shape(fromJson.mappings)).toEqual(shape(fromTf.mappings));
    // The comparison sees values: another username makes a difference.
    const other = model({ 'main.tf.json': tfJson(MAP_ROLES.replace('system:node:', 'system:other:')) });
    expect(shape(other.mappings)).not.toEqual(shape(fromTf.mappings));
  });

  it('gives the same mappings with mapRoles as "${yamlencode([...])}"', () => {
    const encoded =
      '${yamlencode([{ rolearn = "arn:aws:iam::111122223333:role/nodes", username = "system:node:{{EC2PrivateDNSName}}", groups = ["system:bootstrappers", "system:nodes"] }])}';
    const tf = TF.replace(/mapRoles = .*\n/, `mapRoles = ${encoded.slice(2, -1)}\n`);
    const fromTf = model({ 'main.tf': tf });
    const fromJson = model({ 'main.tf.json': tfJson(encoded) });
    expect(fromJson.parseFailures).toEqual([]);
    expect(fromJson.mappings.length).toBe(fromTf.mappings.length);
    expect(shape(fromJson.mappings)).toEqual(shape(fromTf.mappings));
    expect(shape(fromJson.configMaps)).toEqual(shape(fromTf.configMaps));
  });

  it('puts a finding on the exact column of the ARN, after \\" escapes on the same line', () => {
    const arn = 'arn:aws:iam::111122223333:role/teams/admins';
    const text = tfJson(`- username: "a\\"b"\n  groups: ["x"]\n  rolearn: ${arn}\n`);
    expect(text).toContain('\\"a\\\\\\"b\\"'); // "a\"b" written with JSON escapes
    const result = runEngine([{ path: 'main.tf.json', content: Buffer.from(text), explicit: true }], { rules: rules.filter((r) => r.id === 'role-arn-path') });
    const start = offsetOf(text, arn);
    const expected = new LineIndex('main.tf.json', text).span(start, start + arn.length);
    expect(result.findings.map((f) => [f.ruleId, f.span.start, f.span.end])).toEqual([['role-arn-path', expected.start, expected.end]]);
  });

  it('puts a finding inside "${yamlencode(...)}" on the ARN, quotes of the HCL string included', () => {
    const arn = 'arn:aws:iam::111122223333:role/teams/admins';
    const text = tfJson(`\${yamlencode([{ rolearn = "${arn}", username = "a", groups = ["x"] }])}`);
    const result = runEngine([{ path: 'main.tf.json', content: Buffer.from(text), explicit: true }], { rules: rules.filter((r) => r.id === 'role-arn-path') });
    const start = offsetOf(text, arn) - 2; // the escaped opening quote, \"
    const expected = new LineIndex('main.tf.json', text).span(start, start + arn.length + 4);
    expect(result.findings.map((f) => [f.ruleId, f.span.start, f.span.end])).toEqual([['role-arn-path', expected.start, expected.end]]);
  });

  it('reports a JSON syntax error at its position', () => {
    const text = '{\n  "resource": {\n    "aws_eks_cluster": {\n      "main": { "name": "x" "y": 1 }\n    }\n  }\n}\n';
    const loaded = loadFile({ path: 'broken.tf.json', content: Buffer.from(text), explicit: true });
    expect(loaded.status).toBe('failed');
    const failure = loaded.parseFailures[0];
    expect(failure?.span.start).toEqual({ line: 4, column: 29 });
    expect(failure?.message).toMatch(/expected ',' or '}'.*Terraform \(JSON\)/);
    const result = runEngine([{ path: 'broken.tf.json', content: Buffer.from(text), explicit: true }], { rules });
    expect(result.findings.map((f) => [f.ruleId, f.span.start])).toEqual([['parse-error', { line: 4, column: 29 }]]);
  });

  it('reports an unterminated string, a raw line break and a bad escape at their positions', () => {
    expect(parseTfJson('a.tf.json', '{"locals": {"a": "x\ny"}}').errors[0]?.span.start).toEqual({ line: 1, column: 20 });
    expect(parseTfJson('a.tf.json', '{"locals": {"a": "x\\qy"}}').errors[0]?.span.start).toEqual({ line: 1, column: 20 });
    expect(parseTfJson('a.tf.json', '{"locals": {"a": "xy').errors[0]?.span.start).toEqual({ line: 1, column: 18 });
    expect(parseTfJson('a.tf.json', '[1]').errors[0]?.message).toMatch(/one JSON object/);
    expect(parseTfJson('a.tf.json', '{} x').errors[0]?.span.start).toEqual({ line: 1, column: 4 });
  });

  it('reports a broken template inside a string at its position in the JSON text', () => {
    const text = '{"locals": {"a": "\\u00e9\\"${var.x"}}';
    const { errors } = parseTfJson('a.tf.json', text);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]?.range.start).toBe(text.indexOf('${'));
  });

  it('maps every character of a template text through JSON escapes', () => {
    const text = '{"locals": {"a": "\\u00e9\\"\\\\x\\n${local.b}\\ud83d\\ude00-$${no}", "b": "B"}}';
    const { file, errors } = parseTfJson('a.tf.json', text);
    expect(errors).toEqual([]);
    const scope = moduleScope([file]);
    const value = evaluate(attributeExpr(file.body, 'a'), file, scope);
    expect(stringValue(value)).toBe('é"\\x\nB😀-${no}');
    const plain = parseTfJson('b.tf.json', '{"locals": {"a": "x\\"y\\u0041z"}}').file;
    const literal = literalString(attributeExpr(plain.body, 'a'));
    expect(literal?.value).toBe('x"yAz');
    const src = plain.text;
    expect(literal?.toSource(0)).toBe(src.indexOf('x\\"'));
    expect(literal?.toSource(1)).toBe(src.indexOf('\\"'));
    expect(literal?.toSource(2)).toBe(src.indexOf('y\\u'));
    expect(literal?.toSource(3)).toBe(src.indexOf('\\u0041'));
    expect(literal?.toSource(4)).toBe(src.indexOf('z"'));
  });

  it('reads blocks, labels, arrays of blocks, dynamic blocks, variables and "//" comments', () => {
    const text = JSON.stringify({
      '//': 'comment',
      variable: { mode: { type: 'string', default: 'API' } },
      resource: [{ aws_eks_cluster: { a: { name: 'a', access_config: [{ authentication_mode: '${var.mode}' }], dynamic: { vpc_config: { for_each: '${[1]}', content: {} } } } } }],
    });
    const { file, errors } = parseTfJson('x.tf.json', text);
    expect(errors).toEqual([]);
    const [variable, resource] = file.body.blocks;
    expect(variable?.type).toBe('variable');
    expect(variable?.labels.map((l) => l.value)).toEqual(['mode']);
    expect(variable?.body.attributes.find((a) => a.name === 'type')?.expr.kind).toBe('variable');
    expect(resource?.labels.map((l) => l.value)).toEqual(['aws_eks_cluster', 'a']);
    expect(text.slice(resource?.labels[1]?.range.start, resource?.labels[1]?.range.end)).toBe('a');
    expect(resource?.body.blocks.map((b) => [b.type, b.labels.map((l) => l.value)])).toEqual([
      ['access_config', []],
      ['dynamic', ['vpc_config']],
    ]);
    expect(resource?.body.blocks[1]?.body.blocks.map((b) => b.type)).toEqual(['content']);
    const [cluster] = model({ 'x.tf.json': text }).clusters;
    expect(cluster?.authMode).toMatchObject({ value: 'API', source: 'explicit' });
  });

  it('stays silent about unknown ${var.x} values', () => {
    const text = JSON.stringify(
      {
        variable: { role: {}, account: {} },
        resource: {
          aws_eks_access_entry: { x: { cluster_name: 'c', principal_arn: '${var.role}', kubernetes_groups: ['g'] } },
          kubernetes_config_map_v1: {
            aws_auth: {
              metadata: { name: 'aws-auth', namespace: 'kube-system' },
              data: {
                mapRoles: '${yamlencode([{ rolearn = var.role, username = "u", groups = ["g"] }])}',
                mapAccounts: '${yamlencode([var.account])}',
                mapUsers: '- userarn: arn:aws:iam::${var.account}:user/x\n  username: x\n  groups: ["g"]\n',
              },
            },
          },
        },
      },
      null,
      2,
    );
    const result = runEngine([{ path: 'main.tf.json', content: Buffer.from(text), explicit: true }], { rules });
    expect(result.files.map((f) => f.status)).toEqual(['linted']);
    expect(result.findings.map((f) => `${f.ruleId} ${f.message}`)).toEqual([]);
  });

  it('joins the module of its directory: locals in a .tf file feed a .tf.json file', () => {
    const json = tfJson(MAP_ROLES).replace(/"locals": \{[^}]*\},/, '');
    const m = model({ 'mod/main.tf.json': json, 'mod/locals.tf': 'locals {\n  admin = "from-tf"\n}\n' });
    expect(stringValue(m.accessEntries[0]?.principal)).toBe('arn:aws:iam::111122223333:role/from-tf');
  });
});
