// Deterministic generator of synthetic repositories for the benchmark: a few aws-auth ConfigMaps (some
// with 1,000+ entries), eksctl configs and EKS Terraform modules among a majority of unrelated Kubernetes
// manifests, Terraform modules, JSON and other files, laid out like a monorepo.
// Usage: npx tsx scripts/bench/generate.ts --files N [--seed S] [--out DIR | --keep]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';

export interface GeneratedTree {
  readonly root: string;
  /** Every file written, including extensions the linter never reads. */
  readonly files: number;
  readonly bytes: number;
  /** Files with an extension the linter reads (.yaml, .yml, .json, .tf): what files per second counts. */
  readonly lintable: number;
  readonly lintableBytes: number;
  /** How many of the lintable files carry EKS authentication, by kind. */
  readonly relevant: Readonly<Record<'awsAuth' | 'eksctl' | 'terraformEks', number>>;
}

/** mulberry32: small, fast and the same sequence on every platform for a seed. */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

const WORDS = ['payments', 'billing', 'search', 'checkout', 'identity', 'ledger', 'catalog', 'orders', 'shipping', 'reports', 'gateway', 'notify', 'media', 'audit', 'fraud', 'pricing'];
const ACCOUNTS = ['210987654321', '567890123456', '345678901234', '456789012345'];

const name = (r: Random): string => `${r.pick(WORDS)}-${r.pick(WORDS)}`;
const account = (r: Random): string => r.pick(ACCOUNTS);

/** One mapRoles entry; a few carry the mistakes the linter exists for (path in the ARN, system:masters, duplicates). */
function mapRoleEntry(r: Random, index: number): string {
  const acct = account(r);
  if (index % 50 === 0) {
    return `    - rolearn: arn:aws:iam::${acct}:role/nodes-${index}-NodeInstanceRole\n      username: system:node:{{EC2PrivateDNSName}}\n      groups:\n        - system:bootstrappers\n        - system:nodes\n`;
  }
  const path = r.chance(0.02) ? 'teams/' : '';
  const role = index % 97 === 0 ? 'shared-admin' : `${name(r)}-${index}`;
  const group = r.chance(0.01) ? 'system:masters' : `${r.pick(WORDS)}-${r.pick(['viewers', 'editors', 'deployers'])}`;
  return `    - rolearn: arn:aws:iam::${acct}:role/${path}${role}\n      username: ${role}:{{SessionName}}\n      groups:\n        - ${group}\n`;
}

