import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { buildModel, runEngine } from '../src/engine.js';
import { loadFile } from '../src/load-file.js';
import { isKubeconfig } from '../src/kubeconfig/load.js';
import { clusterOfContext, contextsUsing, mergeKubeconfigs, userOfContext } from '../src/kubeconfig/merge.js';
import type { Kubeconfig } from '../src/kubeconfig/model.js';
import { lint } from '../src/lint.js';
import { format, type FormatName } from '../src/report/index.js';
import type { Span } from '../src/span.js';
import { loadYaml } from '../src/yaml/load.js';
import { LineIndex } from '../src/span.js';

const ROOT = join(import.meta.dirname, '..');
const CLI = join(ROOT, 'dist', 'src', 'cli.js');
const KUBECONFIG_RULES = rules.filter((r) => r.id.startsWith('kubeconfig-'));

/** An EKS token as `aws eks get-token` prints it (a pre-signed URL with a made-up key and signature). */
const EKS_TOKEN = `k8s-aws-v1.${Buffer.from(
  'https://sts.eu-west-1.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256' +
    '&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20260101%2Feu-west-1%2Fsts%2Faws4_request&X-Amz-Date=20260101T000000Z' +
    '&X-Amz-Expires=60&X-Amz-SignedHeaders=host%3Bx-k8s-aws-id&X-Amz-Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7',
).toString('base64url')}`;
const SA_TOKEN = 'eyJhbGciOiJSUzI1NiIsImtpZCI6InNlY3JldCJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6Y2k6ZGVwbG95In0.c2VjcmV0LXNpZ25hdHVyZQ';
const PASSWORD = 'hunter2-Very-Secret';
const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

const PROD = `apiVersion: v1
kind: Config
clusters:
  - name: arn:aws:eks:eu-west-1:210987654321:cluster/prod
    cluster:
      server: https://0123456789ABCDEF0123456789ABCDEF.gr7.eu-west-1.eks.amazonaws.com
contexts:
  - name: prod
    context:
      cluster: arn:aws:eks:eu-west-1:210987654321:cluster/prod
      user: prod
      namespace: apps
current-context: prod
preferences: {}
users:
  - name: prod
    user:
      exec:
        apiVersion: client.authentication.k8s.io/v1beta1
        command: aws
        args:
          - --region
          - eu-west-1
          - eks
          - get-token
          - --cluster-name
          - prod
          - --output
          - json
        env:
          - name: AWS_STS_REGIONAL_ENDPOINTS
            value: regional
        interactiveMode: IfAvailable
`;

function kubeconfigsOf(files: readonly { path: string; content: string }[], kubeconfigList: readonly string[] = []): readonly Kubeconfig[] {
  return buildModel(files.map((f) => loadFile({ ...f, explicit: true })), undefined, undefined, kubeconfigList).kubeconfigs;
}

function only<T>(list: readonly T[]): T {
  expect(list).toHaveLength(1);
  const [first] = list;
  if (first === undefined) throw new Error('empty list');
  return first;
}

/** `line:column-endColumn` of a one-line span. */
function at(span: Span | undefined): string {
  return span === undefined ? 'none' : `${span.start.line}:${span.start.column}-${span.end.column}`;
}

function findingsOf(files: readonly { path: string; content: string }[], kubeconfigList: readonly string[] = []): string[] {
  return runEngine(files.map((f) => ({ ...f, explicit: true })), { rules: KUBECONFIG_RULES, kubeconfigList }).findings.map(
    (f) => `${f.span.file}:${f.span.start.line}:${f.span.start.column} ${f.ruleId}`,
  );
}

