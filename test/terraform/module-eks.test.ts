import { describe, expect, it } from 'vitest';
import { buildModel } from '../../src/engine.js';
import { loadFile } from '../../src/load-file.js';
import type { Model } from '../../src/model.js';
import { stringValue } from '../../src/source-node.js';
import { classifySource, majorsOf } from '../../src/terraform/module-eks.js';
import { sourceOf, spanOf } from './helpers.js';

function model(text: string): Model {
  return buildModel([loadFile({ path: 'main.tf', content: Buffer.from(text), explicit: true })]);
}

const V20 = `
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name        = "platform"
  authentication_mode = "API"
  access_entries = {
    admins = {
      principal_arn     = "arn:aws:iam::210987654321:role/platform-admins"
      kubernetes_groups = ["platform-admins"]
      policy_associations = {
        view = {
          policy_arn   = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy"
          access_scope = { type = "namespace", namespaces = ["apps"] }
        }
      }
    }
    ci = {
      principal_arn = "arn:aws:iam::210987654321:role/ci"
      type          = "STANDARD"
      user_name     = "ci"
    }
  }
}
`;

const V19 = `
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = ">= 19.0, < 20"

  cluster_name              = "legacy"
  manage_aws_auth_configmap = true
  aws_auth_roles = [
    {
      rolearn  = "arn:aws:iam::210987654321:role/platform-admins"
      username = "platform-admin"
      groups   = ["platform-admins"]
    },
  ]
  aws_auth_users = [
    {
      userarn  = "arn:aws:iam::210987654321:user/alice"
      username = "alice"
      groups   = ["viewers"]
    },
  ]
  aws_auth_accounts = ["210987654321"]
}
`;

describe('terraform-aws-modules/eks: versions and sources', () => {
  it('reads the majors a version constraint allows', () => {
    expect(majorsOf('~> 20.0')).toEqual({ min: 20, max: 20 });
    expect(majorsOf('~> 20')).toEqual({ min: 20, max: 20 });
    expect(majorsOf('20.8.4')).toEqual({ min: 20, max: 20 });
    expect(majorsOf('= 19.21.0')).toEqual({ min: 19, max: 19 });
    expect(majorsOf('>= 19.0, < 20')).toEqual({ min: 19, max: 19 });
    expect(majorsOf('>= 20.0')).toEqual({ min: 20, max: undefined });
    expect(majorsOf('>= 19, <= 20.5')).toEqual({ min: 19, max: 20 });
    expect(majorsOf('< 20.1')).toEqual({ min: 0, max: 20 });
    expect(majorsOf('latest')).toBeUndefined();
    expect(majorsOf('>= 21, < 20')).toBeUndefined();
  });

  it('recognises registry and git sources of the module and its aws-auth submodule', () => {
    expect(classifySource('terraform-aws-modules/eks/aws')).toEqual({ kind: 'root', ref: undefined });
    expect(classifySource('registry.terraform.io/terraform-aws-modules/eks/aws')).toEqual({ kind: 'root', ref: undefined });
    expect(classifySource('terraform-aws-modules/eks/aws//modules/aws-auth')).toEqual({ kind: 'aws-auth', ref: undefined });
    expect(classifySource('git::https://github.com/terraform-aws-modules/terraform-aws-eks.git?ref=v20.8.4')).toEqual({ kind: 'root', ref: 'v20.8.4' });
    expect(classifySource('github.com/terraform-aws-modules/terraform-aws-eks//modules/aws-auth?ref=v20.0.0')).toEqual({ kind: 'aws-auth', ref: 'v20.0.0' });
    expect(classifySource('git@github.com:terraform-aws-modules/terraform-aws-eks.git')).toEqual({ kind: 'root', ref: undefined });
    expect(classifySource('terraform-aws-modules/eks/aws//modules/karpenter')).toBeUndefined();
    expect(classifySource('cloudposse/eks-cluster/aws')).toBeUndefined();
  });
});

