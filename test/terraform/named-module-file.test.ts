import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/lint.js';

/** A module split over files as teams write it: the cluster in one, the admin entry and the policies in others. */
const MODULE: Record<string, string> = {
  'cluster.tf': `resource "aws_eks_cluster" "main" {
  name     = "payments"
  role_arn = "arn:aws:iam::210987654321:role/eks-cluster"
  vpc_config {
    subnet_ids = ["subnet-1", "subnet-2"]
  }
  access_config {
    authentication_mode                         = "API"
    bootstrap_cluster_creator_admin_permissions = false
  }
}
`,
  'admin.tf': `resource "aws_eks_access_entry" "admin" {
  cluster_name  = aws_eks_cluster.main.name
  principal_arn = "arn:aws:iam::210987654321:role/platform-admin"
}
resource "aws_eks_access_policy_association" "admin" {
  cluster_name  = aws_eks_cluster.main.name
  principal_arn = aws_eks_access_entry.admin.principal_arn
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
  access_scope {
    type = "cluster"
  }
}
`,
  'access.tf': `resource "aws_eks_access_entry" "viewer" {
  cluster_name  = aws_eks_cluster.main.name
  principal_arn = "arn:aws:iam::210987654321:role/viewer"
}
`,
  'policy.tf': `resource "aws_eks_access_policy_association" "viewer" {
  cluster_name  = aws_eks_cluster.main.name
  principal_arn = aws_eks_access_entry.viewer.principal_arn
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy"
  access_scope {
    type = "cluster"
  }
}
`,
};

function moduleTree(): string {
  const root = mkdtempSync(join(tmpdir(), 'eal-tf-module-'));
  mkdirSync(join(root, '.git'));
  mkdirSync(join(root, 'infra'));
  for (const [name, content] of Object.entries(MODULE)) writeFileSync(join(root, 'infra', name), content);
  return root;
}

const summary = (findings: readonly { ruleId: string; span: { file: string; start: { line: number } } }[]): string[] =>
  findings.map((f) => `${f.span.file}:${f.span.start.line} ${f.ruleId}`);

/** pre-commit names only the changed files; a module's other files still decide what is right. */
describe('a Terraform file named on its own is read with the rest of its module', () => {
  const root = moduleTree();

  it('the whole module has an admin (no cluster-lockout) and a policy for each entry (no no-permissions)', async () => {
    expect(summary((await lint({ paths: ['infra'], cwd: root })).findings)).toEqual(['infra/admin.tf:8 cluster-admin-grant']);
  });

  it.each(Object.keys(MODULE))('naming only infra/%s gives the same answer as the whole module', async (name) => {
    expect(summary((await lint({ paths: [`infra/${name}`], cwd: root })).findings)).toEqual(['infra/admin.tf:8 cluster-admin-grant']);
  });
});
