import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');

describe('examples/', () => {
  const run = (path: string) => {
    const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined };
    return spawnSync(process.execPath, [join(ROOT, 'dist', 'src', 'cli.js'), path], { cwd: ROOT, env, encoding: 'utf8' });
  };

  it('prints exactly the committed expected output', () => {
    const result = run('examples/');
    expect(result.status).toBe(1);
    expect(result.stdout).toBe(readFileSync(join(ROOT, 'examples', 'expected-output.txt'), 'utf8'));
  });

  it('finds nothing in the fixed manifests', () => {
    const result = run('examples/fixed');
    expect(result.stdout).toContain('No problems found (3 files');
    expect(result.status).toBe(0);
  });
});