describe('kubeconfig loader', () => {
  it('reads clusters, contexts, users and the exec entry with exact positions', () => {
    const kubeconfig = only(kubeconfigsOf([{ path: 'team/kubeconfig.yaml', content: PROD }]));
    expect(kubeconfig.format).toBe('yaml');
    expect(kubeconfig.origin).toBe('repository');
    expect(at(kubeconfig.anchor)).toBe('2:7-13');
    expect(kubeconfig.currentContext?.value).toBe('prod');
    expect(at(kubeconfig.currentContext?.node.span)).toBe('13:18-22');
    const cluster = only(kubeconfig.clusters);
    expect(cluster.name?.value).toBe('arn:aws:eks:eu-west-1:210987654321:cluster/prod');
    expect(at(cluster.server?.node.span)).toBe('6:15-87');
    const context = only(kubeconfig.contexts);
    expect([context.name?.value, context.cluster?.value, context.user?.value, context.namespace?.value]).toEqual(['prod', cluster.name?.value, 'prod', 'apps']);
    expect(at(context.user?.keySpan)).toBe('11:7-11');
    const user = only(kubeconfig.users);
    const exec = user.exec;
    expect(exec?.command?.value).toBe('aws');
    expect(at(exec?.keySpan)).toBe('18:7-11');
    expect(at(exec?.apiVersion?.node.span)).toBe('19:21-57');
    expect(exec?.args.map((a) => `${a.value ?? ''}@${at(a.node.span)}`)).toEqual([
      '--region@22:13-21', 'eu-west-1@23:13-22', 'eks@24:13-16', 'get-token@25:13-22',
      '--cluster-name@26:13-27', 'prod@27:13-17', '--output@28:13-21', 'json@29:13-17',
    ]);
    const variable = only(exec?.env ?? []);
    expect([variable.name?.value, at(variable.name?.node.span), variable.value?.value, at(variable.value?.node.span)]).toEqual([
      'AWS_STS_REGIONAL_ENDPOINTS', '31:19-45', 'regional', '32:20-28',
    ]);
    expect(exec?.interactiveMode?.value).toBe('IfAvailable');
    expect(user.token).toBeUndefined();
  });

  it('reads a JSON kubeconfig (kubectl config view -o json) with its positions', () => {
    const json = JSON.stringify(
      {
        kind: 'Config',
        apiVersion: 'v1',
        clusters: [{ name: 'prod', cluster: { server: 'https://0123456789ABCDEF0123456789ABCDEF.gr7.eu-west-1.eks.amazonaws.com' } }],
        users: [{ name: 'prod', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'aws', args: ['eks', 'get-token', '--cluster-name', 'prod'] } } }],
        contexts: [{ name: 'prod', context: { cluster: 'prod', user: 'prod' } }],
        'current-context': 'prod',
      },
      null,
      2,
    );
    const kubeconfig = only(kubeconfigsOf([{ path: 'config.json', content: json }]));
    expect(kubeconfig.format).toBe('json');
    const lines = json.split('\n');
    const argLine = lines.findIndex((l) => l.includes('"--cluster-name"'));
    const arg = kubeconfig.users[0]?.exec?.args[2];
    expect(arg?.value).toBe('--cluster-name');
    expect(at(arg?.node.span)).toBe(`${argLine + 1}:${(lines[argLine] ?? '').indexOf('"') + 1}-${(lines[argLine] ?? '').lastIndexOf('"') + 2}`);
    expect(findingsOf([{ path: 'config.json', content: json.replace('v1beta1', 'v1alpha1') }]).filter((f) => f.endsWith(' kubeconfig-exec-api-version'))).toEqual([
      `config.json:${lines.findIndex((l) => l.includes('v1beta1')) + 1}:${(lines.find((l) => l.includes('v1beta1')) ?? '').indexOf('"client') + 1} kubeconfig-exec-api-version`,
    ]);
  });

  it('recognises kubeconfigs by content only', () => {
    const root = (text: string) => loadYaml(text, (s, e) => new LineIndex('x', text).span(s, e))[0]?.root ?? null;
    expect(isKubeconfig(root(PROD))).toBe(true);
    expect(isKubeconfig(root('kind: Config\nusers: []\n'))).toBe(true);
    expect(isKubeconfig(root('apiVersion: example.io/v1\nkind: Config\nusers: []\n'))).toBe(false);
    expect(isKubeconfig(root('apiVersion: v1\nkind: Config\nspec: {}\n'))).toBe(false);
    expect(isKubeconfig(root('apiVersion: v1\nkind: ConfigMap\ndata: {}\n'))).toBe(false);
    // Found whatever the file is called, and a ConfigMap that mentions nothing of aws-auth is still skipped unparsed.
    expect(loadFile({ path: 'deploy/cluster-access.yml', content: PROD }).status).toBe('linted');
    expect(loadFile({ path: 'cm.yaml', content: 'apiVersion: v1\nkind: ConfigMap\ndata:\n  a: b\n' }).status).toBe('not-relevant');
  });

  it('keeps no secret in the model: tokens are classified, passwords, client keys, auth-provider settings and secret env values dropped', () => {
    const content = `apiVersion: v1
kind: Config
users:
  - name: pasted
    user:
      token: ${EKS_TOKEN}
  - name: robot
    user:
      token: ${SA_TOKEN}
  - name: basic
    user:
      username: admin
      password: ${PASSWORD}
      client-key-data: ${Buffer.from(PASSWORD).toString('base64')}
  - name: keys
    user:
      exec:
        apiVersion: client.authentication.k8s.io/v1beta1
        command: aws
        args: [eks, get-token, --cluster-name, prod]
        env:
          - name: AWS_SECRET_ACCESS_KEY
            value: ${SECRET_KEY}
  - name: placeholder
    user:
      token: \${KUBE_TOKEN}
  - name: oidc
    user:
      auth-provider:
        name: oidc
        config:
          client-id: kubernetes
          client-secret: ${PASSWORD}-oidc
          id-token: ${SA_TOKEN}
          refresh-token: ${SECRET_KEY}-refresh
`;
    const kubeconfig = only(kubeconfigsOf([{ path: 'config.yaml', content }]));
    expect(kubeconfig.users.map((u) => u.token?.kind ?? 'none')).toEqual(['eks', 'other', 'none', 'none', 'placeholder', 'none']);
    expect(at(kubeconfig.users[5]?.authProvider)).toBe('29:7-20');
    expect(at(kubeconfig.users[0]?.token?.span)).toBe(`6:14-${14 + EKS_TOKEN.length}`);
    expect(kubeconfig.users[3]?.exec?.env[0]?.name?.value).toBe('AWS_SECRET_ACCESS_KEY');
    const serialized = JSON.stringify(kubeconfig);
    for (const secret of [EKS_TOKEN.slice(11, 60), SA_TOKEN, PASSWORD, Buffer.from(PASSWORD).toString('base64'), SECRET_KEY]) {
      expect(serialized).not.toContain(secret);
    }
  });
});

