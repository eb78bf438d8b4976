import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AjvModule from 'ajv-draft-04';
import formatsModule from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { format, lint, type LintResult } from '../src/index.js';

const ROOT = join(import.meta.dirname, '..');
const SCHEMA = join(ROOT, '..', 'shared', 'sarif', 'sarif-schema-2.1.0.oasis-draft04.json');
// CommonJS packages: Node hands over module.exports, vite the default export; accept both.
const Ajv = 'default' in AjvModule ? AjvModule.default : AjvModule;
const addFormats = 'default' in formatsModule ? formatsModule.default : formatsModule;
const MULTITOOL = join(ROOT, 'node_modules', '@microsoft', 'sarif-multitool-linux', 'Sarif.Multitool');

interface SarifLog {
  runs: {
    tool: { driver: { name: string; semanticVersion: string; rules: { id: string; help: { text: string; markdown: string }; properties: Record<string, unknown> }[] } };
    columnKind: string;
    results: { ruleId: string; ruleIndex: number; level: string; locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: Record<string, number> } }[] }[];
  }[];
}

describe('SARIF output', () => {
  let result: LintResult;
  let text: string;
  let log: SarifLog;
  // Results with fixes (insertions and replacements, in every carrier) must validate too.
  let withFixes: string;

  beforeAll(async () => {
    result = await lint({ cwd: ROOT, paths: ['examples'] });
    text = format('sarif', result);
    log = JSON.parse(text) as SarifLog;
    withFixes = format('sarif', await lint({ cwd: ROOT, paths: ['test/fixtures/fix'] }));
  });

  it.each(['examples', 'fixes'])('validates against the official SARIF 2.1.0 schema (%s)', (which) => {
    const text = which === 'fixes' ? withFixes : format('sarif', result);
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA, 'utf8')) as object);
    const valid = validate(JSON.parse(text));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it.each(['examples', 'fixes'])('gives zero errors and zero warnings under Sarif.Multitool validate --rule-kind "Sarif;Gh" (%s)', (which) => {
    const text = which === 'fixes' ? withFixes : format('sarif', result);
    const dir = mkdtempSync(join(tmpdir(), 'eal-sarif-'));
    const input = join(dir, 'eks-auth-lint.sarif');
    const output = join(dir, 'validation.sarif');
    writeFileSync(input, text);
    execFileSync(MULTITOOL, ['validate', '--rule-kind', 'Sarif;Gh', '--output', output, input], { stdio: 'pipe', env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1' } });
    const validation = JSON.parse(readFileSync(output, 'utf8').replace(/^\uFEFF/, '')) as { runs: { results?: { ruleId: string; level?: string; message: unknown }[] }[] };
    const problems = (validation.runs[0]?.results ?? []).filter((r) => r.level !== 'note' && r.level !== 'none');
    expect(problems).toEqual([]);
  });

  it('has one run with the whole catalog and results that point into it', () => {
    expect(log.runs).toHaveLength(1);
    const run = log.runs[0];
    if (run === undefined) throw new Error('no run');
    expect(run.tool.driver.name).toBe('eks-auth-lint');
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(result.rules.map((r) => r.id));
    expect(run.columnKind).toBe('utf16CodeUnits');
    expect(run.results.length).toBe(result.findings.length);
    expect(run.results.length).toBeGreaterThan(5);
    for (const r of run.results) {
      expect(run.tool.driver.rules[r.ruleIndex]?.id).toBe(r.ruleId);
      const location = r.locations[0]?.physicalLocation;
      expect(location?.artifactLocation.uriBaseId).toBe('%SRCROOT%');
      expect(location?.artifactLocation.uri).toMatch(/^examples\/([a-z0-9-]+\/)+[a-z0-9-]+\.(yaml|json|tf)$/);
      expect(location?.region.startLine).toBeGreaterThanOrEqual(1);
    }
  });

  it('carries full rule metadata: help text and Markdown, tags, security-severity for security rules', () => {
    const rules = log.runs[0]?.tool.driver.rules ?? [];
    const masters = rules.find((r) => r.id === 'system-masters');
    expect(masters?.properties['security-severity']).toMatch(/^\d+\.\d$/);
    expect(masters?.help.markdown).toContain('# system-masters');
    for (const rule of rules) expect(rule.help.text.length).toBeGreaterThan(20);
  });

  it('is deterministic', async () => {
    const again = format('sarif', await lint({ cwd: ROOT, paths: ['examples'] }));
    expect(again).toBe(text);
  });
});
