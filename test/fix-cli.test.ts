import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const CLI = join(ROOT, 'dist', 'src', 'cli.js');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'fix');

/** Runs the built CLI (npm test builds first) in `cwd`, without a configuration file. */
function run(cwd: string, args: string[], input: string | Buffer = '') {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, GITHUB_STEP_SUMMARY: undefined };
  const result = spawnSync(process.execPath, [CLI, '--no-config', ...args], { cwd, input, env });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr.toString('utf8') };
}

function copy(...names: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'eal-fix-cli-'));
  for (const name of names) cpSync(join(FIXTURES, name), join(dir, name), { recursive: true });
  return dir;
}

const fixture = (name: string): Buffer => readFileSync(join(FIXTURES, name));

interface Result {
  ruleId: string;
  fixes?: unknown;
  locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
}

describe('--fix-dry-run', () => {
  it('prints the exact unified diff and nothing else, writes nothing, and exits 1 while fixes are pending', () => {
    const cwd = copy('eksctl.yaml', 'bom.yaml');
    const result = run(cwd, ['--fix-dry-run', 'eksctl.yaml', 'bom.yaml']);
    expect(result.stdout.toString('utf8')).toBe(
      [
        '--- a/bom.yaml',
        '+++ b/bom.yaml',
        '@@ -6,6 +6,6 @@',
        ' data:',
        '   mapUsers: |',
        '     - userarn: arn:aws:iam::210987654321:user/carol',
        '-      UserName: carol',
        '+      username: carol',
        '       groups:',
        '-        - off',
        '+        - "off"',
        '--- a/eksctl.yaml',
        '+++ b/eksctl.yaml',
        '@@ -5,7 +5,7 @@',
        '   name: platform',
        '   region: eu-west-1',
        ' iamIdentityMappings:',
        '-  - arn: arn:aws:iam::210987654321:role/ci/deployer # CI deploy role',
        '+  - arn: arn:aws:iam::210987654321:role/deployer # CI deploy role',
        '     username: deployer',
        '     groups:',
        '       - deployers',
        '',
      ].join('\n'),
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    expect(readFileSync(join(cwd, 'eksctl.yaml'))).toEqual(fixture('eksctl.yaml'));
    expect(readFileSync(join(cwd, 'bom.yaml'))).toEqual(fixture('bom.yaml'));
  });

  it('writes the diff to --output instead of standard output', () => {
    const cwd = copy('eksctl.yaml');
    const printed = run(cwd, ['--fix-dry-run', 'eksctl.yaml']);
    const written = run(cwd, ['--fix-dry-run', 'eksctl.yaml', '--output', 'fixes.diff']);
    expect(written.stdout.toString('utf8')).toBe('');
    expect(written.code).toBe(1);
    expect(readFileSync(join(cwd, 'fixes.diff'), 'utf8')).toBe(printed.stdout.toString('utf8'));
    expect(readFileSync(join(cwd, 'eksctl.yaml'))).toEqual(fixture('eksctl.yaml'));
  });

  it('prints nothing and exits 0 when there is nothing to fix, even with findings left', () => {
    const result = run(copy('not-fixable.yaml'), ['--fix-dry-run', 'not-fixable.yaml']);
    expect(result.stdout.toString('utf8')).toBe('');
    expect(result.code).toBe(0);
  });

  it('shows the diff of standard input under its --stdin-filename', () => {
    const result = run(copy(), ['--fix-dry-run', '-', '--stdin-filename', 'aws-auth.yaml'], fixture('crlf.yaml'));
    expect(result.stdout.toString('utf8')).toMatch(/^--- a\/aws-auth\.yaml\n\+\+\+ b\/aws-auth\.yaml\n@@ -2,9 \+2,10 @@\n/);
    expect(result.code).toBe(1);
  });
});

describe('--fix', () => {
  it('fixes files in place, keeping CRLF and BOM, then reports what remains and exits on it', () => {
    const cwd = copy('crlf.yaml', 'bom.yaml', 'manifest.yaml', 'not-fixable.yaml');
    const result = run(cwd, ['--fix', '--format', 'json', '.']);
    for (const name of ['crlf.yaml', 'bom.yaml', 'manifest.yaml']) expect(readFileSync(join(cwd, name)), name).toEqual(fixture(`${name}.fixed`));
    expect(readFileSync(join(cwd, 'not-fixable.yaml'))).toEqual(fixture('not-fixable.yaml'));
    const report = JSON.parse(result.stdout.toString('utf8')) as { findings: { ruleId: string; file: string; line: number }[] };
    const byFile = (file: string) => report.findings.filter((f) => f.file === file).map((f) => `${f.ruleId}@${f.line}`);
    expect(byFile('crlf.yaml')).toEqual(['session-controlled-identity@9']);
    expect(byFile('bom.yaml')).toEqual([]);
    expect(byFile('manifest.yaml')).toEqual(['session-controlled-identity@26']);
    expect(byFile('not-fixable.yaml')).toContain('role-arn-path@6');
    expect(result.code).toBe(1);
  });

  it('exits 0 when the fixes leave nothing at the --fail-on level, and a second run changes nothing', () => {
    const cwd = copy('crlf.yaml');
    expect(run(cwd, ['--fix', '--fail-on', 'error', 'crlf.yaml']).code).toBe(0);
    expect(run(cwd, ['--fix', 'crlf.yaml']).code).toBe(0);
    expect(readFileSync(join(cwd, 'crlf.yaml'))).toEqual(fixture('crlf.yaml.fixed'));
    expect(run(cwd, ['--fix-dry-run', 'crlf.yaml']).stdout.toString('utf8')).toBe('');
  });

  it('fixes a Terraform module directory: heredoc, string and yamlencode object', () => {
    const cwd = copy('terraform');
    run(cwd, ['--fix', 'terraform']);
    expect(readFileSync(join(cwd, 'terraform', 'main.tf'))).toEqual(fixture('terraform/main.tf.fixed'));
  });

  it('with -, prints the fixed standard input (and the report only to --output)', () => {
    const cwd = copy();
    const result = run(cwd, ['--fix', '-', '--stdin-filename', 'manifest.yaml', '--format', 'json', '--output', 'report.json'], fixture('manifest.yaml'));
    expect(result.stdout).toEqual(fixture('manifest.yaml.fixed'));
    const report = JSON.parse(readFileSync(join(cwd, 'report.json'), 'utf8')) as { findings: { ruleId: string }[] };
    expect(report.findings.map((f) => f.ruleId)).toEqual(['session-controlled-identity']);
    expect(result.code).toBe(0);
    expect(run(cwd, ['--fix', '-'], fixture('bom.yaml')).stdout).toEqual(fixture('bom.yaml.fixed'));
  });

  it('with --format sarif and --output, writes the fixed files and, to the file only, a report of what remains without fixes', () => {
    const cwd = copy('crlf.yaml', 'not-fixable.yaml');
    const result = run(cwd, ['--fix', '--format', 'sarif', '--output', 'report.sarif', '.']);
    expect(result.stdout.toString('utf8')).toBe('');
    expect(readFileSync(join(cwd, 'crlf.yaml'))).toEqual(fixture('crlf.yaml.fixed'));
    expect(readFileSync(join(cwd, 'not-fixable.yaml'))).toEqual(fixture('not-fixable.yaml'));
    const log = JSON.parse(readFileSync(join(cwd, 'report.sarif'), 'utf8')) as { runs: { results: Result[] }[] };
    const results = log.runs[0]?.results ?? [];
    expect(results.filter((r) => r.fixes !== undefined)).toEqual([]);
    const where = (r: Result) => `${r.locations[0]?.physicalLocation.artifactLocation.uri.split('/').pop() ?? ''}:${r.locations[0]?.physicalLocation.region.startLine ?? 0} ${r.ruleId}`;
    expect(results.map(where).filter((w) => w.startsWith('crlf.yaml'))).toEqual(['crlf.yaml:9 session-controlled-identity']);
    expect(results.map(where)).toContain('not-fixable.yaml:6 role-arn-path');
    expect(result.code).toBe(1);
  });

  it('rejects --fix with --fix-dry-run, and - with other paths, as usage errors', () => {
    const cwd = copy('crlf.yaml');
    const both = run(cwd, ['--fix', '--fix-dry-run', 'crlf.yaml']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--fix and --fix-dry-run cannot be combined');
    const mixed = run(cwd, ['--fix', '-', 'crlf.yaml'], 'a: 1\n');
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain('--fix with - fixes standard input only');
    expect(readFileSync(join(cwd, 'crlf.yaml'))).toEqual(fixture('crlf.yaml'));
  });
});

describe('README', () => {
  it('shows the diff that --fix-dry-run prints for its Autofix example', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = /^## Autofix\n([\s\S]*?)^## /m.exec(readme)?.[1] ?? '';
    const input = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
    const command = /```sh\neks-auth-lint (.*)\n```/.exec(section)?.[1];
    const diff = /```diff\n([\s\S]*?)```/.exec(section)?.[1];
    if (input === undefined || command === undefined || diff === undefined) throw new Error('the Autofix section lost its example');
    const cwd = copy();
    writeFileSync(join(cwd, 'aws-auth.yaml'), input);
    const result = run(cwd, command.split(' '));
    expect(result.stdout.toString('utf8')).toBe(diff);
    expect(result.code).toBe(1);
  });
});