describe('kubeconfig merge', () => {
  const first = `apiVersion: v1
kind: Config
current-context: dev
contexts:
  - name: dev
    context: {cluster: dev, user: dev}
clusters:
  - name: dev
    cluster: {server: https://dev.example.internal}
`;
  const second = `apiVersion: v1
kind: Config
current-context: other
contexts:
  - name: dev
    context: {cluster: nowhere, user: nobody}
  - name: ops
    context: {cluster: dev, user: ops}
users:
  - name: dev
    user: {token: "\${DEV_TOKEN}"}
  - name: ops
    user: {token: "\${OPS_TOKEN}"}
clusters:
  - name: dev
    cluster: {server: https://shadowed.example.internal}
`;
  const files = [
    { path: 'a/config', content: first },
    { path: 'b/config', content: second },
  ];

  it('merges as kubectl does: the first file to set a name wins, current-context from the first that sets it', () => {
    const kubeconfigs = kubeconfigsOf(files, ['a/config', 'b/config']);
    expect(kubeconfigs.map((k) => k.origin)).toEqual(['kubeconfig', 'kubeconfig']);
    const merged = kubeconfigs[0]?.merged;
    expect(merged).toBe(kubeconfigs[1]?.merged);
    if (merged === undefined) return;
    expect(merged.currentContext?.value).toBe('dev');
    expect(merged.clusters.get('dev')?.file).toBe('a/config');
    expect(merged.contexts.get('dev')?.file).toBe('a/config');
    expect([...merged.users.keys()]).toEqual(['dev', 'ops']);
    const dev = merged.contexts.get('dev');
    if (dev === undefined) return;
    expect(userOfContext(dev, merged)?.file).toBe('b/config');
    expect(clusterOfContext(dev, merged)?.server?.value).toBe('https://dev.example.internal');
    const devUser = merged.users.get('dev');
    if (devUser === undefined) return;
    expect(contextsUsing(devUser, merged).map((c) => c.name?.value)).toEqual(['dev']);
  });

  it('follows the list order, not the order files were read in', () => {
    const merged = kubeconfigsOf(files, ['b/config', 'a/config'])[0]?.merged;
    expect(merged?.currentContext?.value).toBe('other');
    expect(merged?.clusters.get('dev')?.file).toBe('b/config');
  });

  it('resolves references across merged files, and only there', () => {
    // Merged: dev's user is in b/config; b/config's own "dev" context is shadowed and not checked; "other" is not the current context.
    expect(findingsOf(files, ['a/config', 'b/config'])).toEqual([]);
    // Each file on its own, as found in a repository: a/config's context has no user, b/config's context no cluster.
    expect(findingsOf(files)).toEqual([
      'a/config:6:35 kubeconfig-dangling-reference',
      'b/config:3:18 kubeconfig-dangling-reference',
      'b/config:6:24 kubeconfig-dangling-reference',
      'b/config:6:39 kubeconfig-dangling-reference',
    ]);
  });

  it('takes current-context from a file that sets nothing else, first in the list as context switchers keep it', () => {
    const switcher = { path: 'current', content: 'apiVersion: v1\nkind: Config\ncurrent-context: ops\npreferences: {}\n' };
    const kubeconfigs = kubeconfigsOf([switcher, ...files], ['current', 'a/config', 'b/config']);
    expect(kubeconfigs.map((k) => k.file)).toEqual(['current', 'a/config', 'b/config']);
    expect(kubeconfigs[0]?.merged.currentContext?.value).toBe('ops');
    // "ops" exists in b/config: nothing dangles. On its own, the file's current-context names no context.
    expect(findingsOf([switcher, ...files], ['current', 'a/config', 'b/config'])).toEqual([]);
    expect(findingsOf([switcher])).toEqual(['current:3:18 kubeconfig-dangling-reference']);
  });

  it('treats a file with no entries as an empty contribution', () => {
    const merged = mergeKubeconfigs([]);
    expect([merged.clusters.size, merged.users.size, merged.contexts.size, merged.currentContext]).toEqual([0, 0, 0, undefined]);
  });
});

