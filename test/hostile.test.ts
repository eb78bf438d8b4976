import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sarifSchemaErrors } from './helpers/sarif-schema.js';

/**
 * Hostile input through the real CLI (`npm run build` first): each case is a temporary tree. The run must
 * complete, exit with the right code, print no stack trace, say what happened to each file, and its SARIF
 * must stay valid. A hang or a crash fails the case (the spawn gives up after two minutes).
 */
const CLI = join(import.meta.dirname, '..', 'dist', 'src', 'cli.js');
const MiB = 1024 * 1024;
const AWS_AUTH_HEAD = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws-auth\n  namespace: kube-system\n';
/** A mapRoles entry with one problem: a role ARN with a path (role-arn-path). */
const PATH_ROLE = '    - rolearn: arn:aws:iam::210987654321:role/team/admin\n      username: admin\n      groups: [eks-admins]\n';
const isRoot = process.getuid?.() === 0;
/** The conventional uid of the unprivileged user `nobody`. */
const NOBODY = 65534;
const noFifos = process.platform === 'win32';

interface Located {
  readonly ruleId: string;
  readonly level: string;
  readonly file: string;
  readonly at: string;
  readonly message: string;
}

interface Outcome {
  readonly status: number | null;
  readonly results: readonly Located[];
  /** The reasons files were skipped (SARIF tool execution notifications). */
  readonly skipped: readonly string[];
  readonly stdout: string;
}

interface SarifText {
  runs: {
    invocations: { toolExecutionNotifications: { message: { text: string } }[] }[];
    results: { ruleId: string; level: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] }[];
  }[];
}

let base = '';
beforeAll(() => {
  if (!existsSync(CLI)) throw new Error('dist/src/cli.js is missing: run "npm run build" first');
  base = mkdtempSync(join(tmpdir(), 'eal-hostile-'));
});
afterAll(() => {
  rmSync(base, { recursive: true, force: true });
});

/** A fresh directory for one case, with a .git entry so that SARIF URIs are relative to it. */
function tree(name: string, files: Record<string, string | Uint8Array> = {}): string {
  const root = join(base, name);
  mkdirSync(join(root, '.git'), { recursive: true });
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

function run(cwd: string, args: readonly string[], nodeArgs: readonly string[] = [], timeout = 120_000, uid?: number): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [...nodeArgs, CLI, '--no-config', ...args], {
    cwd,
    ...(uid === undefined ? {} : { uid, gid: uid }),
    encoding: 'utf8',
    timeout,
    maxBuffer: 64 * MiB,
    env: { ...process.env, NO_COLOR: '1', EKS_AUTH_LINT_DEBUG: '' },
  });
  expect(result.error).toBeUndefined();
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(result.stderr).toBe('');
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs with --format sarif, validates the log against the SARIF 2.1.0 schema and returns what it reports. */
function lintSarif(cwd: string, args: readonly string[], nodeArgs: readonly string[] = [], timeout?: number, uid?: number): Outcome {
  const { status, stdout } = run(cwd, ['--format', 'sarif', ...args], nodeArgs, timeout, uid);
  expect(sarifSchemaErrors(stdout)).toEqual([]);
  const sarif = JSON.parse(stdout) as SarifText;
  const [only] = sarif.runs;
  if (only === undefined) throw new Error('no SARIF run');
  const results = only.results.map((r) => {
    const location = r.locations[0]?.physicalLocation;
    return { ruleId: r.ruleId, level: r.level, file: location?.artifactLocation.uri ?? '', at: `${location?.region.startLine ?? 0}:${location?.region.startColumn ?? 0}`, message: r.message.text };
  });
  return { status, results, skipped: (only.invocations[0]?.toolExecutionNotifications ?? []).map((n) => n.message.text), stdout };
}

