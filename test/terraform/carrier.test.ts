import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { buildModel, runEngine } from '../../src/engine.js';
import { loadFile } from '../../src/load-file.js';
import type { Model } from '../../src/model.js';
import { stringValue } from '../../src/source-node.js';

function model(files: Record<string, string>): Model {
  return buildModel(Object.entries(files).map(([path, text]) => loadFile({ path, content: Buffer.from(text), explicit: true })));
}

const CLUSTER = `
resource "aws_eks_cluster" "main" {
  name     = "platform"
  role_arn = aws_iam_role.cluster.arn
  vpc_config {
    subnet_ids = var.subnet_ids
  }
}
`;

describe('Terraform carrier: clusters', () => {
  it('reads a raw aws_eks_cluster without access_config: CONFIG_MAP and creator admin by default', () => {
    const [cluster] = model({ 'main.tf': CLUSTER }).clusters;
    expect(cluster?.carrier).toBe('terraform');
    expect(cluster?.name).toBe('platform');
    expect(cluster?.region).toBeUndefined();
    expect(cluster?.authMode).toMatchObject({ value: 'CONFIG_MAP', source: 'default', defaultOf: 'the aws_eks_cluster resource' });
    expect(cluster?.creatorAdmin).toMatchObject({ value: true, source: 'default' });
    expect(cluster?.accessConfigSpan).toBeUndefined();
  });

  it('records the implicit false of an access_config block that omits the creator admin setting', () => {
    const text = CLUSTER.replace('  vpc_config {', '  access_config {\n    authentication_mode = "API"\n  }\n  vpc_config {');
    const [cluster] = model({ 'main.tf': text }).clusters;
    expect(cluster?.authMode).toMatchObject({ value: 'API', source: 'explicit' });
    expect(cluster?.creatorAdmin.value).toBe(false);
    expect(cluster?.creatorAdmin.source).toBe('default');
    expect(cluster?.creatorAdmin.defaultOf).toContain('sends false');
    expect(cluster?.accessConfigSpan?.start).toEqual({ line: 5, column: 3 });
  });

  it('reads explicit, variable-defaulted and unknown settings, hybrid and auto mode', () => {
    const text = `
variable "mode" {
  default = "API_AND_CONFIG_MAP"
}
resource "aws_eks_cluster" "a" {
  name = "a"
  access_config {
    authentication_mode                         = var.mode
    bootstrap_cluster_creator_admin_permissions = false
  }
  remote_network_config {
    remote_node_networks {
      cidrs = ["10.0.0.0/16"]
    }
  }
  compute_config {
    enabled = true
  }
}
resource "aws_eks_cluster" "b" {
  name = var.name
  access_config {
    authentication_mode                         = var.unknown
    bootstrap_cluster_creator_admin_permissions = data.x.y.z
  }
}
`;
    const [a, b] = model({ 'main.tf': text }).clusters;
    expect(a?.authMode).toMatchObject({ value: 'API_AND_CONFIG_MAP', source: 'explicit' });
    expect(a?.creatorAdmin).toMatchObject({ value: false, source: 'explicit' });
    expect(a?.nodes.hybrid?.start.line).toBe(11);
    expect(a?.nodes.autoMode?.start.line).toBe(17);
    expect(b?.name).toBeUndefined();
    expect(b?.authMode.source).toBe('unknown');
    expect(b?.creatorAdmin.source).toBe('unknown');
  });
});

