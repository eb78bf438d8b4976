import { describe, expect, it } from 'vitest';
import { LineIndex } from '../../src/span.js';
import { asMap, asScalar, asSeq, asString, entry, expectVerbatim, item, load, offsetOf, plain, sourceOf, spanOf, must } from './helpers.js';

const ARN = 'arn:aws:iam::111122223333:role/eks-admin';

describe('literals', () => {
  it('numbers, bools and null become scalars of their type, spanning their text', () => {
    const text = 'a = 42\nb = 1.5\nc = true\nd = false\ne = null\nf = -3\n';
    const { value } = load(text);
    expect(asScalar(value('a'))).toMatchObject({ value: 42, type: 'int', text: '42', style: 'plain', span: spanOf(text, '42') });
    expect(asScalar(value('b'))).toMatchObject({ value: 1.5, type: 'float', span: spanOf(text, '1.5') });
    expect(asScalar(value('c'))).toMatchObject({ value: true, type: 'bool', span: spanOf(text, 'true') });
    expect(asScalar(value('d'))).toMatchObject({ value: false, type: 'bool' });
    expect(asScalar(value('e'))).toMatchObject({ value: null, type: 'null', span: spanOf(text, 'null') });
    expect(asScalar(value('f'))).toMatchObject({ value: -3, type: 'int', span: spanOf(text, '-3') });
  });

  it('a quoted string spans its quotes; locate and embed map every character to its exact offset', () => {
    const text = `principal_arn = "${ARN}"\n`;
    const { value } = load(text);
    const node = asScalar(value('principal_arn'));
    expect(node).toMatchObject({ value: ARN, type: 'string', style: 'double', span: spanOf(text, `"${ARN}"`) });
    const role = ARN.indexOf('eks-admin');
    expect(node.locate?.(role, role + 'eks-admin'.length)).toEqual(spanOf(text, 'eks-admin'));
    expect(node.locate?.(0, ARN.length)).toEqual(spanOf(text, ARN));
    expectVerbatim(text, node);
    const embedded = node.embed?.();
    expect(embedded?.ok === true && embedded.toSource(ARN.length)).toBe(offsetOf(text, '"\n'));
  });

  it('escapes map to the escape sequence: \\" to its backslash, \\u00e9 to its whole sequence', () => {
    const text = 'x = "a\\"b\\u00e9c"\n';
    const node = asScalar(load(text).value('x'));
    expect(node.value).toBe('a"béc');
    expect(node.locate?.(1, 2)).toEqual(spanOf(text, '\\"'));
    expect(node.locate?.(3, 4)).toEqual(spanOf(text, '\\u00e9'));
    expect(node.locate?.(4, 5)).toEqual(spanOf(text, 'c'));
    expectVerbatim(text, node, ['\\']);
  });

  it('a heredoc keeps its text verbatim and maps each character; its span runs from <<EOT to the marker', () => {
    const text = `x = <<EOT\n- rolearn: ${ARN}\n  username: admin\nEOT\n`;
    const node = asString(load(text).value('x'));
    expect(node.value).toBe(`- rolearn: ${ARN}\n  username: admin\n`);
    expect(node.style).toBe('literal');
    expect(sourceOf(text, node.span)).toBe(`<<EOT\n- rolearn: ${ARN}\n  username: admin\nEOT`);
    expect(node.locate?.(11, 11 + ARN.length)).toEqual(spanOf(text, ARN));
    expectVerbatim(text, node);
  });

  it('<<- heredocs: the removed indentation is skipped, characters still map exactly', () => {
    const text = `resource "kubernetes_config_map" "a" {\n  data = {\n    mapRoles = <<-EOT\n      - rolearn: ${ARN}\n        username: admin\n        groups:\n          - system:masters\n    EOT\n  }\n}\n`;
    const data = load(text).value('data');
    const node = asString(entry(data, 'mapRoles'));
    expect(node.value).toBe(`- rolearn: ${ARN}\n  username: admin\n  groups:\n    - system:masters\n`);
    expectVerbatim(text, node);
    const at = node.value.indexOf('system:masters');
    expect(node.locate?.(at, at + 'system:masters'.length)).toEqual(spanOf(text, 'system:masters'));
    const user = node.value.indexOf('username');
    const embedded = node.embed?.();
    expect(embedded?.ok === true && embedded.toSource(user)).toBe(offsetOf(text, 'username'));
  });

  it('an empty string and an empty heredoc', () => {
    const text = 'a = ""\nb = <<EOT\nEOT\n';
    const { value } = load(text);
    expect(asScalar(value('a'))).toMatchObject({ value: '', span: spanOf(text, '""') });
    expect(asScalar(value('b')).value).toBe('');
  });
});

