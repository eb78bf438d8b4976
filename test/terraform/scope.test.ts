import { describe, expect, it } from 'vitest';
import { evaluate, evaluateAttribute, moduleScope, parseTfFile, referenceOf } from '../../src/terraform/evaluate.js';
import { asScalar, asSeq, attributeExpr, entry, item, parseOk, plain, spanOf, must } from './helpers.js';

const ADMIN = 'arn:aws:iam::111122223333:role/admin';

describe('module scope', () => {
  it('locals and variable defaults resolve across the files of one module, spans in the file that writes them', () => {
    const variablesText = [
      'variable "account_id" {',
      '  type    = string',
      '  default = "111122223333"',
      '}',
      'variable "admins" {',
      '  type    = list(string)',
      '  default = ["admin", "ops"]',
      '}',
      'variable "region" {}',
      '',
    ].join('\n');
    const localsText = [
      'locals {',
      '  prefix = "arn:aws:iam::${var.account_id}:role"',
      '  admin_roles = [for name in var.admins : {',
      '    rolearn  = "${local.prefix}/${name}"',
      '    username = name',
      '  }]',
      '}',
      '',
    ].join('\n');
    const mainText = [
      'module "eks" {',
      '  aws_auth_roles = local.admin_roles',
      '  region         = var.region',
      '}',
      '',
    ].join('\n');
    const variables = parseOk('variables.tf', variablesText);
    const locals = parseOk('locals.tf', localsText);
    const main = parseOk('main.tf', mainText);
    const scope = moduleScope([main, locals, variables]);

    const roles = evaluate(attributeExpr(main.body, 'aws_auth_roles'), main, scope);
    expect(plain(roles)).toEqual([
      { rolearn: ADMIN, username: 'admin' },
      { rolearn: 'arn:aws:iam::111122223333:role/ops', username: 'ops' },
    ]);
    const username = asScalar(entry(item(roles, 1), 'username'));
    expect(username.span).toEqual(spanOf(variablesText, '"ops"', 0, 'variables.tf'));
    expect(asSeq(roles).span).toEqual(spanOf(localsText, localsText.slice(localsText.indexOf('[for'), localsText.indexOf('}]') + 2), 0, 'locals.tf'));
    // The ARN is built in locals.tf: literal parts map there; the account id comes from variables.tf, so it maps to its interpolation.
    const arn = asScalar(entry(item(roles, 0), 'rolearn'));
    expect(arn.span.file).toBe('locals.tf');

    const region = evaluate(attributeExpr(main.body, 'region'), main, scope);
    expect(region.kind).toBe('opaque');
    expect(referenceOf(region)).toEqual(['var', 'region']);
    expect(region.span).toEqual(spanOf(mainText, 'var.region'));

    expect(scope.localNames().sort()).toEqual(['admin_roles', 'prefix']);
    expect(scope.variableNames().sort()).toEqual(['account_id', 'admins', 'region']);
    expect(asScalar(scope.local('prefix')).value).toBe('arn:aws:iam::111122223333:role');
    expect(scope.local('nope')).toBeUndefined();
    expect(scope.variable('region')?.kind).toBe('opaque');
    expect(scope.variable('nope')).toBeUndefined();
    expect(scope.file('locals.tf')).toBe(locals);
  });

  it("a variable's type converts its default: numbers to strings, undeclared object attributes dropped, sets without duplicates", () => {
    const text = [
      'variable "names" {',
      '  type    = list(string)',
      '  default = [1, true, "x"]',
      '}',
      'variable "roles" {',
      '  type    = list(object({ rolearn = string, groups = optional(set(string)) }))',
      '  default = [{ rolearn = "r", extra = 1, groups = ["a", "a", "b"] }]',
      '}',
      'variable "untyped" {',
      '  default = { a = 1 }',
      '}',
      '',
    ].join('\n');
    const scope = moduleScope([parseOk('variables.tf', text)]);
    const names = asSeq(scope.variable('names'));
    expect(plain(names)).toEqual(['1', 'true', 'x']);
    expect(asScalar(names.items[0])).toMatchObject({ type: 'string', span: spanOf(text, '1', 0, 'variables.tf') });
    expect(plain(must(scope.variable('roles')))).toEqual([{ rolearn: 'r', groups: ['a', 'b'] }]);
    expect(plain(must(scope.variable('untyped')))).toEqual({ a: 1 });
  });

  it('tfvars files override defaults, later files winning', () => {
    const variables = parseOk('variables.tf', 'variable "mode" {\n  default = "CONFIG_MAP"\n}\nvariable "admins" {}\n');
    const first = parseOk('terraform.tfvars', 'mode = "API_AND_CONFIG_MAP"\nadmins = ["a"]\n');
    const second = parseOk('prod.auto.tfvars', 'mode = "API"\n');
    const scope = moduleScope([variables], { tfvars: [first, second] });
    expect(asScalar(scope.variable('mode'))).toMatchObject({ value: 'API', span: spanOf('mode = "API"\n', '"API"', 0, 'prod.auto.tfvars') });
    expect(plain(must(scope.variable('admins')))).toEqual(['a']);
  });

  it('cycles between locals are unknown, not a crash, and the rest of the value stays known', () => {
    const text = [
      'locals {',
      '  self = local.self',
      '  a    = local.b',
      '  b    = [local.c, "known"]',
      '  c    = local.a',
      '  d    = { x = local.d, y = "y" }',
      '  ok   = "fine"',
      '}',
      'x = [local.self, local.a, local.d, local.ok]',
      '',
    ].join('\n');
    const file = parseOk('main.tf', text);
    const scope = moduleScope([file]);
    const x = asSeq(evaluate(attributeExpr(file.body, 'x'), file, scope));
    expect(item(x, 0).kind).toBe('opaque');
    expect(plain(item(x, 1))).toEqual(['<unknown>', 'known']);
    expect(plain(item(x, 2))).toEqual({ x: '<unknown>', y: 'y' });
    expect(asScalar(item(x, 3)).value).toBe('fine');
    for (const name of scope.localNames()) expect(scope.local(name)).toBeDefined();
  });

  it('a reference to a local or variable the files do not define is unknown (the module may be only partly given)', () => {
    const file = parseOk('main.tf', 'x = local.elsewhere\ny = var.elsewhere\nz = try(var.elsewhere, "default")\n');
    const scope = moduleScope([file]);
    for (const name of ['x', 'y', 'z']) expect(evaluate(attributeExpr(file.body, name), file, scope).kind).toBe('opaque');
    expect(referenceOf(evaluate(attributeExpr(file.body, 'x'), file, scope))).toEqual(['local', 'elsewhere']);
  });

  it('duplicate definitions: the first local and the first variable are kept', () => {
    const file = parseOk('main.tf', 'locals {\n  a = 1\n}\nlocals {\n  a = 2\n}\nvariable "v" {\n  default = "one"\n}\nvariable "v" {\n  default = "two"\n}\n');
    const scope = moduleScope([file]);
    expect(asScalar(scope.local('a')).value).toBe(1);
    expect(asScalar(scope.variable('v')).value).toBe('one');
  });

  it('values are evaluated once and shared', () => {
    const file = parseOk('main.tf', 'locals {\n  roles = [{ a = 1 }]\n}\nx = local.roles\ny = local.roles\n');
    const scope = moduleScope([file]);
    expect(evaluate(attributeExpr(file.body, 'x'), file, scope)).toBe(evaluate(attributeExpr(file.body, 'y'), file, scope));
  });

  it('parseTfFile reports syntax errors with spans and keeps what it could parse; evaluateAttribute reads the last attribute of a body', () => {
    const text = 'locals {\n  a = "one"\n}\nbroken = [\nresource "x" "y" {\n  name = local.a\n  name = "two"\n}\n';
    const { file, errors } = parseTfFile('main.tf', text);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]?.span.file).toBe('main.tf');
    const scope = moduleScope([file]);
    const resource = file.body.blocks.find((b) => b.type === 'resource');
    if (resource === undefined) throw new Error('the resource after the error was not parsed');
    expect(asScalar(evaluateAttribute(resource.body, 'name', file, scope)).value).toBe('two');
    expect(evaluateAttribute(resource.body, 'missing', file, scope)).toBeUndefined();
    expect(scope.localDefinition('a')?.file).toBe(file);
    expect(scope.variableBlock('a')).toBeUndefined();
  });
});