describe('Terraform carrier: access entries and policy associations', () => {
  const text = `${CLUSTER}
resource "aws_eks_access_entry" "admins" {
  cluster_name      = aws_eks_cluster.main.name
  principal_arn     = "arn:aws:iam::210987654321:role/admins"
  kubernetes_groups = ["admins"]
  user_name         = "admin"
  type              = "STANDARD"
}
resource "aws_eks_access_entry" "literal" {
  cluster_name  = "platform"
  principal_arn = "arn:aws:iam::210987654321:role/viewers"
}
resource "aws_eks_access_policy_association" "admins" {
  cluster_name  = aws_eks_cluster.main.name
  principal_arn = aws_eks_access_entry.admins.principal_arn
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
  access_scope {
    type = "cluster"
  }
}
resource "aws_eks_access_policy_association" "viewers" {
  cluster_name  = "platform"
  principal_arn = "arn:aws:iam::210987654321:role/viewers"
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy"
  access_scope {
    type       = "namespace"
    namespaces = ["apps", "web"]
  }
}
`;

  it('ties entries to their cluster by reference or literal name, and policies to their entry', () => {
    const m = model({ 'main.tf': text });
    const [cluster] = m.clusters;
    expect(m.accessEntries).toHaveLength(2);
    expect(cluster?.accessEntries).toHaveLength(2);
    const [admins, viewers] = m.accessEntries;
    expect(admins?.carrier).toBe('terraform');
    expect(admins?.cluster).toBe(cluster);
    expect(viewers?.cluster).toBe(cluster);
    expect(stringValue(admins?.principal)).toBe('arn:aws:iam::210987654321:role/admins');
    expect(stringValue(admins?.username)).toBe('admin');
    expect(stringValue(admins?.type)).toBe('STANDARD');
    expect(admins?.kubernetesGroups?.kind).toBe('seq');
    expect(admins?.policies.map((p) => stringValue(p.arn))).toEqual(['arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy']);
    expect(viewers?.policies).toHaveLength(1);
    const scope = viewers?.policies[0]?.scope;
    expect(scope?.kind).toBe('map');
    expect(cluster?.accessEntriesIncomplete).toBeUndefined();
  });

  it('keeps entries whose for_each is unknown out of the cluster, and marks the cluster incomplete', () => {
    const m = model({
      'main.tf': `${CLUSTER}
resource "aws_eks_access_entry" "many" {
  for_each      = var.entries
  cluster_name  = aws_eks_cluster.main.name
  principal_arn = each.value.principal_arn
}
`,
    });
    expect(m.accessEntries).toHaveLength(1);
    expect(m.accessEntries[0]?.cluster).toBeUndefined();
    expect(m.accessEntries[0]?.principal?.kind).toBe('opaque');
    expect(m.clusters[0]?.accessEntriesIncomplete).toBe(true);
  });

  it('creates no instance for count = 0', () => {
    const m = model({ 'main.tf': `resource "aws_eks_access_entry" "x" {\n  count = 0\n  cluster_name = "a"\n  principal_arn = "arn:aws:iam::210987654321:role/x"\n}\n` });
    expect(m.accessEntries).toHaveLength(0);
  });
});

describe('Terraform carrier: aws-auth ConfigMaps', () => {
  it('reads metadata, data and each section kind: encoded, heredoc, unknown', () => {
    const m = model({
      'locals.tf': `locals {\n  roles = [{ rolearn = "arn:aws:iam::210987654321:role/a", username = "a", groups = ["a"] }]\n}\n`,
      'main.tf': `resource "kubernetes_config_map_v1_data" "aws_auth" {
  metadata {
    name      = "aws-auth"
    namespace = "kube-system"
  }
  data = {
    mapRoles    = yamlencode(local.roles)
    mapUsers    = <<-EOT
      - userarn: arn:aws:iam::210987654321:user/bob
        username: bob
    EOT
    mapAccounts = var.accounts
  }
}
`,
    });
    const [configMap] = m.configMaps;
    expect(configMap?.carrier).toBe('terraform');
    expect(configMap?.name?.value).toBe('aws-auth');
    expect(configMap?.namespace?.value).toBe('kube-system');
    expect(configMap?.sections.map((s) => [s.name, s.content.kind])).toEqual([
      ['mapRoles', 'parsed'],
      ['mapUsers', 'parsed'],
      ['mapAccounts', 'unknown'],
    ]);
    const [role, user] = m.mappings;
    // The role's ARN is written in locals.tf; the user's inside the heredoc of main.tf.
    expect(role?.principal?.span).toMatchObject({ file: 'locals.tf', start: { line: 2, column: 24 } });
    expect(user?.principal?.span).toMatchObject({ file: 'main.tf', start: { line: 9, column: 18 } });
  });

  it('ignores ConfigMaps that are not aws-auth', () => {
    const m = model({ 'main.tf': `resource "kubernetes_config_map" "x" {\n  metadata {\n    name = "other"\n  }\n  data = {\n    key = "value"\n  }\n}\n` });
    expect(m.configMaps).toHaveLength(0);
  });

  it('reports a syntax error as a parse failure at its position, and still reads the module', () => {
    const m = model({ 'main.tf': `${CLUSTER}\nresource "aws_eks_access_entry" "x" {\n  cluster_name = \n}\n` });
    expect(m.parseFailures).toHaveLength(1);
    expect(m.parseFailures[0]?.span.file).toBe('main.tf');
    expect(m.parseFailures[0]?.span.start.line).toBeGreaterThanOrEqual(10);
    expect(m.parseFailures[0]?.message).toContain('Terraform');
  });
});