/** An aws-auth ConfigMap with `entries` mapRoles entries and a few mapUsers. */
export function awsAuthConfigMap(r: Random, entries: number): string {
  let roles = '';
  for (let i = 0; i < entries; i++) roles += mapRoleEntry(r, i);
  let users = '';
  for (let i = 0; i < Math.min(5, entries); i++) {
    users += `    - userarn: arn:aws:iam::${account(r)}:user/${r.pick(WORDS)}-${i}\n      username: ${r.pick(WORDS)}-${i}\n      groups:\n        - ${r.pick(WORDS)}-viewers\n`;
  }
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws-auth\n  namespace: kube-system\ndata:\n  mapRoles: |\n${roles}  mapUsers: |\n${users}`;
}

function eksctlConfig(r: Random, cluster: string): string {
  const acct = account(r);
  const mode = r.pick(['API_AND_CONFIG_MAP', 'API', 'CONFIG_MAP']);
  let entries = '';
  for (let i = 0; i < r.int(2, 6); i++) {
    entries += `    - principalARN: arn:aws:iam::${acct}:role/${name(r)}-${i}\n      kubernetesGroups: [${r.pick(WORDS)}-editors]\n      accessPolicies:\n        - policyARN: arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy\n          accessScope:\n            type: namespace\n            namespaces: [${r.pick(WORDS)}]\n`;
  }
  return `apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: ${cluster}\n  region: eu-west-1\naccessConfig:\n  authenticationMode: ${mode}\n  accessEntries:\n${mode === 'CONFIG_MAP' ? '    []\n' : entries}iamIdentityMappings:\n  - arn: arn:aws:iam::${acct}:role/legacy-${cluster}\n    username: legacy:{{SessionName}}\n    groups: [viewers]\nmanagedNodeGroups:\n  - name: general\n    instanceType: m6i.large\n    desiredCapacity: ${r.int(2, 9)}\n`;
}

/** An EKS Terraform module: the cluster and aws-auth in main.tf read locals and variables of the other files. */
function terraformEksModule(r: Random, cluster: string): Record<string, string> {
  const acct = account(r);
  let admins = '';
  for (let i = 0; i < r.int(2, 8); i++) admins += `    "arn:aws:iam::\${local.account_id}:role/${name(r)}-${i}",\n`;
  return {
    'main.tf': `resource "aws_eks_cluster" "this" {\n  name     = var.cluster_name\n  role_arn = aws_iam_role.cluster.arn\n\n  vpc_config {\n    subnet_ids = var.subnet_ids\n  }\n\n  access_config {\n    authentication_mode = "${r.pick(['API_AND_CONFIG_MAP', 'CONFIG_MAP'])}"\n  }\n}\n\nresource "aws_eks_access_entry" "admin" {\n  cluster_name  = aws_eks_cluster.this.name\n  principal_arn = "arn:aws:iam::${acct}:role/platform-admin"\n}\n\nresource "kubernetes_config_map_v1_data" "aws_auth" {\n  metadata {\n    name      = "aws-auth"\n    namespace = "kube-system"\n  }\n  force = true\n\n  data = {\n    mapRoles = yamlencode([\n      for arn in local.admin_roles : {\n        rolearn  = arn\n        username = "admin:{{SessionName}}"\n        groups   = [local.admin_group]\n      }\n    ])\n  }\n}\n`,
    'locals.tf': `locals {\n  account_id  = "${acct}"\n  admin_group = "${r.pick(WORDS)}-admins"\n  admin_roles = [\n${admins}  ]\n  tags = {\n    cluster = var.cluster_name\n    team    = "${r.pick(WORDS)}"\n  }\n}\n`,
    'variables.tf': `variable "cluster_name" {\n  type    = string\n  default = "${cluster}"\n}\n\nvariable "subnet_ids" {\n  type = list(string)\n}\n`,
    'iam.tf': `resource "aws_iam_role" "cluster" {\n  name               = "\${var.cluster_name}-cluster"\n  assume_role_policy = data.aws_iam_policy_document.assume.json\n  tags               = local.tags\n}\n\ndata "aws_iam_policy_document" "assume" {\n  statement {\n    actions = ["sts:AssumeRole"]\n    principals {\n      type        = "Service"\n      identifiers = ["eks.amazonaws.com"]\n    }\n  }\n}\n`,
  };
}

/** Unrelated Terraform: buckets, queues, IAM and network, with locals, for_each and templates. */
function unrelatedTerraform(r: Random, index: number): string {
  const n = name(r);
  const kind = index % 4;
  if (kind === 0) {
    return `resource "aws_s3_bucket" "${n.replace(/-/g, '_')}" {\n  bucket = "\${var.prefix}-${n}-${index}"\n  tags   = merge(local.tags, { Name = "${n}" })\n}\n\nresource "aws_s3_bucket_versioning" "this_${index}" {\n  bucket = aws_s3_bucket.${n.replace(/-/g, '_')}.id\n  versioning_configuration {\n    status = "Enabled"\n  }\n}\n`;
  }
  if (kind === 1) {
    let queues = '';
    for (let i = 0; i < r.int(2, 6); i++) queues += `    "${r.pick(WORDS)}-${i}",\n`;
    return `locals {\n  queues = [\n${queues}  ]\n  tags = {\n    owner = "${r.pick(WORDS)}"\n    env   = var.environment\n  }\n}\n\nresource "aws_sqs_queue" "q" {\n  for_each                   = toset(local.queues)\n  name                       = "\${var.environment}-\${each.value}"\n  visibility_timeout_seconds = ${r.int(30, 900)}\n  tags                       = local.tags\n}\n`;
  }
  if (kind === 2) {
    return `variable "environment" {\n  type        = string\n  description = "Deployment environment"\n  default     = "${r.pick(['dev', 'staging', 'prod'])}"\n}\n\nvariable "prefix" {\n  type    = string\n  default = "${n}"\n}\n\noutput "queue_arns" {\n  value = [for q in aws_sqs_queue.q : q.arn]\n}\n`;
  }
  return `resource "aws_iam_role" "${n.replace(/-/g, '_')}" {\n  name = "${n}-${index}"\n  assume_role_policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{\n      Effect    = "Allow"\n      Action    = "sts:AssumeRole"\n      Principal = { Service = "lambda.amazonaws.com" }\n    }]\n  })\n}\n\nresource "aws_security_group" "sg_${index}" {\n  name   = "${n}"\n  vpc_id = var.vpc_id\n  ingress {\n    from_port   = 443\n    to_port     = 443\n    protocol    = "tcp"\n    cidr_blocks = ["10.${r.int(0, 255)}.0.0/16"]\n  }\n}\n`;
}

/** Unrelated Kubernetes manifests: Deployments, Services, ordinary ConfigMaps, multi-document files. */
function unrelatedManifest(r: Random, index: number): string {
  const app = name(r);
  const kind = index % 4;
  if (kind === 0) {
    let env = '';
    for (let i = 0; i < r.int(3, 12); i++) env += `            - name: ${r.pick(WORDS).toUpperCase()}_${i}\n              value: "${r.pick(WORDS)}"\n`;
    return `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${app}\n  namespace: ${r.pick(WORDS)}\n  labels:\n    app.kubernetes.io/name: ${app}\nspec:\n  replicas: ${r.int(1, 6)}\n  selector:\n    matchLabels:\n      app.kubernetes.io/name: ${app}\n  template:\n    metadata:\n      labels:\n        app.kubernetes.io/name: ${app}\n    spec:\n      serviceAccountName: ${app}\n      containers:\n        - name: ${app}\n          image: registry.example.com/${app}:1.${r.int(0, 40)}.${r.int(0, 9)}\n          ports:\n            - containerPort: ${r.int(3000, 9000)}\n          env:\n${env}          resources:\n            requests:\n              cpu: ${r.int(50, 500)}m\n              memory: ${r.int(64, 1024)}Mi\n`;
  }
  if (kind === 1) {
    return `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${app}\nspec:\n  selector:\n    app.kubernetes.io/name: ${app}\n  ports:\n    - port: 80\n      targetPort: ${r.int(3000, 9000)}\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${app}\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::${account(r)}:role/${app}\n`;
  }
  if (kind === 2) {
    let data = '';
    for (let i = 0; i < r.int(3, 20); i++) data += `  ${r.pick(WORDS)}.${i}: "${r.pick(WORDS)}-${r.int(0, 9999)}"\n`;
    return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${app}-config\n  namespace: ${r.pick(WORDS)}\ndata:\n${data}  settings.yaml: |\n    logLevel: info\n    features:\n      - ${r.pick(WORDS)}\n      - ${r.pick(WORDS)}\n`;
  }
  return `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: ${app}\n  annotations:\n    alb.ingress.kubernetes.io/scheme: internet-facing\nspec:\n  rules:\n    - host: ${app}.example.com\n      http:\n        paths:\n          - path: /\n            pathType: Prefix\n            backend:\n              service:\n                name: ${app}\n                port:\n                  number: 80\n`;
}

