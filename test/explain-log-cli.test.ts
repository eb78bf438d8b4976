import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explainLogMain, type ExplainLogOptions } from '../src/explain/log/cli.js';

const ROOT = join(import.meta.dirname, '..');
const CLI = join(ROOT, 'dist', 'src', 'cli.js');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'explain-log');

/** Runs the built CLI as a user would (npm test builds first). */
function run(args: string[], input = '') {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined };
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, input, env, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Calls the module directly, collecting what it writes. */
async function call(options: Omit<ExplainLogOptions, 'write' | 'warn'>) {
  let stdout = '';
  let stderr = '';
  const code = await explainLogMain({ ...options, write: (text) => (stdout += text), warn: (text) => (stderr += text) });
  return { code, stdout, stderr };
}

interface JsonReport {
  input: { shape: string; records: number; unrecognized: number; truncated: number };
  failed: boolean;
  counts: { class: string; level: string; failure: boolean; events: number; lines: number }[];
  events: {
    class: string;
    level: string;
    lines: number[];
    exportEvents: number[];
    details: string[];
    notes: string[];
    timestamp: string | null;
    stream: string | null;
    truncated: boolean;
    identity: Record<string, unknown>;
    messages: string[];
  }[];
  identities: { key: string; kind: string; canonicalArn: string | null; accessKeyIds: string[]; events: number[]; explanation: { caller: { canonicalArn: string }; clusters: { outcome: string; nearMisses: { kind: string; at: string }[] }[] } | null }[];
}

const GRANTED = 'time="2026-03-02T09:17:05Z" level=info msg="access granted" arn="arn:aws:iam::210987654321:role/platform-admin" client="127.0.0.1:50530" groups="[viewers]" method=POST path=/authenticate username=dashboard\n';

