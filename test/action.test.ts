import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBaseline, FINGERPRINT_KEY, serializeBaseline, withFingerprints } from '../src/baseline.js';
import { lint } from '../src/index.js';
import { sarifSchemaErrors } from './helpers/sarif-schema.js';
import { awsAuthManifest, roleEntry, tempRepository } from './helpers/temp-repo.js';

const ROOT = join(import.meta.dirname, '..');
const ACTION = join(ROOT, 'action', 'index.js');

interface ActionManifest {
  description: string;
  branding: { icon: string; color: string };
  runs: { using: string; main: string };
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, unknown>;
}
const manifest = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as ActionManifest;

/** Twelve role ARNs with a path (errors), one system:masters grant (a warning), one suppressed grant. */
function awsAuth(): string {
  const roles = Array.from({ length: 12 }, (_, i) => roleEntry(`arn:aws:iam::210987654321:role/team/deployer-${String(i).padStart(2, '0')}`, `deployer-${i}`, ['deployers']));
  const breakGlass = roleEntry('arn:aws:iam::210987654321:role/break-glass', 'break-glass', ['system:masters'])
    .replace('        - system:masters', '        # eks-auth-lint-disable-next-line system-masters -- break-glass role, reviewed\n        - system:masters');
  return awsAuthManifest(`${roles.join('')}${roleEntry('arn:aws:iam::210987654321:role/admin', 'admin', ['system:masters'])}${breakGlass}`);
}

interface Run {
  status: number | null;
  stdout: string;
  summary: string;
  outputs: Record<string, string>;
  workspace: string;
}

/** A checked-out repository: the workspace GitHub gives the action. */
const workspace = (files: Record<string, string>): string => tempRepository('eal-action-', files);

/** Runs the bundled action as the runner does: INPUT_* variables with action.yml's defaults, file commands in temp files. */
function runAction(dir: string, inputs: Record<string, string> = {}): Run {
  const runnerTemp = mkdtempSync(join(tmpdir(), 'eal-runner-'));
  const summaryFile = join(runnerTemp, 'step_summary');
  const outputFile = join(runnerTemp, 'set_output');
  writeFileSync(summaryFile, '');
  writeFileSync(outputFile, '');
  const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('INPUT_') && !name.startsWith('GITHUB_')));
  Object.assign(env, {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: dir,
    GITHUB_REPOSITORY: 'example/infrastructure',
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_OUTPUT: outputFile,
    RUNNER_TEMP: runnerTemp,
  });
  for (const [name, spec] of Object.entries({ ...manifest.inputs })) env[`INPUT_${name.toUpperCase()}`] = inputs[name] ?? spec.default ?? '';
  const result = spawnSync(process.execPath, [ACTION], { cwd: dir, env, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, summary: readFileSync(summaryFile, 'utf8'), outputs: parseOutputs(readFileSync(outputFile, 'utf8')), workspace: dir };
}

