import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyBaseline, BaselineError, createBaseline, FINGERPRINT_KEY, parseBaseline, serializeBaseline, withFingerprints, type Baseline } from '../src/baseline.js';
import { lint } from '../src/index.js';
import { awsAuthManifest, eksctlCluster, roleEntry, tempRepository } from './helpers/temp-repo.js';

const ROOT = join(import.meta.dirname, '..');
const CLI = join(ROOT, 'dist', 'src', 'cli.js');

const AWS_AUTH = awsAuthManifest(
  roleEntry('arn:aws:iam::210987654321:role/gitlab-ci/gitlab-runner', 'gitlab-runner', ['ci-deployers'])
  + roleEntry('arn:aws:iam::210987654321:role/break-glass', 'break-glass', ['system:masters']),
);

/** A cluster in API mode: the aws-auth ConfigMap beside it is ignored (a cross-file finding whose message names a line). */
const CLUSTER = eksctlCluster('search', 'API');

const repository = (files: Record<string, string>): string => tempRepository('eal-baseline-', files);

async function fingerprinted(dir: string) {
  return withFingerprints(await lint({ cwd: dir, paths: ['.'] }));
}

async function baselineOf(dir: string): Promise<Baseline> {
  return createBaseline(await fingerprinted(dir));
}

async function newFindings(dir: string, baseline: Baseline) {
  const applied = applyBaseline(await fingerprinted(dir), baseline);
  return { ...applied, ids: applied.result.findings.map((f) => f.ruleId) };
}

