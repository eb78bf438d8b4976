import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { runEngine } from '../../src/engine.js';
import type { InputFile } from '../../src/input.js';
import { loadFile, loadFiles } from '../../src/load-file.js';

const BUCKET = 'resource "aws_s3_bucket" "logs" {\n  bucket = local.name\n}\n';
const LOCALS = 'locals {\n  name = "logs"\n  admin = "arn:aws:iam::210987654321:role/team/admin"\n}\n';
const AWS_AUTH = [
  'resource "kubernetes_config_map_v1_data" "aws_auth" {',
  '  metadata {',
  '    name      = "aws-auth"',
  '    namespace = "kube-system"',
  '  }',
  '  data = {',
  '    mapRoles = yamlencode([{ rolearn = local.admin, username = "admin", groups = ["admins"] }])',
  '  }',
  '}',
  '',
].join('\n');
/** The EKS module block matches none of the words of an EKS resource type, but its directory must still be read. */
const MODULE = 'module "cluster" {\n  source  = "terraform-aws-modules/eks/aws"\n  version = "~> 19.0"\n  manage_aws_auth_configmap = true\n  aws_auth_roles = [{ rolearn = local.admin, username = "admin", groups = ["admins"] }]\n}\n';

const file = (path: string, content: string, explicit = false): InputFile => ({ path, content, explicit });

describe('loadFiles: Terraform parsed only where a module may hold EKS authentication', () => {
  const files = [
    file('infra/storage/main.tf', BUCKET),
    file('infra/storage/locals.tf', LOCALS),
    file('infra/eks/auth.tf', AWS_AUTH),
    file('infra/eks/locals.tf', LOCALS),
    file('infra/module/main.tf', MODULE),
    file('infra/module/locals.tf', LOCALS),
    file('infra/named/main.tf', 'resource "aws_s3_bucket" "x" {\n', true),
  ];
  const loaded = new Map(loadFiles(files).map((f) => [f.path, f]));

  it('skips the files of a directory that mentions no EKS authentication, without parsing them', () => {
    for (const path of ['infra/storage/main.tf', 'infra/storage/locals.tf']) {
      expect(loaded.get(path)?.status).toBe('not-relevant');
      expect(loaded.get(path)?.terraform).toBeUndefined();
    }
  });

  it('parses every file of a directory that does, so that their locals feed the EKS resources', () => {
    expect(loaded.get('infra/eks/locals.tf')?.terraform).toBeDefined();
    expect(loaded.get('infra/module/locals.tf')?.terraform).toBeDefined();
    expect(loaded.get('infra/module/main.tf')?.terraform).toBeDefined();
  });

  it('always parses a named file, and reports its syntax errors', () => {
    expect(loaded.get('infra/named/main.tf')).toMatchObject({ status: 'failed', reason: 'does not parse' });
  });

  it('gives the same findings as parsing every file', () => {
    const gated = runEngine(files, { rules }).findings;
    expect(gated.map((f) => `${f.ruleId} ${f.span.file}:${String(f.span.start.line)}`)).toEqual(
      expect.arrayContaining(['role-arn-path infra/eks/locals.tf:3', 'role-arn-path infra/module/locals.tf:3']),
    );
    const everything = files.map((f) => loadFile(f));
    expect(everything.filter((f) => f.terraform !== undefined)).toHaveLength(files.length);
    expect(loadFiles(files).map((f) => f.configMaps)).toEqual(everything.map((f) => f.configMaps));
  });

  it('reports progress as it goes', () => {
    const calls: [number, number][] = [];
    loadFiles(files, (done, total) => calls.push([done, total]));
    expect(calls).toEqual(files.map((_, index) => [index, files.length]));
  });
});