function helmTemplate(r: Random): string {
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "chart.fullname" . }}\n  labels:\n    {{- include "chart.labels" . | nindent 4 }}\nspec:\n  replicas: {{ .Values.replicaCount }}\n  template:\n    spec:\n      containers:\n        - name: {{ .Chart.Name }}\n          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"\n          ports:\n            - containerPort: ${r.int(3000, 9000)}\n`;
}

function jsonFile(r: Random): string {
  const deps: Record<string, string> = {};
  for (let i = 0; i < r.int(3, 15); i++) deps[`@${r.pick(WORDS)}/${r.pick(WORDS)}-${i}`] = `^${r.int(1, 9)}.${r.int(0, 20)}.0`;
  return `${JSON.stringify({ name: name(r), version: `1.${r.int(0, 9)}.0`, private: true, scripts: { build: 'tsc', test: 'vitest' }, dependencies: deps }, null, 2)}\n`;
}

function otherFile(r: Random): [string, string] {
  return r.chance(0.5)
    ? ['README.md', `# ${name(r)}\n\nOwned by the ${r.pick(WORDS)} team. Deploy with the pipeline.\n`]
    : [`${r.pick(WORDS)}.ts`, `export const ${r.pick(WORDS)} = ${r.int(0, 1000)};\n`];
}