describe('collections', () => {
  it('tuples become sequences and objects maps; key spans are the keys, quoted or bare, = or :', () => {
    const text = 'x = {\n  rolearn = "a"\n  "username" = "b"\n  groups: ["g1", "g2"]\n  rolearn = "c"\n}\n';
    const x = asMap(load(text).value('x'));
    expect(x.span).toEqual(new LineIndex('main.tf', text).span(offsetOf(text, '{'), text.lastIndexOf('}') + 1));
    expect(x.entries.map((e) => e.key)).toEqual(['rolearn', 'username', 'groups', 'rolearn']); // duplicates kept: rules decide
    expect(x.entries[0]?.keySpan).toEqual(spanOf(text, 'rolearn'));
    expect(x.entries[1]?.keySpan).toEqual(spanOf(text, '"username"'));
    expect(x.entries[2]?.keySpan).toEqual(spanOf(text, 'groups'));
    const groups = asSeq(entry(x, 'groups'));
    expect(groups.span).toEqual(spanOf(text, '["g1", "g2"]'));
    expect(asScalar(groups.items[1]).span).toEqual(spanOf(text, '"g2"'));
    expect(plain(x)).toEqual({ rolearn: 'c', username: 'b', groups: ['g1', 'g2'] });
  });

  it('computed keys: (expr) and "${...}" keys with known values; an unknown key makes the object unknown', () => {
    const text = 'locals { k = "team" }\nx = { (local.k) = 1, "${local.k}-2" = 2 }\ny = { (var.k) = 1, a = 2 }\n';
    const { value } = load(text);
    expect(plain(value('x'))).toEqual({ team: 1, 'team-2': 2 });
    expect(value('y').kind).toBe('opaque');
  });

  it('nested objects and lists keep every span', () => {
    const text = `x = [{ a = [{ b = "${ARN}" }] }]\n`;
    const x = load(text).value('x');
    const arn = asScalar(entry(item(entry(item(x, 0), 'a'), 0), 'b'));
    expect(arn.span).toEqual(spanOf(text, `"${ARN}"`));
  });
});