const CORPUS = '/work/shared/corpus/realworld/terraform';

describe('Terraform carrier: real-world corpus', () => {
  const files = readdirSync(CORPUS).filter((f) => /\.(tf|tofu)$/.test(f)).sort();
  const run = (names: readonly string[]) =>
    runEngine(names.map((name) => ({ path: `terraform/${name}`, content: readFileSync(join(CORPUS, name)), explicit: true })), { rules });

  it('reads every file without a crash or a parse error, each file alone and all together', () => {
    const all = run(files);
    expect(all.findings.filter((f) => f.ruleId === 'parse-error')).toEqual([]);
    expect(all.files.filter((f) => f.status === 'failed')).toEqual([]);
  });

  it('reports only what the files really say (each file linted alone: the corpus mixes unrelated repositories)', () => {
    const findings = files.flatMap((name) => run([name]).findings.map((f) => `${f.span.file}:${f.span.start.line}:${f.span.start.column} ${f.ruleId}`));
    expect(findings).toEqual([
      // Raw aws_eks_cluster resources without access_config: the cluster stays on CONFIG_MAP.
      'terraform/Young-ook__terraform-aws-eks__main.tf:32:1 legacy-auth-mode',
      // terraform-aws-modules/eks modules: v20+ access_entries, v18/v19 aws_auth_* inputs (src/terraform/module-eks.ts).
      'terraform/aws-ia__terraform-aws-eks-blueprints__docs__v4-to-v5__example__v5.tf:39:19 system-masters',
      'terraform/aws-ia__terraform-aws-eks-blueprints__patterns__blue-green-upgrade__modules__eks_cluster__main.tf:243:21 system-masters',
      'terraform/aws-ia__terraform-aws-eks-blueprints__patterns__gitops__multi-cluster-hub-spoke-argocd__spokes__main.tf:278:24 cluster-admin-grant',
      'terraform/aws-ia__terraform-aws-eks-blueprints__patterns__privatelink-access__eks.tf:32:24 cluster-admin-grant',
      'terraform/aws-ia__terraform-aws-eks-blueprints__patterns__sso-iam-identity-center__main.tf:83:24 cluster-admin-grant',
      'terraform/awslabs__data-on-eks__analytics__terraform__emr-eks-fargate__main__a80d174.tf:61:7 no-permissions',
      'terraform/awslabs__data-on-eks__analytics__terraform__emr-eks-karpenter__main__a80d174.tf:99:18 no-permissions',
      'terraform/awslabs__data-on-eks__schedulers__terraform__managed-airflow-mwaa__eks__a80d174.tf:18:19 system-masters',
      'terraform/awslabs__data-on-eks__schedulers__terraform__managed-airflow-mwaa__eks__a80d174.tf:24:18 no-permissions',
      'terraform/cookpad__terraform-aws-eks__main.tf:5:1 legacy-auth-mode',
      'terraform/ministryofjustice__cloud-platform-infrastructure__terraform__aws-accounts__cloud-platform-aws__vpc__eks__cluster.tf:325:19 system-masters',
      'terraform/ministryofjustice__cloud-platform-infrastructure__terraform__aws-accounts__cloud-platform-aws__vpc__eks__cluster.tf:330:19 system-masters',
      'terraform/ministryofjustice__cloud-platform-infrastructure__terraform__aws-accounts__cloud-platform-aws__vpc__eks__cluster.tf:335:19 system-masters',
      'terraform/ministryofjustice__cloud-platform-infrastructure__terraform__aws-accounts__cloud-platform-aws__vpc__eks__cluster.tf:340:19 system-masters',
      'terraform/ministryofjustice__cloud-platform-infrastructure__terraform__aws-accounts__cloud-platform-aws__vpc__eks__cluster.tf:345:19 system-masters',
      'terraform/ministryofjustice__cloud-platform-infrastructure__terraform__aws-accounts__cloud-platform-aws__vpc__eks__cluster.tf:350:19 system-masters',
      'terraform/ministryofjustice__cloud-platform-infrastructure__terraform__aws-accounts__cloud-platform-aws__vpc__eks__cluster.tf:355:19 system-masters',
      'terraform/ministryofjustice__cloud-platform-infrastructure__terraform__aws-accounts__cloud-platform-aws__vpc__eks__cluster.tf:360:19 system-masters',
      'terraform/ministryofjustice__cloud-platform-infrastructure__terraform__aws-accounts__cloud-platform-aws__vpc__eks__cluster.tf:365:19 system-masters',
      'terraform/ministryofjustice__cloud-platform-infrastructure__terraform__aws-accounts__cloud-platform-aws__vpc__eks__cluster.tf:370:19 system-masters',
      'terraform/ministryofjustice__cloud-platform-infrastructure__terraform__aws-accounts__cloud-platform-aws__vpc__eks__cluster.tf:375:19 system-masters',
      'terraform/ministryofjustice__cloud-platform-infrastructure__terraform__aws-accounts__cloud-platform-aws__vpc__eks__cluster.tf:380:19 system-masters',
      'terraform/ministryofjustice__cloud-platform-infrastructure__terraform__aws-accounts__cloud-platform-aws__vpc__eks__cluster.tf:387:19 session-controlled-identity',
      'terraform/ministryofjustice__cloud-platform-infrastructure__terraform__aws-accounts__cloud-platform-aws__vpc__eks__cluster.tf:388:19 system-masters',
    ]);
  });
});

