import { describe, expect, it } from 'vitest';
import { walkNodes, type SourceNode } from '../../src/source-node.js';
import { dynamicInstances, evaluate, instances, moduleScope, referenceOf, traversal } from '../../src/terraform/evaluate.js';
import { asScalar, asSeq, attributeExpr, entry, item, load, parseOk, plain, sourceOf, spanOf, must } from './helpers.js';

/** Every attribute here is something only Terraform knows. */
const UNKNOWN = [
  'a  = var.no_default',
  'b  = module.eks.cluster_name',
  'c  = data.aws_caller_identity.current.arn',
  'd  = aws_iam_role.node.arn',
  'e  = each.value',
  'f  = each.key',
  'g  = count.index',
  'h  = path.module',
  'i  = terraform.workspace',
  'j  = self.id',
  'k  = "arn:aws:iam::${var.no_default}:role/admin"',
  'l  = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:role/x"',
  'm  = <<EOT\n- rolearn: ${aws_iam_role.node.arn}\nEOT',
  'n  = var.no_default + 1',
  'o  = -module.m.count',
  'p  = !var.flag',
  'q  = var.flag ? "a" : "b"',
  'r  = cidrsubnet(var.cidr, 8, 1)',
  's  = templatefile("aws-auth.tpl", { roles = [] })',
  't  = provider::aws::arn_parse("arn:aws:iam::111122223333:role/x")',
  'u  = lower(data.x.y.name)',
  'v  = format("arn:aws:iam::%s:root", data.aws_caller_identity.current.account_id)',
  'w  = join(":", ["arn", var.partition])',
  'x  = aws_iam_role.x[*].arn',
  'y  = module.m.list[0]',
  'z  = local.missing',
  'aa = yamlencode(var.roles)',
  'ab = merge(var.a, { k = "v" })',
  'ac = [for r in var.roles : r.arn]',
  'ad = "%{ if var.on }x%{ endif }"',
  'ae = tolist(data.aws_iam_roles.admin.arns)[0]',
  'af = try(var.no_default, "fallback")',
  'ag = var.no_default == "x"',
  'ah = { (var.key) = "value" }',
  'ai = "${var.no_default}"',
  'aj = length(var.list)',
  'ak = element(var.list, 0)',
  'al = concat(var.a, var.b)[0]',
  'am = regex("^arn:(.*)$", "arn:aws")',
];

describe('unknown values', () => {
  it('every expression built on something only Terraform knows is opaque, spanning the expression', () => {
    const text = `variable "no_default" {}\n${UNKNOWN.join('\n')}\n`;
    const { file, scope } = load(text);
    for (const attribute of file.body.attributes) {
      const node = evaluate(attribute.expr, file, scope);
      expect(node.kind, `${attribute.name} = ${sourceOf(text, node.span)}`).toBe('opaque');
      expect(node.span.file).toBe('main.tf');
      expect(node.span.startOffset).toBeGreaterThanOrEqual(attribute.expr.range.start);
      expect(node.span.endOffset).toBeLessThanOrEqual(attribute.expr.range.end);
    }
  });

  it('no scalar ever comes out of an unknown part, however it is wrapped', () => {
    const text = `variable "no_default" {}\n${UNKNOWN.map((line) => line.replace(/^(\w+)\s*=/, '$1 = [{ v = ')).map((line) => `${line}\n}]`).join('\n')}\n`;
    const { file, scope } = load(text);
    for (const attribute of file.body.attributes) {
      const node = evaluate(attribute.expr, file, scope);
      const scalars: SourceNode[] = [];
      walkNodes(node, (n) => {
        if (n.kind === 'scalar') scalars.push(n);
      });
      expect(scalars, attribute.name).toEqual([]);
      expect(entry(item(node, 0), 'v').kind, attribute.name).toBe('opaque');
    }
  });

  it('a template with one unknown interpolation is unknown as a whole: no half-built ARN reaches the rules', () => {
    const { value, text } = load('x = "arn:aws:iam::${var.account}:role/admin"\n');
    const x = value('x');
    expect(x.kind).toBe('opaque');
    expect(x.span).toEqual(spanOf(text, '"arn:aws:iam::${var.account}:role/admin"'));
  });

  it('unknown items and values stay local: the rest of the list or object is known', () => {
    const text = 'x = [\n  { rolearn = module.node.arn, username = "system:node:{{EC2PrivateDNSName}}", groups = ["system:nodes"] },\n  data.x.y,\n  "known",\n]\n';
    const x = load(text).value('x');
    expect(plain(x)).toEqual([{ rolearn: '<unknown>', username: 'system:node:{{EC2PrivateDNSName}}', groups: ['system:nodes'] }, '<unknown>', 'known']);
    expect(entry(item(x, 0), 'rolearn').span).toEqual(spanOf(text, 'module.node.arn'));
    expect(item(x, 1).span).toEqual(spanOf(text, 'data.x.y'));
  });
});