describe('baselines', () => {
  it('records every finding, and a re-run of the same files reports none', async () => {
    const dir = repository({ 'aws-auth.yaml': AWS_AUTH });
    const result = await fingerprinted(dir);
    expect(result.findings.map((f) => f.ruleId).sort()).toEqual(['role-arn-path', 'system-masters']);
    const baseline = createBaseline(result);
    expect(baseline.findings.map((e) => [e.ruleId, e.path, e.count])).toEqual([['role-arn-path', 'aws-auth.yaml', 1], ['system-masters', 'aws-auth.yaml', 1]]);
    expect(baseline.findings[0]?.context).toBe('- rolearn: arn:aws:iam::210987654321:role/gitlab-ci/gitlab-runner');
    const again = await newFindings(dir, baseline);
    expect(again.ids).toEqual([]);
    expect(again.absorbed).toBe(2);
  });

  it('still matches after unrelated lines are inserted above the findings, in the file and in the other file a message names', async () => {
    const dir = repository({ 'c/aws-auth.yaml': AWS_AUTH, 'c/cluster.yaml': CLUSTER });
    const baseline = await baselineOf(dir);
    expect(baseline.findings.map((e) => e.ruleId)).toContain('aws-auth-ignored');
    const before = (await fingerprinted(dir)).findings.find((f) => f.ruleId === 'aws-auth-ignored');
    writeFileSync(join(dir, 'c/aws-auth.yaml'), `# owned by the platform team\n# see the runbook\n\n${AWS_AUTH.replace('data:\n', 'data:\n  # mappings below\n')}`);
    writeFileSync(join(dir, 'c/cluster.yaml'), `# search cluster\n# eu-west-1\n${CLUSTER}`);
    const after = await newFindings(dir, baseline);
    const moved = (await fingerprinted(dir)).findings.find((f) => f.ruleId === 'aws-auth-ignored');
    // The finding moved and its message now names another line of cluster.yaml: still the same finding.
    expect(moved?.span.start.line).toBe((before?.span.start.line ?? 0) + 4);
    expect(moved?.message).not.toBe(before?.message);
    expect(after.ids).toEqual([]);
    expect(after.absorbed).toBe(baseline.findings.length);
  });

  it('still matches a finding whose message lists several other lines, after lines are inserted above them', async () => {
    const repeated = AWS_AUTH.replace('      username: gitlab-runner\n', '      username: gitlab-runner\n      username: runner-2\n      username: runner-3\n');
    const dir = repository({ 'aws-auth.yaml': repeated });
    const baseline = await baselineOf(dir);
    const message = (await fingerprinted(dir)).findings.find((f) => f.ruleId === 'duplicate-key' && f.message.includes('the ones at lines'))?.message;
    expect(message).toContain('the ones at lines 9, 10 are');
    writeFileSync(join(dir, 'aws-auth.yaml'), repeated.replace('data:\n', 'data:\n  # mappings below\n'));
    const after = await newFindings(dir, baseline);
    expect((await fingerprinted(dir)).findings.map((f) => f.message)).toContainEqual(expect.stringContaining('the ones at lines 10, 11 are'));
    expect(after.ids).toEqual([]);
    expect(after.absorbed).toBe(baseline.findings.length);
  });

  it('reports a finding as new when its offending value changes, and keeps the others matched', async () => {
    const dir = repository({ 'aws-auth.yaml': AWS_AUTH });
    const baseline = await baselineOf(dir);
    writeFileSync(join(dir, 'aws-auth.yaml'), AWS_AUTH.replace('role/gitlab-ci/gitlab-runner', 'role/gitlab-ci/gitlab-runner-v2'));
    const after = await newFindings(dir, baseline);
    expect(after.ids).toEqual(['role-arn-path']);
    expect(after.result.findings[0]?.baselineState).toBe('new');
    expect(after.absorbed).toBe(1);
  });

  it('counts identical findings: each entry absorbs as many findings as its count, and one more is new', async () => {
    const entry = roleEntry('arn:aws:iam::210987654321:role/admin', 'admin', ['system:masters']);
    const twice = awsAuthManifest(entry + entry);
    const dir = repository({ 'aws-auth.yaml': twice });
    const result = await fingerprinted(dir);
    const masters = result.findings.filter((f) => f.ruleId === 'system-masters');
    expect(masters).toHaveLength(2);
    expect(masters[0]?.fingerprint).toBe(masters[1]?.fingerprint);
    const baseline = createBaseline(result);
    expect(baseline.findings.find((e) => e.ruleId === 'system-masters')?.count).toBe(2);

    writeFileSync(join(dir, 'aws-auth.yaml'), awsAuthManifest(entry + entry + entry));
    const three = await newFindings(dir, baseline);
    expect(three.ids.filter((id) => id === 'system-masters')).toHaveLength(1);

    const once: Baseline = { ...baseline, findings: baseline.findings.map((e) => (e.ruleId === 'system-masters' ? { ...e, count: 1 } : e)) };
    writeFileSync(join(dir, 'aws-auth.yaml'), twice);
    expect((await newFindings(dir, once)).ids).toEqual(['system-masters']);
  });

  it('is deterministic: sorted entries, the same bytes from the same findings in any order', async () => {
    const dir = repository({ 'b/aws-auth.yaml': AWS_AUTH, 'a/aws-auth.yaml': AWS_AUTH.replace('break-glass', 'oncall') });
    const result = await fingerprinted(dir);
    const text = serializeBaseline(createBaseline(result));
    const reversed = serializeBaseline(createBaseline({ ...result, findings: [...result.findings].reverse() }));
    expect(reversed).toBe(text);
    expect(serializeBaseline(await baselineOf(dir))).toBe(text);
    const parsed = JSON.parse(text) as Baseline;
    expect(parsed.version).toBe(1);
    const keys = parsed.findings.map((e) => `${e.path} ${e.ruleId} ${e.fingerprint}`);
    expect(keys).toEqual([...keys].sort());
    expect(parsed.findings.map((e) => e.path)).toEqual(['a/aws-auth.yaml', 'a/aws-auth.yaml', 'b/aws-auth.yaml', 'b/aws-auth.yaml']);
    expect(parseBaseline(text, 'b.json')).toEqual(createBaseline(result));
  });

  it('does not record findings suppressed inline, and they never consume an entry', async () => {
    const suppressed = AWS_AUTH.replace('        - system:masters', '        # eks-auth-lint-disable-next-line system-masters -- break-glass, reviewed\n        - system:masters');
    const dir = repository({ 'aws-auth.yaml': suppressed });
    const result = await fingerprinted(dir);
    expect(result.findings.find((f) => f.ruleId === 'system-masters')?.suppression).toBeDefined();
    const baseline = createBaseline(result);
    expect(baseline.findings.map((e) => e.ruleId)).toEqual(['role-arn-path']);
    const applied = applyBaseline(result, baseline);
    expect(applied.result.findings.map((f) => [f.ruleId, f.baselineState])).toEqual([['system-masters', undefined]]);
  });

  it('never copies a credential into the baseline: context lines show the key, not the token', async () => {
    const eksToken = 'k8s-aws-v1.aHR0cHM6Ly9zdHMuZXUtd2VzdC0xLmFtYXpvbmF3cy5jb20vP0FjdGlvbj1HZXRDYWxsZXJJZGVudGl0eQ';
    const otherToken = 'c2VydmljZS1hY2NvdW50LXRva2VuLXZhbHVl';
    // JSON, one key a line, as `kubectl config view --raw -o json` writes it.
    const kubeconfig = JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'prod', cluster: { server: 'https://0123456789ABCDEF0123456789ABCDEF.gr7.eu-west-1.eks.amazonaws.com' } }],
      users: [{ name: 'ci', user: { token: eksToken } }, { name: 'robot', user: { token: otherToken } }],
      contexts: [{ name: 'prod', context: { cluster: 'prod', user: 'ci' } }],
    }, null, 2);
    const flow = `apiVersion: v1\nkind: Config\nusers: [{ name: ci, user: { token: ${eksToken} } }]\n`;
    const dir = repository({ 'env/kubeconfig_prod': kubeconfig, 'env/dev.kubeconfig': flow });
    const baseline = await baselineOf(dir);
    expect(baseline.findings.map((e) => [e.ruleId, e.context]).sort()).toEqual([
      ['kubeconfig-static-token', '"token": (not shown)'],
      ['kubeconfig-static-token', '"token": (not shown)'],
      // Cut to 120 characters inside the token, then redacted.
      ['kubeconfig-static-token', 'users: [{ name: ci, user: { token: (not shown)'],
    ]);
    const text = serializeBaseline(baseline);
    expect(text).not.toContain(eksToken.slice(11, 30));
    expect(text).not.toContain(otherToken);
    expect((await newFindings(dir, baseline)).ids).toEqual([]);
  });

  it('rejects files that are not baselines, naming the problem', () => {
    const valid = { tool: 'eks-auth-lint', version: 1, findings: [{ ruleId: 'x', path: 'a.yaml', fingerprint: 'a'.repeat(32), count: 1, context: '' }] };
    expect(parseBaseline(JSON.stringify(valid), 'b.json').findings).toHaveLength(1);
    const cases: [string, RegExp][] = [
      ['{', /b\.json: not an eks-auth-lint baseline: invalid JSON/],
      ['[]', /"tool" must be "eks-auth-lint"/],
      [JSON.stringify({ ...valid, version: 2 }), /"version" must be 1/],
      [JSON.stringify({ ...valid, findings: {} }), /"findings" must be an array/],
      [JSON.stringify({ ...valid, findings: [{ ...valid.findings[0], count: 0 }] }), /findings\[0\]\.count must be a positive integer/],
      [JSON.stringify({ ...valid, findings: [{ ...valid.findings[0], fingerprint: 'xyz' }] }), /findings\[0\]\.fingerprint/],
    ];
    for (const [text, message] of cases) {
      expect(() => parseBaseline(text, 'b.json')).toThrow(BaselineError);
      expect(() => parseBaseline(text, 'b.json')).toThrow(message);
    }
  });
});

