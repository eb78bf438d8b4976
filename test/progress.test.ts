import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createProgress, type ProgressOptions } from '../src/progress.js';

/** A terminal that records what is written, and a clock the test moves by hand. */
function setup(overrides: Partial<ProgressOptions> & { isTTY?: boolean } = {}) {
  const writes: string[] = [];
  let time = 0;
  const { isTTY = true, ...options } = overrides;
  const progress = createProgress({ stream: { isTTY, write: (text: string) => writes.push(text) }, env: {}, now: () => time, ...options });
  return { progress, writes, at: (ms: number) => (time = ms) };
}

describe('progress writer', () => {
  it('stays silent for the first second, then draws one line rewritten with \\r', () => {
    const { progress, writes, at } = setup();
    at(999);
    progress.update(10, 100);
    expect(writes).toEqual([]);
    at(1000);
    progress.update(20, 100);
    at(1200);
    progress.update(30, 100);
    expect(writes).toEqual(['\reks-auth-lint: 20/100 files', '\reks-auth-lint: 30/100 files']);
  });

  it('redraws at most once per interval', () => {
    const { progress, writes, at } = setup({ delayMs: 0, intervalMs: 100 });
    progress.update(1, 9);
    at(50);
    progress.update(2, 9);
    at(100);
    progress.update(3, 9);
    expect(writes).toEqual(['\reks-auth-lint: 1/9 files', '\reks-auth-lint: 3/9 files']);
  });

  it('pads a shorter line over a longer one and clears the line at the end', () => {
    const { progress, writes, at } = setup({ delayMs: 0, intervalMs: 0 });
    progress.update(1000, 1000);
    at(1);
    progress.update(5, 10);
    progress.finish();
    progress.update(6, 10);
    const long = 'eks-auth-lint: 1000/1000 files';
    expect(writes).toEqual([`\r${long}`, `\r${'eks-auth-lint: 5/10 files'.padEnd(long.length)}`, `\r${' '.repeat('eks-auth-lint: 5/10 files'.length)}\r`]);
  });

  it('writes nothing at the end of a run too short to show progress', () => {
    const { progress, writes } = setup();
    progress.update(1, 2);
    progress.finish();
    expect(writes).toEqual([]);
  });

  it.each([
    ['stderr is not a terminal', { isTTY: false }],
    ['CI is set', { env: { CI: 'true' } }],
    ['--quiet is given', { quiet: true }],
  ])('shows nothing when %s', (_, overrides) => {
    const { progress, writes, at } = setup({ delayMs: 0, ...overrides });
    at(5000);
    progress.update(1, 2);
    progress.finish();
    expect(writes).toEqual([]);
  });

  it('treats CI=false as not CI and reads the delay from EKS_AUTH_LINT_PROGRESS_DELAY_MS', () => {
    const { progress, writes, at } = setup({ env: { CI: 'false', EKS_AUTH_LINT_PROGRESS_DELAY_MS: '200' } });
    at(199);
    progress.update(1, 2);
    at(200);
    progress.update(2, 2);
    expect(writes).toEqual(['\reks-auth-lint: 2/2 files']);
  });
});

describe('progress in the CLI', () => {
  const ROOT = join(import.meta.dirname, '..');
  const CLI = join(ROOT, 'dist', 'src', 'cli.js');
  const tree = mkdtempSync(join(tmpdir(), 'eal-progress-'));
  for (let i = 0; i < 20; i++) writeFileSync(join(tree, `app-${String(i)}.yaml`), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-${String(i)}\n`);
  afterAll(() => {
    rmSync(tree, { recursive: true, force: true });
  });
  // Delay 0: progress would be drawn at once, so only the terminal test keeps stderr empty.
  const env = { ...process.env, CI: undefined, NO_COLOR: '1', EKS_AUTH_LINT_PROGRESS_DELAY_MS: '0' };

  it('writes nothing to stderr when stderr is not a terminal', () => {
    const result = spawnSync(process.execPath, [CLI, '--no-config', '.'], { cwd: tree, env, encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
  });

  // script(1) from util-linux runs the CLI on a pseudo-terminal, where progress is drawn and then cleared.
  const script = process.platform === 'linux' && existsSync('/usr/bin/script');
  const onTerminal = (args: string, extra: Record<string, string> = {}) =>
    spawnSync('/usr/bin/script', ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} --no-config ${args}`, '/dev/null'], {
      cwd: tree,
      env: { ...env, ...extra },
      encoding: 'utf8',
    }).stdout;

  it.skipIf(!script)('draws and clears progress on a terminal, not with --quiet or in CI', () => {
    expect(onTerminal('.')).toMatch(/\reks-auth-lint: \d+\/20 files.*\r {25,}\r/s);
    expect(onTerminal('--quiet .')).not.toContain('eks-auth-lint: ');
    expect(onTerminal('.', { CI: 'true' })).not.toContain('eks-auth-lint: ');
  });
});
