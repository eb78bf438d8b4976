import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discover } from '../src/discover.js';

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'eal-discover-'));
  mkdirSync(join(root, '.git'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

describe('file discovery', () => {
  const root = tree({
    '.gitignore': 'generated/\n*.local.yaml\n',
    'clusters/prod/aws-auth.yaml': 'x',
    'clusters/prod/aws-auth.local.yaml': 'x',
    'clusters/prod/notes.txt': 'x',
    'clusters/dev/.gitignore': 'scratch.yaml\n',
    'clusters/dev/scratch.yaml': 'x',
    'clusters/dev/aws-auth.json': 'x',
    'generated/aws-auth.yml': 'x',
    'node_modules/pkg/aws-auth.yaml': 'x',
    '.terraform/modules/aws-auth.yaml': 'x',
    'vendor/aws-auth.yaml': 'x',
  });
  symlinkSync(root, join(root, 'clusters', 'loop'));

  it('walks directories for .yaml/.yml/.json, honouring .gitignore (nested too) and the default ignores, without following links', async () => {
    const found = await discover(['.'], { cwd: root });
    expect(found.files.map((f) => f.path)).toEqual(['clusters/dev/aws-auth.json', 'clusters/prod/aws-auth.yaml', 'vendor/aws-auth.yaml']);
    expect(found.unmatched).toEqual([]);
  });

  it('also picks up kubeconfig files by their usual names, which often have no extension', async () => {
    const kubeconfigs = tree({
      'terraform/kubeconfig_prod': 'x',
      'terraform/kubeconfig': 'x',
      'ops/dev.kubeconfig': 'x',
      'ops/.kube/config': 'x',
      'ops/config': 'x',
      'ops/my-kubeconfig-notes': 'x',
    });
    const found = await discover(['.'], { cwd: kubeconfigs });
    expect(found.files.map((f) => f.path)).toEqual(['ops/.kube/config', 'ops/dev.kubeconfig', 'terraform/kubeconfig', 'terraform/kubeconfig_prod']);
  });

  it('applies --ignore-pattern', async () => {
    const found = await discover(['.'], { cwd: root, ignorePatterns: ['vendor/', 'clusters/dev/*.json'] });
    expect(found.files.map((f) => f.path)).toEqual(['clusters/prod/aws-auth.yaml']);
  });

  it('takes explicit files as given, even when ignored by .gitignore, and expands globs', async () => {
    const explicit = await discover(['generated/aws-auth.yml'], { cwd: root });
    expect(explicit.files).toEqual([expect.objectContaining({ path: 'generated/aws-auth.yml', explicit: true })]);
    const glob = await discover(['clusters/**/aws-auth.*'], { cwd: root });
    expect(glob.files.map((f) => f.path)).toEqual(['clusters/dev/aws-auth.json', 'clusters/prod/aws-auth.yaml']);
  });

  it('reports arguments that match nothing', async () => {
    const found = await discover(['missing.yaml', 'nothing/**/*.yaml'], { cwd: root });
    expect(found.unmatched).toEqual(['missing.yaml', 'nothing/**/*.yaml']);
  });
});