describe('baselines on the command line', () => {
  const run = (dir: string, args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

  it('--write-baseline writes the file and exits 0; --baseline fails only on new findings', () => {
    const dir = repository({ 'aws-auth.yaml': AWS_AUTH });
    const written = run(dir, ['--write-baseline', 'eks-auth-lint-baseline.json', '.']);
    expect(written.stderr).toBe('eks-auth-lint: wrote a baseline of 2 findings to eks-auth-lint-baseline.json\n');
    expect(written.status).toBe(0);
    expect(parseBaseline(readFileSync(join(dir, 'eks-auth-lint-baseline.json'), 'utf8'), 'b').findings).toHaveLength(2);

    const clean = run(dir, ['--baseline', 'eks-auth-lint-baseline.json', '.']);
    expect(clean.stdout).toContain('No problems found');
    expect(clean.stderr).toBe('eks-auth-lint: the baseline eks-auth-lint-baseline.json accepts 2 findings, not shown\n');
    expect(clean.status).toBe(0);

    writeFileSync(join(dir, 'aws-auth.yaml'), AWS_AUTH.replace('role/break-glass', 'role/break-glass-2'));
    const sarif = run(dir, ['--baseline', 'eks-auth-lint-baseline.json', '--fail-on', 'warning', '--format', 'sarif', '.']);
    expect(sarif.status).toBe(1);
    const results = (JSON.parse(sarif.stdout) as { runs: { results: { ruleId: string; baselineState?: string; partialFingerprints?: Record<string, string> }[] }[] }).runs[0]?.results ?? [];
    expect(results.map((r) => [r.ruleId, r.baselineState])).toEqual([['system-masters', 'new']]);
    expect(results[0]?.partialFingerprints?.[FINGERPRINT_KEY]).toMatch(/^[0-9a-f]{32}$/);
  });

  it('gives every SARIF result our fingerprint, without a baseline', () => {
    const dir = repository({ 'aws-auth.yaml': AWS_AUTH });
    const sarif = run(dir, ['--format', 'sarif', '.']);
    const results = (JSON.parse(sarif.stdout) as { runs: { results: { baselineState?: string; partialFingerprints?: Record<string, string> }[] }[] }).runs[0]?.results ?? [];
    expect(results).toHaveLength(2);
    for (const r of results) {
      expect(Object.keys(r.partialFingerprints ?? {})).toEqual([FINGERPRINT_KEY]);
      expect(r.baselineState).toBeUndefined();
    }
  });

  it('exits 2 with one clear line for a missing or invalid baseline, and for both flags at once', () => {
    const dir = repository({ 'aws-auth.yaml': AWS_AUTH, 'not-a-baseline.json': '{"findings": []}' });
    const missing = run(dir, ['--baseline', 'missing.json', '.']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^eks-auth-lint: missing\.json: cannot read the baseline file \(ENOENT\)\n/);
    const invalid = run(dir, ['--baseline', 'not-a-baseline.json', '.']);
    expect(invalid.status).toBe(2);
    expect(invalid.stderr).toMatch(/^eks-auth-lint: not-a-baseline\.json: not an eks-auth-lint baseline: "tool" must be "eks-auth-lint"\n/);
    const both = run(dir, ['--baseline', 'a.json', '--write-baseline', 'b.json', '.']);
    expect(both.status).toBe(2);
    expect(both.stderr).toContain('--baseline and --write-baseline cannot be combined');
  });
});