describe('eks-auth-lint explain --log', () => {
  it('explains the example log against the example configuration (examples/logs/expected-explanation.txt)', () => {
    const result = run(['explain', '--log', 'examples/logs/authenticator.log', 'examples/broken/aws-auth.yaml']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(readFileSync(join(ROOT, 'examples', 'logs', 'expected-explanation.txt'), 'utf8'));
  });

  it('matches the README example (### explain --log): its command prints the excerpt shown', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = /\n### explain --log\n([\s\S]*?)\n## /.exec(readme)?.[1] ?? '';
    const block = /```console\n\$ eks-auth-lint (.*)\n([\s\S]*?)…\n```/.exec(section);
    expect(block?.[2]).toContain('[log-not-mapped]');
    const result = run((block?.[1] ?? '').split(' '));
    expect(result.code).toBe(1);
    expect(result.stdout.startsWith(block?.[2] ?? '-')).toBe(true);
  });

  it('names the aws-auth entry that should have matched a "not mapped" caller, in JSON', () => {
    const result = run(['explain', '--log', 'examples/logs/authenticator.log', 'examples/broken/aws-auth.yaml', '--format', 'json']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(result.stdout).toBe(`${JSON.stringify(report, null, 2)}\n`);
    expect(report.input).toEqual({ shape: 'text', records: 12, unrecognized: 0, truncated: 1 });
    expect(report.failed).toBe(true);
    const runner = report.identities.find((i) => i.key === 'arn:aws:iam::210987654321:role/gitlab-runner');
    expect(runner?.accessKeyIds).toEqual(['ASIAEXAMPLERUNNER001']);
    expect(runner?.explanation?.clusters[0]?.nearMisses[0]).toMatchObject({ kind: 'role-path', at: 'examples/broken/aws-auth.yaml:13:16' });
    const granted = report.identities.find((i) => i.key === 'arn:aws:iam::210987654321:role/platform-admin');
    expect(granted?.explanation).toBeNull();
    const first = report.events[runner?.events[0] ?? -1];
    expect(first).toMatchObject({ class: 'log-not-mapped', level: 'error', lines: [1, 2], exportEvents: [], timestamp: '2026-03-02T09:14:03Z', stream: null, truncated: false });
    expect(first?.identity).toMatchObject({ arn: 'arn:aws:sts::210987654321:assumed-role/gitlab-runner/botocore-session-1772442843', canonicalArn: 'arn:aws:iam::210987654321:role/gitlab-runner', sessionName: 'botocore-session-1772442843', stsEndpoint: 'sts.eu-west-1.amazonaws.com' });
    expect(report.counts.map((c) => [c.class, c.events, c.lines])).toEqual([['log-not-mapped', 4, 7], ['log-access-granted', 2, 3], ['log-token-expired', 1, 1], ['log-cluster-name-mismatch', 1, 1]]);
  });

  it('reads standard input and exits 0 when every line is a success', () => {
    const result = run(['explain', '--log', '-'], GRANTED);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('access granted (line 1) [log-access-granted]');
    expect(result.stdout).toContain('no failure in 1 event from 1 caller');
  });

  it('exits 2 for input that cannot be read, and for paths that match nothing', () => {
    const missing = run(['explain', '--log', 'no/such/file.log']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('eks-auth-lint: cannot read no/such/file.log (ENOENT)\n');
    const binary = join(mkdtempSync(join(tmpdir(), 'eal-log-')), 'binary.log');
    writeFileSync(binary, Buffer.from([0x74, 0x69, 0x6d, 0x65, 0, 1, 2]));
    const binaryResult = run(['explain', '--log', binary]);
    expect(binaryResult.code).toBe(2);
    expect(binaryResult.stderr).toContain('binary file');
    const unmatched = run(['explain', '--log', 'examples/logs/authenticator.log', 'no/such/dir']);
    expect(unmatched.code).toBe(2);
    expect(unmatched.stderr).toContain('no such file, directory or match: no/such/dir');
  });
});

describe('explainLogMain', () => {
  it('reads every export shape of the fixtures and fails on their failures', async () => {
    const shapes: [string, string, number][] = [
      ['filter-log-events.json', 'filter-log-events', 1],
      ['get-log-events.json', 'get-log-events', 1],
      ['get-query-results.json', 'get-query-results', 1],
      ['aws-logs-tail.txt', 'aws-logs-tail', 1],
      ['insights.csv', 'csv', 1],
      ['cut-export.json', 'json-partial', 1],
      ['kubectl-stderr.txt', 'text', 1],
    ];
    for (const [file, shape, code] of shapes) {
      const result = await call({ log: join(FIXTURES, file), paths: [], format: 'json' });
      const report = JSON.parse(result.stdout) as JsonReport;
      expect([file, report.input.shape, result.code]).toEqual([file, shape, code]);
    }
  });

  it('gives event numbers, times and streams of an export', async () => {
    const result = await call({ log: join(FIXTURES, 'get-query-results.json'), paths: [], format: 'json' });
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report.events.map((e) => [e.class, e.exportEvents, e.lines, e.timestamp, e.stream, e.details])).toEqual([
      ['log-sts-credentials', [1], [5], '2026-03-02 09:20:12.000', 'authenticator-0123456789abcdef0123456789abcdef', ['STS error InvalidClientTokenId', 'STS region us-east-1']],
      ['log-sts-throttled', [2], [11], '2026-03-02 09:21:00.000', null, []],
    ]);
  });

  it('explains kubectl stderr as grouped client-side failures', async () => {
    const result = await call({ log: join(FIXTURES, 'kubectl-stderr.txt'), paths: [], format: 'text' });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('kubectl and credential plugin (client side)');
    expect(result.stdout).toContain('  error   plugin failed (lines 1-3) [client-exec-failed]');
    expect(result.stdout).toContain('    - profile "dev-admin" does not exist where kubectl runs');
    expect(result.stdout).toContain('  error   plugin not found (lines 5, 7) [client-exec-missing]');
    expect(result.stdout).toContain('  note    Unauthorized (line 8) [client-unauthorized]');
  });

  it('colours levels only when asked', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'eal-log-')), 'granted.log');
    writeFileSync(file, GRANTED);
    expect((await call({ log: file, paths: [], format: 'text' })).stdout).not.toContain('\u001b[');
    expect((await call({ log: file, paths: [], format: 'text', color: true })).stdout).toContain('\u001b[36mnote');
  });

  it('keeps the explanation short when the paths hold many clusters', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'eal-log-')), 'runner.log');
    writeFileSync(file, readFileSync(join(ROOT, 'examples', 'logs', 'authenticator.log'), 'utf8').split('\n').slice(0, 2).join('\n'));
    const paths = ['examples/broken', 'examples/fixed', 'examples/kubectl-dump'].map((p) => join(ROOT, p));
    const result = await call({ log: file, paths, format: 'text' });
    const block = result.stdout.slice(result.stdout.indexOf('  explain '));
    expect(block).toMatch(/^ {4}DENIED in the cluster that .*broken\/aws-auth\.yaml is applied to/m);
    expect(block).toMatch(/broken\/aws-auth\.yaml:13:16 {2}mapRoles: .* has the role path "\/gitlab-ci\/"/);
    expect(block).toMatch(/^ {4}MAPPED in the cluster that .*fixed\/aws-auth\.yaml is applied to/m);
    expect(block).toContain('    DENIED in 5 other clusters, with no entry close to this caller\n');
    const json = JSON.parse((await call({ log: file, paths, format: 'json' })).stdout) as JsonReport;
    expect(json.identities[0]?.explanation?.clusters).toHaveLength(7);
  });

  it('explains access denied for an IAM user and for a root ARN against the scanned aws-auth', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eal-log-'));
    writeFileSync(join(dir, 'aws-auth.yaml'), [
      'apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: aws-auth', '  namespace: kube-system', 'data:', '  mapUsers: |',
      '    - userarn: arn:aws:iam::111122223333:user/alice', '      username: alice', '    - userarn: arn:aws:iam::111122223333:root', '      username: root-admin', '',
    ].join('\n'));
    const denied = (arn: string, key: string, port: number) => [
      `time="2026-03-02T09:00:00Z" level=info msg="STS response" accesskeyid=${key} accountid=111122223333 arn="${arn}" client="127.0.0.1:${String(port)}" method=POST path=/authenticate session= stsendpoint=sts.eu-west-1.amazonaws.com userid=AIDAEXAMPLE`,
      `time="2026-03-02T09:00:00Z" level=warning msg="access denied" arn="${arn}" client="127.0.0.1:${String(port)}" error="identity is not mapped" method=POST path=/authenticate`,
    ];
    writeFileSync(join(dir, 'denied.log'), [...denied('arn:aws:iam::111122223333:user/team/alice', 'AKIAEXAMPLEALICE0001', 1), ...denied('arn:aws:iam::111122223333:root', 'AKIAEXAMPLEROOT00001', 2)].join('\n'));
    const result = await call({ log: join(dir, 'denied.log'), paths: [join(dir, 'aws-auth.yaml')], format: 'text' });
    expect(result.code).toBe(1);
    const [user = '', root = ''] = result.stdout.split('\n\n').slice(1, 3);
    expect(user).toMatch(/^arn:aws:iam::111122223333:user\/team\/alice\n {2}access key AKIAEXAMPLEALICE0001 \(long-term IAM user key\);/);
    expect(user).toMatch(/ {4}DENIED in the cluster .*\n {6}.*aws-auth\.yaml:8:16 {2}mapUsers: "arn:aws:iam::111122223333:user\/alice" has the user path "\/", and the caller's ARN has "\/team\/"/);
    expect(root).toMatch(/^arn:aws:iam::111122223333:root\n {2}access key AKIAEXAMPLEROOT00001 \(long-term root user key\);/);
    expect(root).toContain("    - the account's root user: its keys are long-term and unrestricted");
    expect(root).toMatch(/ {4}MAPPED in the cluster .*\n {6}.*aws-auth\.yaml:10:16 {2}matched by mapUsers "arn:aws:iam::111122223333:root"\n {4}The log says this caller is not mapped, yet the scanned files map it: /);
  });

  it('reads a log larger than the 16 MiB limit of configuration files', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'eal-log-')), 'big.log');
    const line = readFileSync(join(ROOT, 'examples', 'logs', 'authenticator.log'), 'utf8').split('\n')[9] ?? '';
    writeFileSync(file, `${line}\n`.repeat(Math.ceil((17 * 1024 * 1024) / (line.length + 1))));
    const result = await call({ log: file, paths: [], format: 'text' });
    expect([result.code, result.stderr]).toEqual([1, '']);
    expect(result.stdout).toMatch(/^ {2}error {3}token expired x\d{5} \(lines 1-\d{5}\) \[log-token-expired\]$/m);
  });

  it('says so when nothing is recognised, and exits 0', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'eal-log-')), 'other.log');
    writeFileSync(file, 'NAME READY STATUS\npod-1 1/1 Running\n');
    const result = await call({ log: file, paths: [], format: 'text' });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('Read 2 lines (plain lines); 2 lines not recognised.\n\nNothing to explain: no authenticator line and no known kubectl message.\n');
  });
});