describe('Terraform carrier: messages in Terraform words', () => {
  it('never quotes eksctl or CloudFormation for Terraform resources', () => {
    const text = `
resource "aws_eks_cluster" "main" {
  name = "platform"
  access_config {
    authentication_mode = "api"
  }
}
resource "aws_eks_access_entry" "a" {
  cluster_name      = aws_eks_cluster.main.name
  principal_arn     = "arn:aws:sts::210987654321:assumed-role/admins/session"
  type              = "STANDART"
  kubernetes_groups = ["system:masters"]
  user_name         = "eks:admin"
}
resource "aws_eks_access_policy_association" "a" {
  cluster_name  = aws_eks_cluster.main.name
  principal_arn = aws_eks_access_entry.a.principal_arn
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminPolicyy"
  access_scope {
    type       = "Namespace"
    namespaces = ["apps", "apps"]
  }
}
resource "aws_eks_access_policy_association" "b" {
  cluster_name  = aws_eks_cluster.main.name
  principal_arn = aws_eks_access_entry.a.principal_arn
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy"
}
`;
    const result = runEngine([{ path: 'main.tf', content: Buffer.from(text), explicit: true }], { rules });
    const messages = result.findings.map((f) => `${f.ruleId}: ${f.message}`);
    expect(messages.length).toBeGreaterThan(5);
    for (const message of messages) {
      expect(message).not.toMatch(/eksctl|CloudFormation|stack rolls back|accessEntries\[/);
    }
    expect(result.findings.map((f) => f.ruleId)).toEqual(expect.arrayContaining(['auth-mode-value', 'access-entry-type', 'reserved-group', 'access-scope']));
  });
});