describe('references and templates', () => {
  it('local.x resolves to the value where it is written', () => {
    const text = `locals {\n  admin = "${ARN}"\n}\nx = local.admin\ny = [local.admin]\n`;
    const { value } = load(text);
    expect(asScalar(value('x'))).toMatchObject({ value: ARN, span: spanOf(text, `"${ARN}"`) });
    expect(asScalar(item(value('y'), 0)).span).toEqual(spanOf(text, `"${ARN}"`));
  });

  it('attribute access and indexing into known values', () => {
    const text = 'locals {\n  m = { a = { b = ["x", "y"] } }\n}\nx = local.m.a.b[1]\ny = local.m["a"].b.0\nz = local.m.a["b"][0]\n';
    const { value } = load(text);
    expect(asScalar(value('x'))).toMatchObject({ value: 'y', span: spanOf(text, '"y"') });
    expect(asScalar(value('y')).value).toBe('x');
    expect(asScalar(value('z')).value).toBe('x');
  });

  it('templates of known values concatenate; literal parts and interpolated values each map exactly', () => {
    const text = 'locals {\n  account = "111122223333"\n}\nx = "arn:aws:iam::${local.account}:role/admin"\n';
    const node = asScalar(load(text).value('x'));
    expect(node.value).toBe('arn:aws:iam::111122223333:role/admin');
    expect(node.span).toEqual(spanOf(text, '"arn:aws:iam::${local.account}:role/admin"'));
    // Literal text: exact.
    expect(node.locate?.(0, 13)).toEqual(spanOf(text, 'arn:aws:iam::'));
    expect(node.locate?.(26, 36)).toEqual(spanOf(text, 'role/admin'));
    // The account id: where the local writes it.
    expect(node.locate?.(13, 25)).toEqual(spanOf(text, '111122223333'));
    // Across both: in order, through the interpolation.
    const across = node.locate?.(0, 36);
    expect(across && sourceOf(text, across)).toBe('arn:aws:iam::${local.account}:role/admin');
    // Embedded text stays in order: the account maps to its interpolation.
    const embedded = node.embed?.();
    expect(embedded?.ok === true && embedded.toSource(15)).toBe(offsetOf(text, '${local.account}'));
  });

  it('numbers and bools are written into templates; "${x}" alone is x itself, whatever its type', () => {
    const text = 'locals {\n  n = 3\n  list = ["a"]\n}\nx = "n=${local.n} ${true}"\ny = "${local.list}"\n';
    const { value } = load(text);
    expect(asScalar(value('x')).value).toBe('n=3 true');
    expect(asSeq(value('y')).items).toHaveLength(1);
  });

  it('template directives with known values: %{ if } and %{ for }', () => {
    const text = 'locals {\n  roles = ["a", "b"]\n  on = true\n}\nx = "%{ for r in local.roles }${r};%{ endfor }%{ if local.on }on%{ else }off%{ endif }"\n';
    expect(asScalar(load(text).value('x')).value).toBe('a;b;on');
  });

  it('a heredoc with known interpolations maps its literal lines exactly', () => {
    const text = `locals {\n  user = "admin"\n}\nx = <<-EOT\n  - rolearn: ${ARN}\n    username: \${local.user}\nEOT\n`;
    const node = asString(load(text).value('x'));
    expect(node.value).toBe(`- rolearn: ${ARN}\n  username: admin\n`);
    const at = node.value.indexOf(ARN);
    expect(node.locate?.(at, at + ARN.length)).toEqual(spanOf(text, ARN));
    const user = node.value.lastIndexOf('admin');
    expect(node.locate?.(user, user + 5)).toEqual(spanOf(text, 'admin', 0));
    expect(spanOf(text, 'admin', 0).startOffset).toBe(offsetOf(text, '"admin"') + 1);
  });

  it('conditionals with a known condition pick a branch; comparisons and logic on known values', () => {
    const text =
      'locals {\n  on = true\n  mode = "API"\n}\nx = local.on ? "yes" : "no"\ny = local.mode == "API" ? 1 : 2\nz = !local.on || local.mode != "API"\nw = 2 * 3 + 1 > 6 && true\nv = false && var.unknown\n';
    const { value } = load(text);
    expect(asScalar(value('x'))).toMatchObject({ value: 'yes', span: spanOf(text, '"yes"') });
    expect(asScalar(value('y')).value).toBe(1);
    expect(asScalar(value('z')).value).toBe(false);
    expect(asScalar(value('w')).value).toBe(true);
    expect(asScalar(value('v')).value).toBe(false);
  });

  it('splats over known lists', () => {
    const text = 'locals {\n  roles = [{ arn = "a" }, { arn = "b" }]\n}\nx = local.roles[*].arn\ny = local.roles.*.arn\n';
    const { value } = load(text);
    expect(plain(value('x'))).toEqual(['a', 'b']);
    expect(plain(value('y'))).toEqual(['a', 'b']);
  });
});

