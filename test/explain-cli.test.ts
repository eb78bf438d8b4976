import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const CLI = join(ROOT, 'dist', 'src', 'cli.js');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'explain');
const ARN = 'arn:aws:sts::210987654321:assumed-role/developers/carol@example.com';

function run(args: readonly string[], options: { cwd?: string; input?: string } = {}) {
  const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined };
  return spawnSync(process.execPath, [CLI, ...args], { cwd: options.cwd ?? FIXTURES, env, encoding: 'utf8', ...(options.input === undefined ? {} : { input: options.input }) });
}

describe('eks-auth-lint explain', () => {
  it('exits 0 and explains the match when the caller is mapped', () => {
    const result = run(['explain', ARN, 'precedence']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('MAPPED   The mapRoles entry at precedence/aws-auth.yaml:22:16 matches.');
    expect(result.stdout).toMatch(/Result: mapped\.\n$/);
  });

  it('exits 1 and names the near miss when it is not', () => {
    const result = run(['explain', 'arn:aws:sts::210987654321:assumed-role/deployer/x', 'near-misses']);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('DENIED');
    expect(result.stdout).toContain('near-misses/aws-auth.yaml:9:16  mapRoles: "arn:aws:iam::210987654321:role/teams/deployer" has the role path "/teams/"');
  });

  it('exits 1 when one cluster in scope does not map the caller', () => {
    const result = run(['explain', 'arn:aws:sts::210987654321:assumed-role/viewers/v', 'api-mode', 'config-map']);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('Result: mapped in 1 of 2 clusters.');
  });

  it('prints JSON for scripts', () => {
    const result = run(['explain', '--format', 'json', ARN, 'precedence']);
    expect(result.status).toBe(0);
    const json = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['caller', 'callerNotes', 'mapped', 'clusters', 'unreadable']);
    expect(json).toMatchObject({
      caller: { arn: ARN, canonicalArn: 'arn:aws:iam::210987654321:role/developers', kind: 'assumed-role', sessionName: 'carol@example.com', accessKeyId: null },
      mapped: true,
      clusters: [{
        cluster: { carrier: 'implicit', authMode: 'CONFIG_MAP', awsAuthFiles: ['precedence/aws-auth.yaml'] },
        outcome: 'mapped',
        grant: { via: 'mapRoles', at: 'precedence/aws-auth.yaml:22:16', entryType: null, groups: ['viewers', 'team-210987654321'], policies: [] },
        shadowed: [{ via: 'mapRoles', at: 'precedence/aws-auth.yaml:9:16' }],
        nearMisses: [],
      }],
      unreadable: [],
    });
  });

  it('reads the caller from get-caller-identity JSON, in a file or on standard input', () => {
    const fromFile = run(['explain', '--caller-identity', 'caller-identity.json', 'precedence']);
    expect(fromFile.status).toBe(0);
    expect(fromFile.stdout).toContain('matched as arn:aws:iam::210987654321:role/developers (session "carol@example.com")');
    const fromStdin = run(['explain', '--caller-identity', '-', 'near-misses'], { input: readFileSync(join(FIXTURES, 'caller-identity.json'), 'utf8') });
    expect(fromStdin.status).toBe(1);
    expect(fromStdin.stdout).toContain('Caller  arn:aws:sts::210987654321:assumed-role/developers/carol@example.com');
  });

  it.each([
    ['an IAM user', { UserId: 'AIDAEXAMPLEUSERID', Account: '210987654321', Arn: 'arn:aws:iam::210987654321:user/ops/alice' }, 0, 'MAPPED   The mapUsers entry at precedence/aws-auth.yaml:34:16 matches'],
    ['the account root', { UserId: '210987654321', Account: '210987654321', Arn: 'arn:aws:iam::210987654321:root' }, 1, 'No mapRoles or mapUsers entry matches arn:aws:iam::210987654321:root'],
    ['a federated user', { UserId: '210987654321:dana', Account: '210987654321', Arn: 'arn:aws:sts::210987654321:federated-user/dana' }, 1, 'matched as arn:aws:sts::210987654321:federated-user/dana (session "dana")'],
  ])('reads the get-caller-identity --output json of %s on standard input', (_, identity, status, text) => {
    const result = run(['explain', '--caller-identity', '-', 'precedence'], { input: `${JSON.stringify(identity, null, 4)}\n` });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(status);
    expect(result.stdout).toContain(text);
  });

  it('exits 1 when no cluster is in scope, in text and in JSON', () => {
    const text = run(['explain', ARN, 'caller-identity.json']);
    expect(text.status).toBe(1);
    expect(text.stdout).toContain('Result: the scanned files define no cluster and hold no aws-auth ConfigMap');
    const json = run(['explain', '--format', 'json', ARN, 'caller-identity.json']);
    expect(json.status).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ mapped: false, clusters: [] });
  });

  it('prints JSON of one shape whatever the outcome, the same on every run', () => {
    const args = ['explain', '--format', 'json', 'arn:aws:sts::210987654321:assumed-role/viewers/v', 'api-mode', 'config-map', 'near-misses'];
    const first = run(args);
    expect(run(args).stdout).toBe(first.stdout);
    const json = JSON.parse(first.stdout) as { clusters: { outcome: string; grant: unknown; nearMisses: object[] }[] };
    expect(json.clusters.map((c) => c.outcome)).toEqual(['mapped', 'denied', 'denied']);
    for (const cluster of json.clusters) {
      expect(Object.keys(cluster)).toEqual(['cluster', 'outcome', 'reason', 'grant', 'shadowed', 'nearMisses', 'warnings']);
      for (const miss of cluster.nearMisses) expect(Object.keys(miss)).toEqual(['kind', 'at', 'written', 'message']);
    }
  });

  it('takes --auth-mode for aws-auth manifests no scanned cluster owns', () => {
    const result = run(['explain', '--auth-mode', 'API', ARN, 'precedence']);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('uses --auth-mode API: in API mode EKS does not read aws-auth at all');
  });

  it('reads the configuration file: its directory modes apply, unless --no-config', () => {
    const cwd = join(FIXTURES, 'configured');
    const configured = run(['explain', ARN], { cwd });
    expect(configured.status).toBe(1);
    expect(configured.stdout).toContain('mode     authenticationMode API for prod in .eks-auth-lint.yaml');
    const ignored = run(['explain', '--no-config', ARN], { cwd });
    expect(ignored.status).toBe(0);
    expect(ignored.stdout).toContain('MAPPED   The mapRoles entry at prod/aws-auth.yaml:22:16 matches.');
  });

  it.each([
    [['explain', 'not-an-arn', 'precedence'], '"not-an-arn" is not an ARN'],
    [['explain', 'arn:aws:iam::210987654321:instance-profile/nodes', 'precedence'], '"arn:aws:iam::210987654321:instance-profile/nodes" is not an identity the authenticator accepts'],
    [['explain'], 'give the caller ARN'],
    [['explain', '--format', 'sarif', ARN], 'unknown format "sarif" (use text or json)'],
    [['explain', '--auth-mode', 'APIS', ARN], '--auth-mode must be one of CONFIG_MAP, API_AND_CONFIG_MAP, API'],
    [['explain', '--bogus', ARN], "Unknown option '--bogus'"],
    [['explain', ARN, 'no-such-dir'], 'no such file, directory or match: no-such-dir'],
    [['explain', '--caller-identity', 'missing.json'], 'cannot read missing.json (ENOENT)'],
    [['explain', '--caller-identity', 'precedence/aws-auth.yaml'], 'precedence/aws-auth.yaml: not JSON'],
    [['explain', '--log', 'x.log', '--caller-identity', 'caller-identity.json'], '--log and --caller-identity cannot be combined'],
  ])('exits 2 with one clear line for %j', (args, message) => {
    const result = run(args);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`eks-auth-lint explain: ${message}`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('has its own help, and the main help mentions it', () => {
    const help = run(['explain', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: eks-auth-lint explain ARN [paths...]');
    expect(run(['--help']).stdout).toContain('eks-auth-lint explain ARN [paths...]');
  });
});

describe('the README explain section', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  // The section up to its first subsection: the examples of `explain ARN`.
  const section = /\n## Explain: why is this identity Unauthorized\?\n([\s\S]*?)\n##/.exec(readme)?.[1] ?? '';
  const examples = [...section.matchAll(/```console\n\$ eks-auth-lint (.*)\n([\s\S]*?)```/g)].map((m) => ({ command: m[1] ?? '', output: m[2] ?? '' }));

  it('has examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(2);
  });

  it.each(examples)('prints what the README shows for: $command', ({ command, output }) => {
    const result = run(command.split(' '), { cwd: ROOT });
    expect(result.stderr).toBe('');
    expect([0, 1]).toContain(result.status);
    expect(result.stdout).toBe(output);
  });
});