describe('terraform-aws-modules/eks: v20+ clusters and access entries', () => {
  it('gives a cluster with the module defaults and the entries of access_entries, with their policies', () => {
    const m = model(V20);
    expect(m.clusters).toHaveLength(1);
    const cluster = m.clusters[0];
    expect(cluster?.carrier).toBe('terraform');
    expect(cluster?.name).toBe('platform');
    expect(cluster?.authMode).toMatchObject({ value: 'API', source: 'explicit' });
    expect(cluster?.creatorAdmin).toMatchObject({ value: false, source: 'default' });
    expect(m.accessEntries).toHaveLength(2);
    for (const entry of m.accessEntries) expect(entry.cluster).toBe(cluster);
    expect(cluster?.accessEntries).toEqual(m.accessEntries);
    const [admins, ci] = m.accessEntries;
    expect(stringValue(admins?.principal)).toBe('arn:aws:iam::210987654321:role/platform-admins');
    expect(admins?.principal?.span).toEqual(spanOf(V20, '"arn:aws:iam::210987654321:role/platform-admins"'));
    expect(admins?.policies).toHaveLength(1);
    expect(stringValue(admins?.policies[0]?.arn)).toBe('arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy');
    expect(admins?.policies[0]?.scope?.kind).toBe('map');
    expect(stringValue(ci?.type)).toBe('STANDARD');
    expect(stringValue(ci?.username)).toBe('ci');
    expect(ci?.policies).toEqual([]);
    expect(m.configMaps).toEqual([]);
  });

  it('defaults the mode to API_AND_CONFIG_MAP and records an explicit creator admin', () => {
    const text = V20.replace('  authentication_mode = "API"\n', '  enable_cluster_creator_admin_permissions = true\n');
    const [cluster] = model(text).clusters;
    expect(cluster?.authMode).toMatchObject({ value: 'API_AND_CONFIG_MAP', source: 'default' });
    expect(cluster?.creatorAdmin).toMatchObject({ value: true, source: 'explicit' });
    // The module adds the creator's entry itself.
    expect(cluster?.accessEntriesIncomplete).toBe(true);
  });

  it('reads v21 names (name instead of cluster_name) and unknown access entries', () => {
    const text = `
variable "entries" {}
module "eks" {
  source         = "terraform-aws-modules/eks/aws"
  version        = "~> 21.0"
  name           = "next"
  access_entries = var.entries
}
`;
    const [cluster] = model(text).clusters;
    expect(cluster?.name).toBe('next');
    expect(cluster?.accessEntries).toEqual([]);
    expect(cluster?.accessEntriesIncomplete).toBe(true);
  });
});

describe('terraform-aws-modules/eks: v19 aws-auth inputs', () => {
  it('gives aws-auth mappings at the exact positions of aws_auth_roles, aws_auth_users and aws_auth_accounts', () => {
    const m = model(V19);
    expect(m.clusters).toEqual([]);
    expect(m.configMaps).toHaveLength(1);
    expect(m.configMaps[0]?.carrier).toBe('terraform');
    expect(m.sections.map((s) => [s.name, s.label])).toEqual([
      ['mapRoles', 'aws_auth_roles'],
      ['mapUsers', 'aws_auth_users'],
      ['mapAccounts', 'aws_auth_accounts'],
    ]);
    expect(m.mappings.map((x) => x.kind)).toEqual(['role', 'user']);
    const [role, user] = m.mappings;
    expect(role?.principal?.span).toEqual(spanOf(V19, '"arn:aws:iam::210987654321:role/platform-admins"'));
    expect(sourceOf(V19, role?.username?.span ?? spanOf(V19, 'x'))).toBe('"platform-admin"');
    expect(sourceOf(V19, role?.groups?.span ?? spanOf(V19, 'x'))).toBe('["platform-admins"]');
    expect(user?.principal?.span).toEqual(spanOf(V19, '"arn:aws:iam::210987654321:user/alice"'));
    expect(m.accounts).toHaveLength(1);
    expect(m.accounts[0]?.node.span).toEqual(spanOf(V19, '"210987654321"'));
  });

  it('writes nothing when the module does not manage aws-auth (v19 default)', () => {
    const m = model(V19.replace('  manage_aws_auth_configmap = true\n', ''));
    expect(m.configMaps).toEqual([]);
    expect(m.mappings).toEqual([]);
  });

  it('reads v17 map_roles and the v20 aws-auth submodule', () => {
    const v17 = `
module "eks" {
  source    = "terraform-aws-modules/eks/aws"
  version   = "17.24.0"
  map_roles = [{ rolearn = "arn:aws:iam::210987654321:role/a", username = "a", groups = ["g"] }]
}
module "aws_auth" {
  source         = "terraform-aws-modules/eks/aws//modules/aws-auth"
  version        = "~> 20.0"
  aws_auth_roles = [{ rolearn = "arn:aws:iam::210987654321:role/b", username = "b", groups = ["g"] }]
}
`;
    const m = model(v17);
    expect(m.sections.map((s) => s.label)).toEqual(['map_roles', 'aws_auth_roles']);
    expect(m.mappings.map((x) => stringValue(x.principal))).toEqual(['arn:aws:iam::210987654321:role/a', 'arn:aws:iam::210987654321:role/b']);
  });
});

describe('terraform-aws-modules/eks: unknown versions stay silent', () => {
  it('reads no cluster and no aws-auth without a version, with an unknown one, or with one that spans v19 and v20', () => {
    for (const version of ['', '  version = var.v\n', '  version = ">= 19.0"\n']) {
      const text = `
variable "v" {}
module "eks" {
  source = "terraform-aws-modules/eks/aws"
${version}
  cluster_name              = "x"
  manage_aws_auth_configmap = true
  aws_auth_roles            = [{ rolearn = "arn:aws:iam::210987654321:role/a", username = "a", groups = ["g"] }]
  access_entries            = { a = { principal_arn = "arn:aws:iam::210987654321:role/a" } }
}
`;
      const m = model(text);
      expect(m.clusters, version).toEqual([]);
      expect(m.configMaps, version).toEqual([]);
      expect(m.accessEntries, version).toEqual([]);
      expect(m.eksModules?.[0]?.majors?.max, version).toBeUndefined();
    }
  });
});