describe('kubeconfig guards', () => {
  it('stays silent on other exec plugins, unknown server shapes and hand-written names', () => {
    const content = `apiVersion: v1
kind: Config
clusters:
  - name: corp-proxy
    cluster:
      server: https://k8s-proxy.corp.example.com:8443/clusters/prod
      insecure-skip-tls-verify: true
  - name: private
    cluster:
      server: https://10.0.12.7
  - name: gke_project_europe-west1_prod
    cluster:
      server: https://34.78.1.2
contexts:
  - name: proxy
    context: {cluster: corp-proxy, user: eks-via-proxy}
  - name: private
    context: {cluster: private, user: kubelogin}
  - name: gke
    context: {cluster: gke_project_europe-west1_prod, user: gke}
current-context: proxy
users:
  - name: eks-via-proxy
    user:
      exec:
        apiVersion: client.authentication.k8s.io/v1beta1
        command: aws
        args: [--region, eu-west-1, eks, get-token, --cluster-name, prod, --output, json]
  - name: kubelogin
    user:
      exec:
        apiVersion: client.authentication.k8s.io/v1beta1
        command: C:\\Users\\alice\\bin\\kubelogin.exe
        args: [get-token, --server-id, 6dae42f8-4368-4678-94ff-3960e28e3630]
        env:
          - name: AWS_PROFILE
            value: alice
  - name: gke
    user:
      exec:
        apiVersion: client.authentication.k8s.io/v1beta1
        command: /home/bob/google-cloud-sdk/bin/gke-gcloud-auth-plugin
        installHint: Install gke-gcloud-auth-plugin
        provideClusterInfo: true
`;
    const result = runEngine([{ path: 'config.yaml', content, explicit: true }], { rules });
    expect(result.files).toEqual([{ path: 'config.yaml', status: 'linted' }]);
    expect(result.findings.map((f) => `${f.ruleId} ${f.message}`)).toEqual([]);
  });

  it('checks only EKS tokens and shared-file habits in a kubeconfig given with --kubeconfig', () => {
    const content = `apiVersion: v1
kind: Config
users:
  - name: robot
    user:
      token: ${SA_TOKEN}
  - name: mine
    user:
      exec:
        apiVersion: client.authentication.k8s.io/v1beta1
        command: /Users/alice/homebrew/bin/aws
        args: [eks, get-token, --cluster-name, prod, --region, eu-west-1, --output, json]
        env:
          - name: AWS_PROFILE
            value: alice
  - name: pasted
    user:
      token: ${EKS_TOKEN}
`;
    const files = [{ path: '/home/alice/.kube/config', content }];
    expect(findingsOf(files, ['/home/alice/.kube/config'])).toEqual(['/home/alice/.kube/config:18:14 kubeconfig-static-token']);
    expect(findingsOf(files)).toEqual([
      '/home/alice/.kube/config:6:14 kubeconfig-static-token',
      '/home/alice/.kube/config:11:18 kubeconfig-exec-command',
      '/home/alice/.kube/config:14:19 kubeconfig-aws-profile-env',
      '/home/alice/.kube/config:18:14 kubeconfig-static-token',
    ]);
  });
});