describe('hostile input: the run completes, reports each case and exits with the right code', () => {
  it('an alias bomb (billion laughs) in the manifest is a parse-error, not a hang', () => {
    const levels = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++) levels.push(`a${i}: &a${i} [${Array<string>(10).fill(`*a${i - 1}`).join(', ')}]`);
    const root = tree('alias-bomb', { 'aws-auth.yaml': `${AWS_AUTH_HEAD}${levels.join('\n')}\n` });
    const outcome = lintSarif(root, ['.']);
    expect(outcome.status).toBe(1);
    expect(outcome.results).toEqual([expect.objectContaining({ ruleId: 'parse-error', file: 'aws-auth.yaml', message: expect.stringContaining('alias') as string })]);
  });

  it('YAML and JSON nested 100,000 levels deep: a parse-error at the first level too deep, no stack overflow', () => {
    const deep = 100_000;
    const root = tree('deep-yaml', {
      'flow.yaml': `${AWS_AUTH_HEAD}data: ${'['.repeat(deep)}${']'.repeat(deep)}\n`,
      'block.yaml': `${AWS_AUTH_HEAD}data:\n${Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i + 2)}k${i}:`).join('\n')}\n`,
      'aws-auth.json': `{"kind":"ConfigMap","metadata":{"name":"aws-auth"},"data":${'{"a":'.repeat(deep)}1${'}'.repeat(deep)}}`,
      'embedded.yaml': `${AWS_AUTH_HEAD}data:\n  mapRoles: |\n    ${'['.repeat(deep)}${']'.repeat(deep)}\n`,
    });
    const outcome = lintSarif(root, ['.']);
    expect(outcome.status).toBe(1);
    // A document's outer mapping is level 1, so the 200th bracket or key below it is the 201st level; the
    // embedded document has no outer mapping, so there it is the 201st bracket.
    expect(outcome.results.map((r) => [r.file, r.ruleId, r.at, r.message])).toEqual([
      ['aws-auth.json', 'parse-error', '1:1054', 'nesting is deeper than 200 levels; the file cannot be read as YAML or JSON'],
      ['block.yaml', 'parse-error', '206:202', 'nesting is deeper than 200 levels; the file cannot be read as YAML or JSON'],
      ['embedded.yaml', 'embedded-yaml-syntax', '8:205', expect.stringContaining('nesting is deeper than 200 levels') as string],
      ['flow.yaml', 'parse-error', '6:206', 'nesting is deeper than 200 levels; the file cannot be read as YAML or JSON'],
    ]);
  });

  it('HCL nested 100,000 levels deep (parentheses, brackets, objects, blocks): a parse-error, no stack overflow', () => {
    const deep = 100_000;
    const resource = (expr: string): string => `resource "aws_eks_access_entry" "x" {\n  principal_arn = ${expr}\n}\n`;
    const root = tree('deep-hcl', {
      'parens.tf': resource(`${'('.repeat(deep)}1${')'.repeat(deep)}`),
      'brackets.tf': resource(`${'['.repeat(deep)}${']'.repeat(deep)}`),
      'objects.tf': resource(`${'{a = '.repeat(deep)}1${'}'.repeat(deep)}`),
      'blocks.tf': `resource "aws_eks_cluster" "c" {\n${'b {\n'.repeat(deep)}${'}\n'.repeat(deep)}}\n`,
    });
    const outcome = lintSarif(root, ['.']);
    expect(outcome.status).toBe(1);
    expect(outcome.results.map((r) => [r.file, r.ruleId, r.message])).toEqual(
      ['blocks.tf', 'brackets.tf', 'objects.tf', 'parens.tf'].map((file) => [file, 'parse-error', 'nesting is deeper than 200 levels; the file cannot be read as Terraform (HCL)']),
    );
  });

  it('a 100 MB file is not read: a finding when it looks like aws-auth or is named, a skip otherwise', () => {
    const root = tree('huge', { 'big-aws-auth.yaml': `${AWS_AUTH_HEAD}data:\n  mapRoles: |\n`, 'big-other.yaml': 'just: data\n' });
    // Sparse files: 100 MB long without 100 MB of disk.
    for (const name of ['big-aws-auth.yaml', 'big-other.yaml']) truncateSync(join(root, name), 100 * MiB);
    const walked = lintSarif(root, ['.']);
    expect(walked.status).toBe(1);
    expect(walked.results).toEqual([{ ruleId: 'parse-error', level: 'error', file: 'big-aws-auth.yaml', at: '1:1', message: 'cannot read the file: file is larger than the 16 MiB limit: not read' }]);
    expect(walked.skipped).toEqual(['Skipped big-other.yaml: file is larger than the 16 MiB limit: not read.']);
    const named = lintSarif(root, ['big-other.yaml']);
    expect(named.status).toBe(1);
    expect(named.results.map((r) => [r.file, r.message])).toEqual([['big-other.yaml', 'cannot read the file: file is larger than the 16 MiB limit: not read']]);
  });

  it('a file with one 10 MB line is read to the end, with exact positions', () => {
    const line = 'a'.repeat(10 * MiB);
    const root = tree('long-line', {
      'aws-auth.yaml': `${AWS_AUTH_HEAD}data:\n  mapRoles: "${line}"\n`,
      'comment.yaml': `# aws-auth ${line}\n`,
      'spaces.yaml': `# aws-auth\nkey: ${' '.repeat(10 * MiB)}x\n`,
      'main.tf': `resource "aws_eks_access_entry" "x" {\n  principal_arn = "${line}"\n}\n`,
    });
    const outcome = lintSarif(root, ['.']);
    expect(outcome.status).toBe(1);
    expect(outcome.results.filter((r) => r.level !== 'note').map((r) => [r.file, r.ruleId, r.at])).toEqual([['aws-auth.yaml', 'embedded-yaml-shape', '7:14']]);
    expect(outcome.results.filter((r) => r.ruleId === 'parse-error')).toEqual([]);
  });

  it('binary files, invalid UTF-8 and NUL bytes: skipped when found by a walk, located when they look like aws-auth', () => {
    const root = tree('binary', {
      'blob.yaml': Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
      'late-nul.yaml': `${AWS_AUTH_HEAD}${'# padding\n'.repeat(2000)}data:\n  mapRoles: "a\0b"\n`,
      'latin1.yaml': Buffer.concat([Buffer.from(`${AWS_AUTH_HEAD}data:\n  mapUsers: |\n    - userarn: arn:aws:iam::210987654321:user/Jos`), Buffer.from([0xe9]), Buffer.from('\n')]),
    });
    const outcome = lintSarif(root, ['.']);
    expect(outcome.status).toBe(1);
    expect(outcome.results).toEqual([{ ruleId: 'parse-error', level: 'error', file: 'latin1.yaml', at: '8:50', message: 'cannot read the file: invalid UTF-8 (byte 0xe9 at offset 152)' }]);
    expect(outcome.skipped).toEqual(['Skipped blob.yaml: binary file (contains NUL bytes).', 'Skipped late-nul.yaml: binary file (contains NUL bytes).']);
    const named = lintSarif(root, ['blob.yaml']);
    expect(named.status).toBe(1);
    expect(named.results.map((r) => r.message)).toEqual(['cannot read the file: binary file (contains NUL bytes)']);
  });

  it('symbolic link loops and dangling links are skipped with a reason; a link to a file is read; named, they are errors', () => {
    const root = tree('links', { 'real/aws-auth.yaml': `${AWS_AUTH_HEAD}data:\n  mapRoles: |\n${PATH_ROLE}` });
    symlinkSync('loop-b.yaml', join(root, 'loop-a.yaml'));
    symlinkSync('loop-a.yaml', join(root, 'loop-b.yaml'));
    symlinkSync('missing.yaml', join(root, 'dangling.yaml'));
    symlinkSync('real/aws-auth.yaml', join(root, 'link.yaml'));
    symlinkSync('.', join(root, 'real', 'self.yaml'));
    symlinkSync('..', join(root, 'real', 'up'));
    const walked = lintSarif(root, ['.']);
    expect(walked.status).toBe(1);
    expect([...new Set(walked.results.map((r) => `${r.file} ${r.ruleId}`))]).toEqual(['link.yaml role-arn-path', 'real/aws-auth.yaml role-arn-path']);
    expect(walked.skipped).toEqual([
      'Skipped dangling.yaml: dangling symbolic link (its target does not exist): not read.',
      'Skipped loop-a.yaml: symbolic link loop: not read.',
      'Skipped loop-b.yaml: symbolic link loop: not read.',
      'Skipped real/self.yaml: symbolic link to a directory: not followed.',
    ]);
    const named = lintSarif(root, ['loop-a.yaml', 'dangling.yaml']);
    expect(named.status).toBe(1);
    expect(named.results.map((r) => [r.file, r.message])).toEqual([
      ['dangling.yaml', 'cannot read the file: dangling symbolic link (its target does not exist): not read'],
      ['loop-a.yaml', 'cannot read the file: symbolic link loop: not read'],
    ]);
  });

  // Root reads whatever the mode says, so as root the linter runs as the unprivileged user nobody for this case.
  it.skipIf(process.platform === 'win32')('a file without read permission is a parse-error naming the reason', () => {
    const root = tree('unreadable', { 'aws-auth.yaml': AWS_AUTH_HEAD });
    if (isRoot) for (const directory of [base, root, join(root, '.git')]) chmodSync(directory, 0o755);
    chmodSync(join(root, 'aws-auth.yaml'), 0o000);
    try {
      const outcome = lintSarif(root, ['.'], [], undefined, isRoot ? NOBODY : undefined);
      expect(outcome.status).toBe(1);
      expect(outcome.results.map((r) => [r.file, r.ruleId, r.message])).toEqual([['aws-auth.yaml', 'parse-error', 'cannot read the file: permission denied (EACCES)']]);
    } finally {
      chmodSync(join(root, 'aws-auth.yaml'), 0o644);
    }
  });

  it.skipIf(noFifos)('a FIFO is never opened for a blocking read: skipped when found by a walk, an error when named', () => {
    const root = tree('fifo');
    const made = spawnSync('mkfifo', [join(root, 'pipe.yaml')]);
    expect(made.status).toBe(0);
    // Reading nothing takes a moment; a blocking open would wait for a writer forever, so give up early.
    const walked = lintSarif(root, ['.'], [], 30_000);
    expect(walked.status).toBe(0);
    expect(walked.skipped).toEqual(['Skipped pipe.yaml: not a regular file (a FIFO): not read.']);
    const named = lintSarif(root, ['pipe.yaml'], [], 30_000);
    expect(named.status).toBe(1);
    expect(named.results.map((r) => [r.file, r.message])).toEqual([['pipe.yaml', 'cannot read the file: not a regular file (a FIFO): not read']]);
  });

  it('a file that disappears between discovery and reading is skipped with a reason', () => {
    const root = tree('vanishing', { 'vanishing.yaml': AWS_AUTH_HEAD, 'stays.yaml': `${AWS_AUTH_HEAD}data:\n  mapRoles: |\n${PATH_ROLE}` });
    // The file is deleted right before it is opened: discovery has listed it by then.
    const hook = join(base, 'vanish-hook.mjs');
    writeFileSync(hook, [
      "import fs from 'node:fs';",
      "import { syncBuiltinESMExports } from 'node:module';",
      'const open = fs.openSync;',
      "fs.openSync = (path, ...rest) => { if (String(path).endsWith('vanishing.yaml') && fs.existsSync(path)) fs.unlinkSync(path); return open(path, ...rest); };",
      'syncBuiltinESMExports();',
      '',
    ].join('\n'));
    const outcome = lintSarif(root, ['.'], ['--import', hook]);
    expect(existsSync(join(root, 'vanishing.yaml'))).toBe(false);
    expect(outcome.status).toBe(1);
    expect(outcome.skipped).toEqual(['Skipped vanishing.yaml: the file disappeared before it could be read.']);
    expect(outcome.results.map((r) => [r.file, r.ruleId])).toEqual([['stays.yaml', 'role-arn-path']]);
  });

  it.skipIf(process.platform !== 'linux')('a file whose size is not known in advance (/proc reports 0) is read to its end', async () => {
    const { readInput } = await import('../src/read-inputs.js');
    const input = readInput({ path: 'status', absolutePath: '/proc/self/status', explicit: true });
    expect(input.readError).toBeUndefined();
    expect(new TextDecoder().decode(input.content as Uint8Array)).toMatch(/^Name:.*\n[\s\S]*\nPid:\s+\d+\n/);
  });

  it('100,000 empty files: the run completes within a 128 MB heap', () => {
    const root = tree('many');
    for (let d = 0; d < 100; d++) {
      mkdirSync(join(root, `d${d}`));
      for (let f = 0; f < 1000; f++) writeFileSync(join(root, `d${d}`, `f${f}.yaml`), '');
    }
    const outcome = lintSarif(root, ['.'], ['--max-old-space-size=128']);
    expect(outcome.status).toBe(0);
    expect(outcome.results).toEqual([]);
    expect(outcome.skipped).toEqual([]);
    const stylish = run(root, ['.'], ['--max-old-space-size=128']);
    expect(stylish.stdout).toBe('No problems found (0 files with EKS auth configuration).\n');
  });
});
