import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discover } from '../src/discover.js';
import { awsAuthManifest, eksctlCluster, roleEntry, tempRepository } from './helpers/temp-repo.js';

/**
 * The hooks of .pre-commit-hooks.yaml, run by the real pre-commit (the Debian package; .ci/run installs
 * it) the way a user's repository runs them: pre-commit clones this repository at a commit, installs
 * the package with npm (the `prepare` script builds it) and calls the `eks-auth-lint` bin. Slow: the
 * environment is installed once, in beforeAll, in a PRE_COMMIT_HOME of its own.
 */

const ROOT = join(import.meta.dirname, '..');
const INSTALL_TIMEOUT = 15 * 60_000;
const HOOK_TIMEOUT = 3 * 60_000;

const BROKEN_AWS_AUTH = awsAuthManifest(roleEntry('arn:aws:iam::210987654321:role/gitlab-ci/gitlab-runner', 'gitlab-runner', ['ci-deployers']));
const CLEAN_AWS_AUTH = BROKEN_AWS_AUTH.replace('role/gitlab-ci/gitlab-runner', 'role/gitlab-runner');

/** The README's .pre-commit-config.yaml, pointed at a local repository and commit. */
function readmeConfig(repo: string, rev: string): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## pre-commit\n');
  const snippet = /```yaml\n([^]*?)```/.exec(readme.slice(start, readme.indexOf('\n## ', start + 1)))?.[1] ?? '';
  const config = snippet.replace(/^(\s*- repo: ).*$/m, `$1${repo}`).replace(/^(\s*rev: ).*$/m, `$1${rev}`);
  expect(config).toContain(`repo: ${repo}\n`);
  expect(config).toContain(`rev: ${rev}\n`);
  return config;
}

interface Hook { id: string; language: string; entry: string; files?: string; pass_filenames?: boolean; always_run?: boolean }
const HOOKS = parse(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];

/** A kubeconfig whose user has a static EKS token: an error of kubeconfig-static-token at 6:14. */
const KUBECONFIG_WITH_TOKEN = 'apiVersion: v1\nkind: Config\nusers:\n  - name: ci\n    user:\n      token: k8s-aws-v1.aHR0cHM6Ly9zdHMuZXUtd2VzdC0xLmFtYXpvbmF3cy5jb20v\n';

describe('the changed-files hook\'s files pattern', () => {
  it('selects exactly the files a directory walk reads, kubeconfig files by name included', async () => {
    const paths = [
      'aws-auth.yaml', 'a/b.yml', 'cfn/template.json', 'tf/main.tf', 'tf/main.tofu', 'tf/main.tf.json', 'tf/terraform.tfvars',
      'kubeconfig', 'env/kubeconfig', 'env/kubeconfig_prod', 'env/kubeconfig.staging', 'env/kubeconfig-dev', 'env/dev.kubeconfig',
      'home/.kube/config', 'env/kubeconfigs', 'env/my-kubeconfig', 'other/kubeconfig/notes', 'config', 'etc/config', '.kube/cache/x',
      'notes/aws-auth.txt', 'main.tf.bak', 'yaml', 'README.md',
    ];
    const dir = tempRepository('eal-hook-files-', Object.fromEntries(paths.map((p) => [p, ''])));
    const walked = (await discover(['.'], { cwd: dir })).files.map((f) => f.path);
    // pre-commit matches `files` with Python's re.search against repository-relative paths with forward slashes.
    const pattern = new RegExp(HOOKS[0]?.files ?? '^$');
    expect(paths.filter((p) => pattern.test(p)).sort()).toEqual([...walked].sort());
    expect(walked).toEqual(expect.arrayContaining(['env/kubeconfig_prod', 'env/dev.kubeconfig', 'home/.kube/config', 'tf/main.tf.json', 'tf/main.tofu']));
  });
});