/** The runner's GITHUB_OUTPUT format: `name<<DELIMITER`, the value's lines, `DELIMITER`. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = /^([\w-]+)<<(ghadelimiter_[\w-]+)$/.exec(lines[i] ?? '');
    if (match === null) continue;
    const end = lines.indexOf(match[2] ?? '', i + 1);
    expect(end).toBeGreaterThan(i);
    outputs[match[1] ?? ''] = lines.slice(i + 1, end).join('\n');
    i = end;
  }
  return outputs;
}

const commands = (stdout: string, name: string) => stdout.split('\n').filter((line) => line.startsWith(`::${name} `) || line.startsWith(`::${name}::`));

describe('GitHub Action', () => {
  let run: Run;

  beforeAll(() => {
    run = runAction(workspace({ 'clusters/prod/aws-auth.yaml': awsAuth(), 'README.md': '# infrastructure\n' }));
  });

  it('is a bundled JavaScript action on a current Node runtime', () => {
    expect(manifest.runs).toEqual({ using: 'node24', main: 'action/index.js' });
    expect(Object.keys(manifest.inputs).sort()).toEqual(['annotations', 'baseline', 'config', 'fail-on', 'paths', 'sarif-file', 'working-directory']);
    expect(Object.keys(manifest.outputs).sort()).toEqual(['findings', 'sarif-file']);
  });

  it('has the metadata the Marketplace requires: a description under 125 characters, a branding icon and colour', () => {
    expect(manifest.description.length).toBeGreaterThan(0);
    expect(manifest.description.length).toBeLessThan(125);
    expect(manifest.branding.icon).toBe('shield');
    expect(['white', 'black', 'yellow', 'blue', 'green', 'orange', 'red', 'purple', 'gray-dark']).toContain(manifest.branding.color);
  });

  it('annotates the most severe findings first, at most 10 per level, and says how many more the summary lists', () => {
    const errors = commands(run.stdout, 'error');
    expect(errors).toHaveLength(10);
    expect(errors[0]).toMatch(/^::error file=clusters\/prod\/aws-auth\.yaml,line=8,endLine=8,col=16,endColumn=\d+,title=eks-auth-lint \(role-arn-path\)::Role ARN "arn:aws:iam::210987654321:role\/team\/deployer-00"/);
    expect(commands(run.stdout, 'warning')).toEqual([expect.stringMatching(/^::warning file=clusters\/prod\/aws-auth\.yaml,line=59,endLine=59,col=11,.*title=eks-auth-lint \(system-masters\)::/)]);
    expect(commands(run.stdout, 'notice')).toEqual(['::notice title=eks-auth-lint::2 more findings (2 errors) not shown as annotations: GitHub shows 10 per level and step. The job summary lists them all.']);
    // The readable report is folded, and the runner reads no commands inside it.
    expect(run.stdout).toMatch(/^::group::eks-auth-lint report\n::stop-commands::([\w-]+)\n[^]*\n::\1::\n::endgroup::\n/);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('eks-auth-lint: 13 problems (12 errors, 1 warning, 0 notes); failing on findings at or above "error" (input fail-on).');
  });

  it('fails the step on errors (fail-on defaults to error)', () => {
    expect(run.status).toBe(1);
  });

  it('writes every finding to the job summary', () => {
    const rows = run.summary.split('\n').filter((line) => line.startsWith('| error |') || line.startsWith('| warning |'));
    expect(rows).toHaveLength(13);
    expect(run.summary).toContain('13 problems (12 errors, 1 warning, 0 notes)');
    expect(rows[12]).toContain('`clusters/prod/aws-auth.yaml:59:11`');
  });

  it('sets the outputs in the runner\'s multi-line format', () => {
    expect(run.outputs).toEqual({ 'sarif-file': 'eks-auth-lint.sarif', findings: '13' });
  });

  it('writes a SARIF file that the OASIS schema accepts, with repository-relative URIs and our fingerprints', () => {
    const log = JSON.parse(readFileSync(join(run.workspace, 'eks-auth-lint.sarif'), 'utf8')) as {
      runs: { results: { ruleId: string; suppressions?: unknown[]; partialFingerprints: Record<string, string>; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
    };
    expect(sarifSchemaErrors(readFileSync(join(run.workspace, 'eks-auth-lint.sarif'), 'utf8'))).toEqual([]);
    const results = log.runs[0]?.results ?? [];
    expect(results).toHaveLength(14);
    expect(results.filter((r) => r.suppressions !== undefined)).toHaveLength(1);
    expect(new Set(results.map((r) => r.locations[0]?.physicalLocation.artifactLocation.uri))).toEqual(new Set(['clusters/prod/aws-auth.yaml']));
    expect(new Set(results.map((r) => r.partialFingerprints[FINGERPRINT_KEY])).size).toBe(14);
  });

  it('with fail-on none and annotations off: no annotations, exit 0, still the summary and the SARIF file', () => {
    const quiet = runAction(workspace({ 'aws-auth.yaml': awsAuth() }), { 'fail-on': 'none', annotations: 'false', 'sarif-file': 'reports/eks.sarif' });
    expect(quiet.status).toBe(0);
    expect(quiet.stdout.split('\n').filter((line) => /^::(error|warning|notice)/.test(line))).toEqual([]);
    expect(quiet.summary).toContain('13 problems');
    expect(quiet.outputs['sarif-file']).toBe('reports/eks.sarif');
    expect(readFileSync(join(quiet.workspace, 'reports', 'eks.sarif'), 'utf8')).toContain('"version": "2.1.0"');
  });

  it('reads paths, working-directory and config inputs as the CLI reads its arguments', () => {
    const dir = workspace({
      'infra/.eks-auth-lint.yaml': 'rules:\n  role-arn-path: off\n',
      'infra/prod/aws-auth.yaml': awsAuth(),
      'infra/staging/aws-auth.yaml': awsAuth(),
      'other/aws-auth.yaml': awsAuth(),
      'strict.yaml': 'failOn: warning\n',
    });
    const found = runAction(dir, { 'working-directory': 'infra', paths: 'prod\n  staging' });
    expect(found.outputs.findings).toBe('2');
    expect(found.outputs['sarif-file']).toBe('infra/eks-auth-lint.sarif');
    expect(found.status).toBe(0);
    const strict = runAction(dir, { 'working-directory': 'infra', paths: 'prod', config: '../strict.yaml' });
    expect(strict.outputs.findings).toBe('13');
    expect(strict.status).toBe(1);
  });

  it('takes one path per line when paths has several lines, so paths may hold spaces; annotations escape commas in file names', () => {
    const entry = roleEntry('arn:aws:iam::210987654321:role/team/deployer', 'deployer', ['deployers']);
    const dir = workspace({ 'team a/aws-auth.yaml': awsAuthManifest(entry), 'b,c/aws-auth: prod.yaml': awsAuthManifest(entry), 'team/aws-auth.yaml': awsAuthManifest(entry) });
    const lines = runAction(dir, { paths: 'team a\nb,c/aws-auth: prod.yaml\n' });
    expect(lines.outputs.findings).toBe('2');
    expect(commands(lines.stdout, 'error').map((line) => /^::error (file=[^,]*),line=8,/.exec(line)?.[1])).toEqual(['file=b%2Cc/aws-auth%3A prod.yaml', 'file=team a/aws-auth.yaml']);
    expect(lines.summary).toContain('| error | `team a/aws-auth.yaml:8:16` |');
    expect(lines.summary).toContain('| error | `b,c/aws-auth: prod.yaml:8:16` |');
    // On one line, spaces separate paths.
    expect(runAction(dir, { paths: 'team/aws-auth.yaml b,c' }).outputs.findings).toBe('2');
  });

  it('reports only findings that the baseline does not record', async () => {
    const dir = workspace({ 'aws-auth.yaml': awsAuth() });
    writeFileSync(join(dir, 'eks-auth-lint-baseline.json'), serializeBaseline(createBaseline(withFingerprints(await lint({ cwd: dir, paths: ['.'] })))));
    writeFileSync(join(dir, 'aws-auth.yaml'), awsAuth().replace('role/admin', 'role/team/new-admin'));
    const baselined = runAction(dir, { baseline: 'eks-auth-lint-baseline.json' });
    expect(commands(baselined.stdout, 'error')).toEqual([expect.stringContaining('role/team/new-admin')]);
    expect(baselined.outputs.findings).toBe('2');
    expect(baselined.summary).toContain('12 findings recorded in the baseline `eks-auth-lint-baseline.json` are not listed.');
    expect(baselined.status).toBe(1);
  });

  it('exits 2 with one error annotation for inputs it cannot use', () => {
    const dir = workspace({ 'aws-auth.yaml': awsAuth() });
    const cases: [Record<string, string>, string][] = [
      [{ 'fail-on': 'critical' }, 'input fail-on must be one of error, warning, note, none, got "critical"'],
      [{ annotations: 'yes' }, 'input annotations must be true or false, got "yes"'],
      [{ paths: 'missing/' }, 'input paths: no such file, directory or match: missing/'],
      [{ baseline: 'none.json' }, 'none.json: cannot read the baseline file (ENOENT)'],
      [{ config: 'none.yaml' }, 'none.yaml: cannot read the configuration file (ENOENT)'],
      [{ 'working-directory': 'infra' }, 'input working-directory: no such directory: infra'],
      [{ 'working-directory': 'aws-auth.yaml' }, 'input working-directory: no such directory: aws-auth.yaml'],
    ];
    for (const [inputs, message] of cases) {
      const failed = runAction(dir, inputs);
      expect(failed.status).toBe(2);
      expect(failed.stdout).toBe(`::error title=eks-auth-lint::${message.replaceAll('%', '%25')}\n`);
    }
    // The report and the annotations are out by then; the last line names the input, not an internal error.
    const unwritable = runAction(dir, { 'sarif-file': 'aws-auth.yaml/eks.sarif' });
    expect(unwritable.status).toBe(2);
    expect(unwritable.stdout.trimEnd().split('\n').at(-1)).toBe('::error title=eks-auth-lint::input sarif-file: cannot write aws-auth.yaml/eks.sarif (EEXIST)');
  });
});

describe('GitHub Action bundle and example', () => {
  it('action/index.js is the bundle of the current sources (run `npm run bundle-action` after changing them)', async () => {
    const script = (await import(pathToFileURL(join(ROOT, 'scripts', 'bundle-action.mjs')).href)) as { bundleAction: () => Promise<string> };
    const rebuilt = await script.bundleAction();
    expect(rebuilt === readFileSync(ACTION, 'utf8')).toBe(true);
    expect(rebuilt).not.toContain(ROOT);
  });

  it('the example workflow uses the action with declared inputs and uploads the SARIF file, as the README shows', () => {
    const text = readFileSync(join(ROOT, 'examples', 'github-workflow', 'eks-auth-lint.yml'), 'utf8');
    const workflow = parse(text) as { jobs: Record<string, { permissions: Record<string, string>; steps: { uses?: string; if?: string; with?: Record<string, string> }[] }> };
    const job = Object.values(workflow.jobs)[0];
    expect(job?.permissions['security-events']).toBe('write');
    const lintStep = job?.steps.find((s) => s.uses?.startsWith('eks-auth-lint/eks-auth-lint@'));
    for (const name of Object.keys(lintStep?.with ?? {})) expect(Object.keys(manifest.inputs)).toContain(name);
    const upload = job?.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    expect(upload?.if).toMatch(/^always\(\)/);
    expect(upload?.with?.sarif_file).toBe('${{ steps.eks-auth-lint.outputs.sarif-file }}');

    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('\n## GitHub Actions\n'), readme.indexOf('\n## ', readme.indexOf('\n## GitHub Actions\n') + 1));
    const snippet = /```yaml\n([^]*?)```/.exec(section)?.[1];
    expect(snippet).toBe(text);
  });
});