describe('references', () => {
  it('unknown values read from Terraform say what they read, through locals and lists', () => {
    const text = [
      'locals {',
      '  me = data.aws_caller_identity.current.arn',
      '  roles = [aws_iam_role.node.arn, module.eks.node_roles[0], aws_iam_role.x[*].arn, data.y["k"].z]',
      '}',
      'a = local.me',
      'b = local.roles',
      'c = var.undeclared.field',
      '',
    ].join('\n');
    const { value } = load(text);
    expect(referenceOf(value('a'))).toEqual(['data', 'aws_caller_identity', 'current', 'arn']);
    expect(value('a').span).toEqual(spanOf(text, 'data.aws_caller_identity.current.arn'));
    expect(asSeq(value('b')).items.map(referenceOf)).toEqual([
      ['aws_iam_role', 'node', 'arn'],
      ['module', 'eks', 'node_roles', 0],
      ['aws_iam_role', 'x', '*', 'arn'],
      ['data', 'y', 'k', 'z'],
    ]);
    expect(referenceOf(value('c'))).toEqual(['var', 'undeclared', 'field']);
  });

  it('traversal() gives the path an expression refers to, through parentheses, "${...}" and locals', () => {
    const text = [
      'locals {',
      '  cluster = aws_eks_cluster.main',
      '  name    = local.cluster.name',
      '}',
      'a = aws_eks_cluster.main.name',
      'b = data.aws_caller_identity.current.arn',
      'c = (aws_eks_cluster.this[0].name)',
      'd = "${aws_eks_cluster.main.id}"',
      'e = aws_iam_role.x[*].arn',
      'f = local.name',
      'g = "prefix-${aws_eks_cluster.main.name}"',
      'h = module.eks.cluster_name',
      '',
    ].join('\n');
    const { file, scope } = load(text);
    const path = (name: string): unknown => traversal(attributeExpr(file.body, name), scope);
    expect(path('a')).toEqual(['aws_eks_cluster', 'main', 'name']);
    expect(path('b')).toEqual(['data', 'aws_caller_identity', 'current', 'arn']);
    expect(path('c')).toEqual(['aws_eks_cluster', 'this', 0, 'name']);
    expect(path('d')).toEqual(['aws_eks_cluster', 'main', 'id']);
    expect(path('e')).toEqual(['aws_iam_role', 'x', '*', 'arn']);
    expect(path('f')).toEqual(['aws_eks_cluster', 'main', 'name']);
    expect(traversal(attributeExpr(file.body, 'f'))).toEqual(['local', 'name']);
    expect(path('g')).toBeUndefined();
    expect(path('h')).toEqual(['module', 'eks', 'cluster_name']);
  });
});