describe('secrets in reports', () => {
  const content = `apiVersion: v1
kind: Config
clusters:
  - name: prod
    cluster:
      server: https://0123456789ABCDEF0123456789ABCDEF.gr7.eu-west-1.eks.amazonaws.com
contexts:
  - name: prod
    context: {cluster: prod, user: pasted}
current-context: prod
users:
  - name: pasted
    user:
      token: ${EKS_TOKEN}
  - name: robot
    user:
      token: "${SA_TOKEN}"
  - name: basic
    user:
      password: ${PASSWORD}
`;

  it.each(['stylish', 'json', 'sarif', 'github'] as FormatName[])('%s never contains a token value', async (name) => {
    const result = await lint({ files: [{ path: 'kubeconfig.yaml', content }] });
    expect(result.findings.filter((f) => f.ruleId === 'kubeconfig-static-token')).toHaveLength(2);
    const report = format(name, result);
    expect(report).toContain('kubeconfig.yaml');
    for (const secret of [EKS_TOKEN.slice(11, 40), EKS_TOKEN.slice(-30), SA_TOKEN.slice(0, 30), SA_TOKEN.slice(-20), PASSWORD]) {
      expect(report).not.toContain(secret);
    }
  });
});

describe('CLI --kubeconfig and --kubeconfig-env', () => {
  const directory = mkdtempSync(join(tmpdir(), 'eal-kubeconfig-'));
  const write = (name: string, text: string): string => {
    const path = join(directory, name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text);
    return path;
  };
  const users = write('users.yaml', `apiVersion: v1
kind: Config
users:
  - name: prod
    user:
      exec:
        apiVersion: client.authentication.k8s.io/v1beta1
        command: aws
        args: [--region, eu-west-1, eks, get-token, --cluster-name, prod, --output, json]
`);
  const contexts = write('contexts.yaml', `apiVersion: v1
kind: Config
clusters:
  - name: prod
    cluster:
      server: https://0123456789ABCDEF0123456789ABCDEF.gr7.eu-west-1.eks.amazonaws.com
contexts:
  - name: prod
    context: {cluster: prod, user: prod}
current-context: prod
`);
  write('home/.kube/config', readFileSync(join(ROOT, 'examples', 'kubeconfig', 'broken', 'config.yaml'), 'utf8'));
  const run = (args: string[], env: Record<string, string | undefined> = {}) => {
    const result = spawnSync(process.execPath, [CLI, '--no-config', '-f', 'json', ...args], {
      cwd: directory,
      env: { ...process.env, NO_COLOR: '1', KUBECONFIG: undefined, HOME: join(directory, 'home'), ...env },
      encoding: 'utf8',
    });
    const report = result.stdout === '' ? undefined : (JSON.parse(result.stdout) as { findings: { ruleId: string; file: string }[]; files: { path: string }[] });
    return { code: result.status, report, stderr: result.stderr };
  };

  it('lints only the given kubeconfigs, merged, when no path is given', () => {
    const { code, report } = run(['--kubeconfig', contexts, '--kubeconfig', users]);
    expect(report?.files.map((f) => f.path)).toEqual(['contexts.yaml', 'users.yaml']);
    expect(report?.findings).toEqual([]);
    expect(code).toBe(0);
  });

  it('reads KUBECONFIG only with --kubeconfig-env, skipping missing entries as kubectl does', () => {
    const missing = join(directory, 'missing.yaml');
    const merged = run(['--kubeconfig-env'], { KUBECONFIG: [missing, users, contexts].join(':') });
    expect(merged.report?.files.map((f) => f.path)).toEqual(['contexts.yaml', 'users.yaml']);
    expect(merged.report?.findings).toEqual([]);
    // Without the flag the environment is ignored: the positional path is linted, on its own.
    const alone = run(['contexts.yaml'], { KUBECONFIG: users });
    expect(alone.report?.findings.map((f) => f.ruleId)).toEqual(['kubeconfig-dangling-reference']);
    expect(alone.code).toBe(1);
  });

  it('falls back to ~/.kube/config when KUBECONFIG is unset, and reports what it finds there', () => {
    const { code, report } = run(['--kubeconfig-env']);
    expect(report?.files.map((f) => f.path)).toEqual(['home/.kube/config']);
    expect(report?.findings.map((f) => f.ruleId)).toContain('kubeconfig-static-token');
    // A user's own kubeconfig: AWS_PROFILE and a home-directory command are expected there.
    expect(report?.findings.map((f) => f.ruleId)).not.toContain('kubeconfig-aws-profile-env');
    expect(code).toBe(1);
    // Named on the command line inside ~/.kube, it is the user's own too; elsewhere it counts as shared.
    const named = run(['home/.kube/config']);
    expect(named.report?.findings.map((f) => f.ruleId)).not.toContain('kubeconfig-aws-profile-env');
    const shared = run(['home/.kube/config'], { HOME: directory });
    expect(shared.report?.findings.map((f) => f.ruleId)).toContain('kubeconfig-aws-profile-env');
  });

  it('is a usage error when a --kubeconfig file does not exist, or KUBECONFIG names none that does', () => {
    const flag = run(['--kubeconfig', 'nope.yaml']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('nope.yaml');
    const env = run(['--kubeconfig-env'], { KUBECONFIG: join(directory, 'missing.yaml') });
    expect(env.code).toBe(2);
    expect(env.stderr).toContain('none of the files in KUBECONFIG exists');
  });
});