describe('for expressions', () => {
  it('build a list of maps from a known list (aws-auth roles), every value keeping its span', () => {
    const text = [
      'variable "node_roles" {',
      '  default = ["arn:aws:iam::111122223333:role/node-a", "arn:aws:iam::111122223333:role/node-b"]',
      '}',
      'locals {',
      '  node_maps = [for arn in var.node_roles : {',
      '    rolearn  = arn',
      '    username = "system:node:{{EC2PrivateDNSName}}"',
      '    groups   = ["system:bootstrappers", "system:nodes"]',
      '  }]',
      '}',
      'x = local.node_maps',
      '',
    ].join('\n');
    const x = asSeq(load(text).value('x'));
    expect(plain(x)).toEqual([
      { rolearn: 'arn:aws:iam::111122223333:role/node-a', username: 'system:node:{{EC2PrivateDNSName}}', groups: ['system:bootstrappers', 'system:nodes'] },
      { rolearn: 'arn:aws:iam::111122223333:role/node-b', username: 'system:node:{{EC2PrivateDNSName}}', groups: ['system:bootstrappers', 'system:nodes'] },
    ]);
    expect(asScalar(entry(item(x, 1), 'rolearn')).span).toEqual(spanOf(text, '"arn:aws:iam::111122223333:role/node-b"'));
    expect(asScalar(entry(item(x, 0), 'username')).span).toEqual(spanOf(text, '"system:node:{{EC2PrivateDNSName}}"'));
    expect(asMap(item(x, 0)).entries[0]?.keySpan).toEqual(spanOf(text, 'rolearn'));
  });

  it('filter with if, iterate maps in key order with key and value, and build maps', () => {
    const text = [
      'locals {',
      '  users = { zed = "admin", amy = "dev", bob = "admin" }',
      '  admins = [for name, role in local.users : name if role == "admin"]',
      '  by_role = { for name, role in local.users : role => name... }',
      '  upper = { for k, v in local.users : upper(k) => "${k}:${v}" }',
      '  indexed = [for i, v in ["a", "b"] : "${i}=${v}"]',
      '}',
      '',
    ].join('\n');
    const { scope } = load(text);
    expect(plain(must(scope.local('admins')))).toEqual(['bob', 'zed']);
    expect(plain(must(scope.local('by_role')))).toEqual({ dev: ['amy'], admin: ['bob', 'zed'] });
    expect(plain(must(scope.local('upper')))).toEqual({ AMY: 'amy:dev', BOB: 'bob:admin', ZED: 'zed:admin' });
    expect(plain(must(scope.local('indexed')))).toEqual(['0=a', '1=b']);
    // A key bound from a map key keeps the key's span.
    const admins = asSeq(scope.local('admins'));
    expect(asScalar(admins.items[0]).span).toEqual(spanOf(text, 'bob'));
  });

  it('an unknown element stays local; an unknown condition makes an element that may or may not be there', () => {
    const text = 'locals {\n  arns = ["arn:aws:iam::111122223333:role/a", aws_iam_role.b.arn]\n  maps = [for a in local.arns : { rolearn = a, username = "u" }]\n  kept = [for a in local.arns : a if a != ""]\n}\n';
    const { scope } = load(text);
    const maps = asSeq(scope.local('maps'));
    expect(plain(maps)).toEqual([
      { rolearn: 'arn:aws:iam::111122223333:role/a', username: 'u' },
      { rolearn: '<unknown>', username: 'u' },
    ]);
    expect(plain(asSeq(scope.local('kept')))).toEqual(['arn:aws:iam::111122223333:role/a', '<unknown>']);
  });

  it('over an unknown collection the result is unknown', () => {
    const text = 'x = [for a in var.roles : { rolearn = a }]\ny = { for k, v in data.x.y : k => v }\n';
    const { value } = load(text);
    expect(value('x').kind).toBe('opaque');
    expect(value('y').kind).toBe('opaque');
  });
});
