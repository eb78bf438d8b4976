import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findConfig } from '../src/config/discover.js';
import { ConfigError, loadConfig } from '../src/config/load.js';
import { lint } from '../src/lint.js';

const ROOT = join(import.meta.dirname, '..');
const CLI = join(ROOT, 'dist', 'src', 'cli.js');

function run(args: string[], cwd: string) {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, GITHUB_STEP_SUMMARY: undefined };
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, input: '', env, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A temporary tree from a map of relative paths to contents. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'eks-auth-lint-config-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

const awsAuth = `apiVersion: v1
kind: ConfigMap
metadata:
  name: aws-auth
  namespace: kube-system
data:
  mapRoles: |
    - rolearn: arn:aws:iam::210987654321:role/nodes-NodeInstanceRole
      username: system:node:{{EC2PrivateDNSName}}
      groups:
        - system:bootstrappers
        - system:nodes
`;

const apiClusters = `clusters:
  - directory: api
    authenticationMode: API
`;

const ids = (findings: readonly { ruleId: string; span: { file: string } }[]) => findings.map((f) => `${f.span.file} ${f.ruleId}`);

describe('configuration file', () => {
  it('is discovered upward from a nested working directory, the nearest one winning', () => {
    const root = tree({ '.eks-auth-lint.yml': apiClusters, 'a/b/.keep': '', 'api/aws-auth.yaml': awsAuth });
    expect(findConfig(join(root, 'a', 'b'))).toBe(join(root, '.eks-auth-lint.yml'));
    writeFileSync(join(root, 'a', '.eks-auth-lint.json'), '{}');
    writeFileSync(join(root, 'a', '.eks-auth-lint.yaml'), 'failOn: none\n');
    expect(findConfig(join(root, 'a', 'b'))).toBe(join(root, 'a', '.eks-auth-lint.yaml'));
    // From api/, the root file is found and its cluster directory (relative to the file) covers the manifest.
    const result = run(['--format', 'json', '.'], join(root, 'api'));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    expect(JSON.stringify(JSON.parse(result.stdout))).toContain('aws-auth-ignored');
  });

  it('honours --config and --no-config', () => {
    const root = tree({ 'api/aws-auth.yaml': awsAuth, 'conf/settings.yaml': 'clusters:\n  - directory: ../api\n    authenticationMode: API\n', '.eks-auth-lint.yaml': apiClusters });
    expect(run(['--no-config', 'api'], root).code).toBe(0);
    expect(run(['api'], root).code).toBe(1);
    const named = run(['--config', 'conf/settings.yaml', 'api'], root);
    expect(named.code).toBe(1);
    expect(named.stdout).toContain('aws-auth-ignored');
    expect(named.stdout).toContain('conf/settings.yaml');
    expect(run(['--config', 'nope.yaml', 'api'], root)).toMatchObject({ code: 2, stderr: expect.stringContaining('nope.yaml: cannot read') as unknown });
  });

  it('applies rule levels, with --rule overriding per rule', async () => {
    const root = tree({ '.eks-auth-lint.yaml': `${apiClusters}rules:\n  aws-auth-ignored: note\n`, 'api/aws-auth.yaml': awsAuth });
    const config = loadConfig(join(root, '.eks-auth-lint.yaml'));
    const result = await lint({ cwd: root, paths: ['.'], config });
    expect(result.findings.filter((f) => f.ruleId === 'aws-auth-ignored').map((f) => f.level)).toEqual(['note']);
    expect(result.rules.find((r) => r.id === 'aws-auth-ignored')?.setting).toBe('note');
    const overridden = await lint({ cwd: root, paths: ['.'], config, rules: { 'aws-auth-ignored': 'warning' } });
    expect(overridden.findings.filter((f) => f.ruleId === 'aws-auth-ignored').map((f) => f.level)).toEqual(['warning']);
    const off = loadConfig(join(root, '.eks-auth-lint.yaml'));
    expect((await lint({ cwd: root, paths: ['.'], config: { ...off, rules: { 'aws-auth-ignored': 'off' } } })).findings.some((f) => f.ruleId === 'aws-auth-ignored')).toBe(false);
    // The CLI: note does not fail the default --fail-on error.
    expect(run(['.'], root).code).toBe(0);
    expect(run(['--rule', 'aws-auth-ignored=error', '.'], root).code).toBe(1);
  });

  it('applies ignorePatterns relative to the configuration file directory', async () => {
    const root = tree({
      '.eks-auth-lint.yaml': `${apiClusters.replace('directory: api', 'directory: .')}ignorePatterns:\n  - sub/skipped/\n`,
      'sub/skipped/aws-auth.yaml': awsAuth,
      'sub/kept/aws-auth.yaml': awsAuth,
      'skipped/aws-auth.yaml': awsAuth,
    });
    const config = loadConfig(join(root, '.eks-auth-lint.yaml'));
    const fromRoot = await lint({ cwd: root, paths: ['.'], config });
    expect(fromRoot.files.map((f) => f.path).sort()).toEqual(['skipped/aws-auth.yaml', 'sub/kept/aws-auth.yaml']);
    // From a nested cwd the pattern still means sub/skipped below the config file, not below cwd.
    const fromSub = await lint({ cwd: join(root, 'sub'), paths: ['.'], config });
    expect(fromSub.files.map((f) => f.path)).toEqual(['kept/aws-auth.yaml']);
    const cli = run(['--format', 'json', '.'], join(root, 'sub'));
    expect((JSON.parse(cli.stdout) as { files: { path: string }[] }).files.map((f) => f.path)).toEqual(['kept/aws-auth.yaml']);
  });

  it('applies failOn, and --fail-on overrides it', () => {
    const root = tree({ '.eks-auth-lint.yaml': `${apiClusters}failOn: none\n`, 'api/aws-auth.yaml': awsAuth });
    expect(run(['.'], root).code).toBe(0);
    expect(run(['--fail-on', 'error', '.'], root).code).toBe(1);
    writeFileSync(join(root, '.eks-auth-lint.yaml'), `${apiClusters}failOn: note\nrules:\n  aws-auth-ignored: note\n`);
    expect(run(['.'], root).code).toBe(1);
    expect(run(['--fail-on', 'warning', '.'], root).code).toBe(0);
  });

  it('gives manifests under a cluster directory its authentication mode, and only those', async () => {
    const root = tree({ '.eks-auth-lint.yaml': apiClusters, 'api/aws-auth.yaml': awsAuth, 'api/nested/aws-auth.yaml': awsAuth, 'other/aws-auth.yaml': awsAuth });
    const config = loadConfig(join(root, '.eks-auth-lint.yaml'));
    const result = await lint({ cwd: root, paths: ['.'], config });
    const ignored = result.findings.filter((f) => f.ruleId === 'aws-auth-ignored');
    expect(ids(ignored).sort()).toEqual(['api/aws-auth.yaml aws-auth-ignored', 'api/nested/aws-auth.yaml aws-auth-ignored']);
    expect(ignored[0]?.message).toContain('authenticationMode API for api in .eks-auth-lint.yaml');
    // --auth-mode applies where no configured directory matches.
    const withFlag = await lint({ cwd: root, paths: ['.'], config, authMode: 'API' });
    expect(ids(withFlag.findings.filter((f) => f.ruleId === 'aws-auth-ignored'))).toContain('other/aws-auth.yaml aws-auth-ignored');
    const otherMode = await lint({ cwd: root, paths: ['.'], config: { ...config, clusters: [...config.clusters, { directory: 'api/nested', authenticationMode: 'API_AND_CONFIG_MAP' }] } });
    expect(ids(otherMode.findings.filter((f) => f.ruleId === 'aws-auth-ignored'))).toEqual(['api/aws-auth.yaml aws-auth-ignored']);
    // A cluster the tree defines still owns its manifests: an eksctl file in other/ with CONFIG_MAP mode.
    const owned = tree({
      '.eks-auth-lint.yaml': 'clusters:\n  - directory: .\n    authenticationMode: API\n',
      'aws-auth.yaml': awsAuth,
      'cluster.yaml': 'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: demo\n  region: us-east-1\naccessConfig:\n  authenticationMode: API_AND_CONFIG_MAP\n',
    });
    const ownedResult = await lint({ cwd: owned, paths: ['.'], config: loadConfig(join(owned, '.eks-auth-lint.yaml')) });
    expect(ownedResult.findings.some((f) => f.ruleId === 'aws-auth-ignored')).toBe(false);
  });

  describe('an invalid configuration', () => {
    const cases: [string, string, string, RegExp][] = [
      ['bad level', '.eks-auth-lint.yaml', 'rules:\n  aws-auth-ignored: fatal\n', /^\.eks-auth-lint\.yaml:2:21: rules\.aws-auth-ignored: must be one of off, error, warning, note$/],
      ['unknown key', '.eks-auth-lint.yaml', 'failOn: none\nignorePattern:\n  - x\n', /^\.eks-auth-lint\.yaml:2:1: unknown key "ignorePattern" \(did you mean "ignorePatterns"\?\)/],
      ['YAML syntax error', '.eks-auth-lint.yml', 'rules:\n  aws-auth-ignored: [error\n', /^\.eks-auth-lint\.yml:\d+:\d+: invalid YAML: /],
      ['JSON syntax error', '.eks-auth-lint.json', '{\n  "failOn": "none",\n  "rules": {\n}\n', /^\.eks-auth-lint\.json:\d+:\d+: invalid JSON: /],
      ['bad failOn in JSON', '.eks-auth-lint.json', '{\n  "failOn": "fatal"\n}\n', /^\.eks-auth-lint\.json:2:13: failOn: must be one of error, warning, note, none$/],
      ['unknown rule id', '.eks-auth-lint.yaml', 'rules:\n  aws-auth-ignord: off\n', /^\.eks-auth-lint\.yaml:2:3: rules: unknown rule id "aws-auth-ignord" \(did you mean "aws-auth-ignored"\?\)$/],
      ['bad cluster mode', '.eks-auth-lint.yaml', 'clusters:\n  - directory: a\n    authenticationMode: api\n', /^\.eks-auth-lint\.yaml:3:25: clusters\.0\.authenticationMode: must be one of CONFIG_MAP, API_AND_CONFIG_MAP, API$/],
      ['missing cluster directory', '.eks-auth-lint.yaml', 'clusters:\n  - authenticationMode: API\n', /^\.eks-auth-lint\.yaml:2:5: clusters\.0: must have required property 'directory'$/],
    ];
    it.each(cases)('%s exits 2 naming file, line and column', (_, name, content, expected) => {
      const root = tree({ [name]: content, 'nested/deeper/.keep': '' });
      expect(() => loadConfig(join(root, name), name)).toThrow(ConfigError);
      const result = run(['.'], join(root, 'nested', 'deeper'));
      expect(result.code).toBe(2);
      const first = result.stderr.split('\n')[0] ?? '';
      expect(first.replace(/^eks-auth-lint: /, '').replace(/^(\.\.\/)+/, '')).toMatch(expected);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      // --no-config skips the broken file.
      expect(run(['--no-config', '.'], join(root, 'nested', 'deeper')).code).toBe(0);
    });
  });
});