/**
 * Writes about `fileCount` files under `root` (created if missing). The same seed gives the same tree,
 * byte for byte: one relevant file in roughly fifty, as in a real monorepo.
 */
export function generateTree(root: string, fileCount: number, seed = 1): GeneratedTree {
  const r = new Random(seed);
  const stats = { files: 0, bytes: 0, lintable: 0, lintableBytes: 0 };
  const relevant = { awsAuth: 0, eksctl: 0, terraformEks: 0 };
  const write = (path: string, text: string): void => {
    const absolute = join(root, path);
    mkdirSync(dirname(absolute), { recursive: true });
    writeFileSync(absolute, text);
    const bytes = Buffer.byteLength(text);
    stats.files++;
    stats.bytes += bytes;
    if (/\.(?:ya?ml|json|tf|tofu)$/.test(path)) {
      stats.lintable++;
      stats.lintableBytes += bytes;
    }
  };
  // A few large aws-auth ConfigMaps (1,000+ entries): one per 10,000 files, at least one.
  const large = Math.max(1, Math.round(fileCount / 10_000));
  for (let i = 0; i < large; i++) {
    write(`clusters/legacy-${i}/aws-auth.yaml`, awsAuthConfigMap(r, 1000 + r.int(0, 400)));
    relevant.awsAuth++;
  }
  let unit = 0;
  while (stats.files < fileCount) {
    const team = `teams/${WORDS[unit % WORDS.length] ?? 'team'}-${Math.floor(unit / WORDS.length)}`;
    const roll = r.next();
    if (roll < 0.01) {
      write(`${team}/cluster/aws-auth.yaml`, awsAuthConfigMap(r, r.int(5, 60)));
      relevant.awsAuth++;
    } else if (roll < 0.017) {
      write(`${team}/eksctl/cluster.yaml`, eksctlConfig(r, `${team.replace(/\W/g, '-')}-eks`));
      relevant.eksctl++;
    } else if (roll < 0.025) {
      for (const [file, text] of Object.entries(terraformEksModule(r, `${team.replace(/\W/g, '-')}-tf`))) write(`${team}/infra/eks/${file}`, text);
      relevant.terraformEks++;
    } else if (roll < 0.6) {
      for (let i = 0; i < r.int(4, 12); i++) write(`${team}/k8s/${i}-${name(r)}.yaml`, unrelatedManifest(r, i));
    } else if (roll < 0.8) {
      const module = `${team}/infra/${name(r)}`;
      for (let i = 0; i < r.int(3, 6); i++) write(`${module}/${['main', 'locals', 'variables', 'iam', 'network', 'outputs'][i] ?? 'extra'}.tf`, unrelatedTerraform(r, i));
    } else if (roll < 0.9) {
      write(`${team}/package.json`, jsonFile(r));
      write(`${team}/tsconfig.json`, `{\n  "compilerOptions": { "strict": true, "target": "ES2022" }\n}\n`);
    } else if (roll < 0.95) {
      for (let i = 0; i < r.int(2, 5); i++) write(`${team}/chart/templates/${String(i)}-${name(r)}.yaml`, helmTemplate(r));
    } else {
      const [file, text] = otherFile(r);
      write(`${team}/${file}`, text);
    }
    unit++;
  }
  return { root, ...stats, relevant };
}

function main(): void {
  const { values } = parseArgs({
    options: { files: { type: 'string', default: '1000' }, seed: { type: 'string', default: '1' }, out: { type: 'string' }, keep: { type: 'boolean', default: false } },
  });
  const root = values.out ?? mkdtempSync(join(tmpdir(), 'eal-bench-'));
  const tree = generateTree(root, Number(values.files), Number(values.seed));
  process.stdout.write(`${JSON.stringify(tree, null, 2)}\n`);
  if (values.out === undefined && !values.keep) rmSync(root, { recursive: true, force: true });
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
