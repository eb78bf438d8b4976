import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { renderRuleIndex } from '../src/docs/rule-index.js';
import { loadConfig } from '../src/config/load.js';
import { lint } from '../src/lint.js';

const ROOT = join(import.meta.dirname, '..');

describe('documentation', () => {
  it('docs/rules.md is generated from the catalog (npx tsx scripts/gen-rule-docs.ts)', () => {
    expect(readFileSync(join(ROOT, 'docs', 'rules.md'), 'utf8')).toBe(renderRuleIndex());
  });

  it('the README states the number of rules there are', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(/^(\d+) rules, each with a page/m.exec(readme)?.[1]).toBe(String(rules.length));
  });

  it('the README Quick start has exactly two commands: run on examples/, and the test suite', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const quickStart = /## Quick start\n([\s\S]*?)\n## /.exec(readme)?.[1] ?? '';
    const commands = [...quickStart.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => (m[1] ?? '').trim());
    expect(commands).toEqual(['npm ci && node dist/src/cli.js examples/', 'npm ci && npm test']);
    const ci = readFileSync(join(ROOT, '.ci', 'run'), 'utf8');
    expect(ci).toContain('npm ci');
    expect(ci).toContain('npm test');
  });

  it('the README configuration example is a valid configuration file with the settings it describes', () => {
    const example = readmeBlock('yaml', '# .eks-auth-lint.yaml\n');
    const file = join(mkdtempSync(join(tmpdir(), 'eal-docs-')), '.eks-auth-lint.yaml');
    writeFileSync(file, example);
    const config = loadConfig(file);
    expect(config.rules).toEqual({ 'legacy-auth-mode': 'off', 'aws-auth-ignored': 'warning' });
    expect(config.failOn).toBe('warning');
    expect(config.clusters.map((c) => c.authenticationMode)).toEqual(['API', 'CONFIG_MAP']);
  });

  it('the README suppression example suppresses its system-masters finding with the reason given, and nothing else is reported', async () => {
    const example = readmeBlock('yaml', 'data:\n  mapRoles: |\n    - rolearn: arn:aws:iam::210987654321:role/break-glass');
    const manifest = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws-auth\n  namespace: kube-system\n${example}`;
    const result = await lint({ files: [{ path: 'aws-auth.yaml', content: manifest }], cwd: mkdtempSync(join(tmpdir(), 'eal-docs-')) });
    expect(result.findings.map((f) => [f.ruleId, f.suppression?.justification])).toEqual([
      ['system-masters', 'break-glass role, MFA-protected, reviewed 2026-01'],
    ]);
  });

  it('the README Node API example runs against the built package', () => {
    const example = readmeBlock('js', "import { explainIdentity, format, lint, loadModel } from 'eks-auth-lint';");
    const script = example.replace("from 'eks-auth-lint'", `from ${JSON.stringify(pathToFileURL(join(ROOT, 'dist', 'src', 'index.js')).href)}`);
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^role-arn-path error examples\/broken\/aws-auth\.yaml 13 /m);
    expect(result.stdout).toContain('"version": "2.1.0"');
    expect(result.stdout.trimEnd().endsWith('false')).toBe(true);
  });
});

/** The README's first fenced block of that language whose text starts with `start`. */
function readmeBlock(language: string, start: string): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const block = [...readme.matchAll(new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``, 'g'))].map((m) => m[1] ?? '').find((text) => text.startsWith(start));
  if (block === undefined) throw new Error(`no ${language} block starting with ${JSON.stringify(start)} in README.md`);
  return block;
}
