import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const CLI = join(ROOT, 'dist', 'src', 'cli.js');

/** Runs the built CLI as a user would (npm test builds first). */
function run(args: string[], options: { input?: string; env?: Record<string, string> } = {}) {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, GITHUB_STEP_SUMMARY: undefined, ...options.env };
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, input: options.input ?? '', env, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const kubectlYaml = `apiVersion: v1
data:
  mapRoles: |
    - groups:
      - system:bootstrappers
      - system:nodes
      rolearn: arn:aws:iam::210987654321:role/eks/nodes-NodeInstanceRole
      username: system:node:{{EC2PrivateDNSName}}
kind: ConfigMap
metadata:
  name: aws-auth
  namespace: kube-system
`;

describe('eks-auth-lint CLI', () => {
  it('exits 0 on clean files and 1 on findings', () => {
    expect(run(['examples/fixed']).code).toBe(0);
    const broken = run(['examples/broken']);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('examples/broken/aws-auth.yaml');
    expect(broken.stdout).toMatch(/13:16 +error +Role ARN .* role-arn-path/);
  });

  it('reads kubectl get -o yaml from standard input', () => {
    const result = run(['-', '--format', 'json'], { input: kubectlYaml });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { findings: { ruleId: string; file: string; line: number; column: number }[] };
    expect(report.findings).toEqual([expect.objectContaining({ ruleId: 'role-arn-path', file: '<stdin>', line: 7, column: 16 })]);
  });

  it('reads kubectl get -o json from standard input, named by --stdin-filename', () => {
    const json = readFileSync(join(ROOT, 'examples/kubectl-dump/aws-auth.json'), 'utf8');
    const result = run(['-', '--stdin-filename', 'cluster/aws-auth.json', '-f', 'json'], { input: json });
    const report = JSON.parse(result.stdout) as { findings: { ruleId: string; file: string; line: number; column: number }[] };
    expect(report.findings.map((f) => [f.ruleId, f.file, f.line, f.column])).toContainEqual(['role-arn-path', 'cluster/aws-auth.json', 4, 88]);
  });

  it('writes the report to --output and nothing to standard output', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'eal-cli-')), 'report.sarif');
    const result = run(['examples/broken', '--format', 'sarif', '--output', out]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8'))).toHaveProperty('version', '2.1.0');
  });

  it('honours --fail-on, --rule and --quiet', () => {
    expect(run(['examples/broken', '--fail-on', 'none']).code).toBe(0);
    const warningsOnly = ['examples/kubectl-dump', '--rule', 'role-arn-path=off'];
    expect(run(warningsOnly).code).toBe(0);
    expect(run([...warningsOnly, '--fail-on', 'warning']).code).toBe(1);
    const quiet = run(['examples/kubectl-dump', '--quiet']);
    expect(quiet.stdout).not.toContain('system-masters');
    expect(quiet.stdout).toContain('role-arn-path');
  });

  it('reads kustomization files above a file named on its own', () => {
    expect(run(['rules/aws-auth-location/fixtures/kustomize-nested.valid/base/aws-auth.yaml']).code).toBe(0);
  });

  it('lints a lone manifest against --auth-mode', () => {
    const manifest = 'examples/eksctl/api-mode-ignores-aws-auth/aws-auth.yaml';
    expect(run([manifest]).code).toBe(0);
    const api = run([manifest, '--auth-mode', 'API']);
    expect(api.code).toBe(1);
    expect(api.stdout).toMatch(/7:3 +error .*aws-auth-ignored/);
    expect(run([manifest, '--auth-mode', 'api']).code).toBe(2);
  });

  it('exits 2 with a one-line reason and no stack trace on usage errors', () => {
    for (const args of [['--bogus'], ['--format', 'xml', '.'], ['--rule', 'no-such-rule=off', '.'], ['--rule', 'role-arn-path=loud'], ['no/such/dir'], ['--fail-on', 'sometimes']]) {
      const result = run(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(/^eks-auth-lint: .+\n/);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('prints its version, help and rule list', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(run(['--version']).stdout.trim()).toBe(pkg.version);
    expect(run(['--help']).stdout).toContain('Usage: eks-auth-lint');
    const rules = JSON.parse(run(['--list-rules', '--format', 'json']).stdout) as { id: string }[];
    expect(rules.map((r) => r.id)).toContain('role-arn-path');
  });

  it('emits GitHub annotations and appends a step summary', () => {
    const summary = join(mkdtempSync(join(tmpdir(), 'eal-gh-')), 'summary.md');
    const result = run(['examples/broken/staging-aws-auth.yaml', '--format', 'github'], { env: { GITHUB_STEP_SUMMARY: summary } });
    expect(result.stdout).toMatch(/^::error file=examples\/broken\/staging-aws-auth\.yaml,line=12,endLine=12,col=5,endColumn=6,title=eks-auth-lint \(embedded-yaml-syntax\)::/m);
    expect(existsSync(summary)).toBe(true);
    expect(readFileSync(summary, 'utf8')).toContain('| error | `examples/broken/staging-aws-auth.yaml:12:5` |');
  });

  it('colours only when asked or on a terminal', () => {
    expect(run(['examples/broken']).stdout).not.toContain('\u001b[');
    expect(run(['examples/broken'], { env: { FORCE_COLOR: '1' } }).stdout).toContain('\u001b[31m');
    expect(run(['examples/broken', '--color'], { env: { NO_COLOR: '1' } }).stdout).toContain('\u001b[');
  });
});
