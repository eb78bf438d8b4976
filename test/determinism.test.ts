import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Two runs over the same tree give byte-identical output in every format, whatever order the files are
 * named in and whether they are found by a directory walk or a glob. Runs the real CLI (`npm run build` first).
 */
const ROOT = join(import.meta.dirname, '..');
const CLI = join(ROOT, 'dist', 'src', 'cli.js');
const CORPUS = join(ROOT, '..', 'shared', 'corpus', 'realworld');
const FORMATS = ['stylish', 'json', 'sarif', 'github'] as const;

let tree = '';
let files: string[] = [];

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error('dist/src/cli.js is missing: run "npm run build" first');
  tree = mkdtempSync(join(tmpdir(), 'eal-determinism-'));
  mkdirSync(join(tree, '.git'));
  cpSync(CORPUS, join(tree, 'realworld'), { recursive: true });
  cpSync(join(ROOT, 'examples'), join(tree, 'examples'), { recursive: true, filter: (source) => !source.endsWith('expected-output.txt') });
  // Something skipped and something broken, so that those lists are part of the output too.
  writeFileSync(join(tree, 'blob.yaml'), Uint8Array.from([0x6d, 0x61, 0x70, 0x52, 0x6f, 0x6c, 0x65, 0x73, 0, 1, 2]));
  writeFileSync(join(tree, 'broken-aws-auth.yaml'), 'kind: ConfigMap\nmetadata: {name: aws-auth\ndata: [\n');
  files = listed(run(['--format', 'json', '.']));
  expect(files.length).toBeGreaterThan(100);
});

afterAll(() => {
  rmSync(tree, { recursive: true, force: true });
});

function run(args: readonly string[]): string {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.GITHUB_STEP_SUMMARY;
  const result = spawnSync(process.execPath, [CLI, '--no-config', ...args], { cwd: tree, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env });
  expect(result.stderr).toBe('');
  expect([0, 1]).toContain(result.status);
  return result.stdout;
}

/** The paths of the files a JSON report lists, in its order. */
function listed(json: string): string[] {
  const report = JSON.parse(json) as { files: { path: string }[] };
  return report.files.map((f) => f.path);
}

/** A fixed permutation that moves every file: odd positions first, then even ones, backwards. */
function shuffled(paths: readonly string[]): string[] {
  return [...paths.filter((_, i) => i % 2 === 1), ...paths.filter((_, i) => i % 2 === 0).reverse()];
}

describe.each(FORMATS)('%s output is byte-identical', (format) => {
  it('across two runs over the same directory', () => {
    const first = run(['--format', format, '.']);
    expect(first.length).toBeGreaterThan(1000);
    expect(run(['--format', format, '.'])).toBe(first);
  });

  it('when the files are found by a glob instead of a directory walk', () => {
    expect(run(['--format', format, '**/*.{yaml,yml,json,tf,tofu}'])).toBe(run(['--format', format, '.']));
  });

  it('when the same files are named in another order', () => {
    const named = [...files].reverse();
    expect(run(['--format', format, ...shuffled(named)])).toBe(run(['--format', format, ...named]));
  });
});
