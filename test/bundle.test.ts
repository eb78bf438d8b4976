import { spawnSync } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const COMPILED = join(ROOT, 'dist', 'src', 'cli.js');
const BUNDLED = join(ROOT, 'dist', 'bin', 'cli.js');

function run(cli: string, args: readonly string[], input = '') {
  const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, GITHUB_STEP_SUMMARY: undefined, CI: 'true' };
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: ROOT, input, env, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The package's bin is the esbuild bundle (scripts/bundle-cli.mjs); the other tests run the tsc output. */
describe('the bundled CLI (package.json bin)', () => {
  it('is what package.json names as the bin, and is executable', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(join(ROOT, manifest.bin['eks-auth-lint'] ?? '')).toBe(BUNDLED);
    expect(() => { accessSync(BUNDLED, constants.X_OK); }).not.toThrow();
  });

  it.each([
    ['--version'],
    ['--list-rules', '--format', 'json'],
    ['examples/'],
    ['examples/', '--format', 'json'],
    ['examples/', '--format', 'sarif'],
    ['examples/', '--format', 'github'],
    ['examples/broken', '--fix-dry-run'],
    ['explain', 'arn:aws:sts::210987654321:assumed-role/gitlab-runner/i-0abc', 'examples/broken/aws-auth.yaml', '--format', 'json'],
    ['explain', '--log', 'examples/logs/authenticator.log', 'examples/broken/aws-auth.yaml'],
    ['--no-such-option'],
  ])('gives the same output and exit code as the compiled CLI: %s', (...args: string[]) => {
    expect(run(BUNDLED, args)).toEqual(run(COMPILED, args));
  });

  it('reads standard input the same way', () => {
    const input = readFileSync(join(ROOT, 'examples', 'broken', 'aws-auth.yaml'), 'utf8');
    expect(run(BUNDLED, ['-', '--format', 'json'], input)).toEqual(run(COMPILED, ['-', '--format', 'json'], input));
  });
});