describe('instances of for_each, count and dynamic blocks', () => {
  it('for_each over a known map binds each.key and each.value', () => {
    const text = [
      'locals {',
      '  entries = {',
      '    admin = { principal_arn = "arn:aws:iam::111122223333:role/admin", type = "STANDARD" }',
      '    nodes = { principal_arn = "arn:aws:iam::111122223333:role/node", type = "EC2_LINUX" }',
      '  }',
      '}',
      'resource "aws_eks_access_entry" "this" {',
      '  for_each      = local.entries',
      '  principal_arn = each.value.principal_arn',
      '  type          = try(each.value.type, "STANDARD")',
      '  user_name     = "user-${each.key}"',
      '}',
      '',
    ].join('\n');
    const file = parseOk('main.tf', text);
    const scope = moduleScope([file]);
    const block = file.body.blocks[1];
    if (block === undefined) throw new Error('no resource');
    const list = instances(block, file, scope);
    expect(list?.map((i) => plain(must(i.key)))).toEqual(['admin', 'nodes']);
    const second = list?.[1];
    if (second === undefined) throw new Error('no instance');
    const options = { bindings: second.bindings };
    const arn = asScalar(evaluate(attributeExpr(block.body, 'principal_arn'), file, scope, options));
    expect(arn).toMatchObject({ value: 'arn:aws:iam::111122223333:role/node', span: spanOf(text, '"arn:aws:iam::111122223333:role/node"') });
    expect(asScalar(evaluate(attributeExpr(block.body, 'type'), file, scope, options)).value).toBe('EC2_LINUX');
    expect(asScalar(evaluate(attributeExpr(block.body, 'user_name'), file, scope, options)).value).toBe('user-nodes');
    // Without bindings, each.* is unknown.
    expect(evaluate(attributeExpr(block.body, 'principal_arn'), file, scope).kind).toBe('opaque');
  });

  it('for_each over a set of strings (each.key = each.value), count, no meta-argument, unknown for_each', () => {
    const text = [
      'resource "a" "set" {\n  for_each = toset(["x", "y"])\n}',
      'resource "a" "count" {\n  count = 2\n}',
      'resource "a" "plain" {\n}',
      'resource "a" "unknown" {\n  for_each = var.things\n}',
      '',
    ].join('\n');
    const file = parseOk('main.tf', text);
    const scope = moduleScope([file]);
    const [set, count, plainBlock, unknown] = file.body.blocks;
    if (set === undefined || count === undefined || plainBlock === undefined || unknown === undefined) throw new Error('blocks');
    const sets = instances(set, file, scope);
    expect(sets?.map((i) => plain(entry(i.bindings.each, 'value')))).toEqual(['x', 'y']);
    expect(sets?.map((i) => plain(entry(i.bindings.each, 'key')))).toEqual(['x', 'y']);
    expect(instances(count, file, scope)?.map((i) => plain(entry(i.bindings.count, 'index')))).toEqual([0, 1]);
    expect(instances(plainBlock, file, scope)).toEqual([{ key: undefined, bindings: {} }]);
    expect(instances(unknown, file, scope)).toBeUndefined();
  });

  it('dynamic blocks: one set of bindings per element, under the block name or its iterator', () => {
    const text = [
      'resource "aws_eks_access_policy_association" "x" {',
      '  dynamic "access_scope" {',
      '    for_each = [{ type = "namespace", namespaces = ["a"] }]',
      '    content {',
      '      type = access_scope.value.type',
      '    }',
      '  }',
      '  dynamic "other" {',
      '    for_each = ["k"]',
      '    iterator = it',
      '    content {',
      '      name = it.value',
      '    }',
      '  }',
      '}',
      '',
    ].join('\n');
    const file = parseOk('main.tf', text);
    const scope = moduleScope([file]);
    const [scopeBlock, other] = file.body.blocks[0]?.body.blocks ?? [];
    if (scopeBlock === undefined || other === undefined) throw new Error('blocks');
    const bindings = dynamicInstances(scopeBlock, file, scope);
    expect(bindings).toHaveLength(1);
    const content = scopeBlock.body.blocks[0];
    if (content === undefined || bindings?.[0] === undefined) throw new Error('content');
    expect(asScalar(evaluate(attributeExpr(content.body, 'type'), file, scope, { bindings: bindings[0] })).value).toBe('namespace');
    const otherBindings = dynamicInstances(other, file, scope);
    const otherContent = other.body.blocks[0];
    if (otherContent === undefined || otherBindings?.[0] === undefined) throw new Error('content');
    expect(asScalar(evaluate(attributeExpr(otherContent.body, 'name'), file, scope, { bindings: otherBindings[0] })).value).toBe('k');
  });
});