describe('pre-commit hooks', () => {
  const base = mkdtempSync(join(tmpdir(), 'eal-pre-commit-'));
  const hookRepo = join(base, 'eks-auth-lint');
  const target = join(base, 'infrastructure');
  const env: NodeJS.ProcessEnv = Object.fromEntries(
    // No npm, git or pre-commit settings of the calling process (npm test sets npm_config_*).
    Object.entries(process.env).filter(([name]) => !/^(npm_|GIT_|PRE_COMMIT)/i.test(name) && name !== 'INIT_CWD'),
  );
  Object.assign(env, { PRE_COMMIT_HOME: join(base, 'pre-commit-home'), GIT_CONFIG_GLOBAL: join(base, 'gitconfig'), GIT_CONFIG_NOSYSTEM: '1', NO_COLOR: '1' });

  const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, env, encoding: 'utf8' }).trim();
  const preCommit = (...args: string[]) => spawnSync('pre-commit', args, { cwd: target, env, encoding: 'utf8' });
  /** A commit, with the hook's report (git hands hooks standard error for their output). */
  const commit = (message: string) => {
    const result = spawnSync('git', ['commit', '-m', message], { cwd: target, env, encoding: 'utf8' });
    return { status: result.status, output: result.stdout + result.stderr };
  };
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(target, path)), { recursive: true });
    writeFileSync(join(target, path), text);
  };
  /** Back to the last commit, nothing staged, no stray files. */
  const resetTarget = () => {
    git(target, 'reset', '--quiet', '--hard', 'HEAD');
    git(target, 'clean', '-fdq');
  };

  beforeAll(() => {
    writeFileSync(env.GIT_CONFIG_GLOBAL ?? '', '[user]\n\tname = Hook Test\n\temail = hooks@example.com\n[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n');
    // This working tree as a repository of its own, committed: pre-commit clones the hook repository at a commit.
    const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' }).split('\0');
    for (const file of files.filter((f) => f !== '' && existsSync(join(ROOT, f)))) {
      mkdirSync(dirname(join(hookRepo, file)), { recursive: true });
      cpSync(join(ROOT, file), join(hookRepo, file));
    }
    git(hookRepo, 'init', '--quiet');
    git(hookRepo, 'add', '--all');
    git(hookRepo, 'commit', '--quiet', '-m', 'eks-auth-lint under test');
    const rev = git(hookRepo, 'rev-parse', 'HEAD');

    mkdirSync(target);
    git(target, 'init', '--quiet');
    write('.pre-commit-config.yaml', readmeConfig(hookRepo, rev));
    // Two clusters: a ConfigMap outside their directories belongs to neither, one inside clusters/search/ to search.
    write('clusters/search/cluster.yaml', eksctlCluster('search', 'API'));
    write('clusters/billing/cluster.yaml', eksctlCluster('billing', 'API_AND_CONFIG_MAP'));
    git(target, 'add', '--all');
    git(target, 'commit', '--quiet', '-m', 'cluster');

    const installed = preCommit('install-hooks');
    expect(installed.stderr + installed.stdout).not.toMatch(/error/i);
    expect(installed.status).toBe(0);
    expect(preCommit('install').status).toBe(0);
  }, INSTALL_TIMEOUT);

  // The hook environment (a Node package and its dependencies) is large: leave nothing behind.
  afterAll(() => {
    rmSync(base, { recursive: true, force: true });
  });

  it('declares a changed-files hook and a whole-repository hook, both Node', () => {
    const hooks = HOOKS;
    expect(hooks.map((h) => [h.id, h.language, h.entry])).toEqual([['eks-auth-lint', 'node', 'eks-auth-lint'], ['eks-auth-lint-repo', 'node', 'eks-auth-lint']]);
    expect(hooks[1]).toMatchObject({ pass_filenames: false, always_run: true });
  });

  it('the changed-files hook gets only the kinds of files eks-auth-lint reads', () => {
    resetTarget();
    // Broken aws-auth content in a .txt file: eks-auth-lint would report it if it were handed over.
    write('notes/aws-auth.txt', BROKEN_AWS_AUTH);
    write('teams/aws-auth.yaml', CLEAN_AWS_AUTH);
    git(target, 'add', '--all');
    const run = preCommit('run', 'eks-auth-lint', '--verbose', '--color', 'never');
    expect(run.stdout).toMatch(/eks-auth-lint \(changed files\)\.+Passed/);
    expect(run.stdout).toContain('No problems found (1 file with EKS auth configuration).');
    expect(run.stdout).not.toContain('aws-auth.txt');
    expect(run.status).toBe(0);
  }, HOOK_TIMEOUT);

  it('fails the commit on a finding in a changed file', () => {
    resetTarget();
    const head = git(target, 'rev-parse', 'HEAD');
    write('teams/aws-auth.yaml', BROKEN_AWS_AUTH);
    git(target, 'add', '--all');
    const refused = commit('add the CI role');
    expect(refused.status).toBe(1);
    expect(refused.output).toMatch(/eks-auth-lint \(changed files\)\.+Failed/);
    expect(refused.output).toMatch(/teams\/aws-auth\.yaml\n\s+8:16\s+error\s+Role ARN .* role-arn-path/);
    expect(git(target, 'rev-parse', 'HEAD')).toBe(head);

    write('teams/aws-auth.yaml', CLEAN_AWS_AUTH);
    git(target, 'add', '--all');
    const accepted = commit('add the CI role');
    expect(accepted.output).toMatch(/eks-auth-lint \(changed files\)\.+Passed/);
    expect(accepted.status).toBe(0);
    expect(git(target, 'rev-parse', 'HEAD')).not.toBe(head);
  }, HOOK_TIMEOUT);

  it('the changed-files hook lints a kubeconfig file that has no extension', () => {
    resetTarget();
    write('environments/kubeconfig_prod', KUBECONFIG_WITH_TOKEN);
    git(target, 'add', '--all');
    const run = preCommit('run', 'eks-auth-lint', '--color', 'never');
    expect(run.stdout).toMatch(/eks-auth-lint \(changed files\)\.+Failed/);
    expect(run.stdout).toMatch(/environments\/kubeconfig_prod\n\s+6:14\s+error\s+User "ci" has a static EKS bearer token .* kubeconfig-static-token/);
    expect(run.status).toBe(1);
  }, HOOK_TIMEOUT);

  it('the whole-repository hook catches a cross-file finding that the changed files alone do not show', () => {
    resetTarget();
    const head = git(target, 'rev-parse', 'HEAD');
    // Only the ConfigMap changes; its cluster (API mode, so EKS ignores aws-auth) is already committed.
    write('clusters/search/aws-auth.yaml', CLEAN_AWS_AUTH);
    git(target, 'add', '--all');
    const refused = commit('map the CI role');
    expect(refused.output).toMatch(/eks-auth-lint \(changed files\)\.+Passed/);
    expect(refused.output).toMatch(/eks-auth-lint \(whole repository\)\.+Failed/);
    expect(refused.output).toMatch(/clusters\/search\/aws-auth\.yaml\n\s+7:3\s+error\s+mapRoles is ignored: cluster "search" uses authenticationMode API .* aws-auth-ignored/);
    expect(refused.status).toBe(1);
    expect(git(target, 'rev-parse', 'HEAD')).toBe(head);
  }, HOOK_TIMEOUT);
});
