import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../src/index.js';

const ROOT = join(import.meta.dirname, '..');
const CORPUS = join(ROOT, '..', 'shared', 'corpus', 'realworld');

describe('real-world corpus', () => {
  it('lints the whole corpus without crashing, and reads or explains every aws-auth file', async () => {
    const awsAuth = readdirSync(join(CORPUS, 'aws-auth')).map((f) => `aws-auth/${f}`);
    // The directory walk takes .yaml/.yml/.json; template files are named explicitly, as a user would.
    const result = await lint({ cwd: CORPUS, paths: ['.', ...awsAuth] });
    const byPath = new Map(result.files.map((f) => [f.path, f]));
    for (const file of awsAuth) {
      const report = byPath.get(file);
      expect(report, file).toBeDefined();
      // Parsed and linted, or a stated reason: skipped (templates), failed, or parsed with no aws-auth in it.
      if (report?.status !== 'linted') expect(report?.reason, file).toBeTruthy();
    }
    const rulesFor = (fragment: string): string[] => [...new Set(result.findings.filter((f) => f.span.file.includes(fragment)).map((f) => f.ruleId))].sort();
    expect(rulesFor('aws-auth-missing-bar')).toContain('aws-auth-value-type');
    expect(rulesFor('aws-auth-space-out-of-place')).toContain('merged-list-item');
    expect(rulesFor('aws-auth-lower-case-top-keys')).toEqual(['aws-auth-data-key']);
    expect(rulesFor('aws-auth-crazy-case-keys')).toContain('field-key-case');
    expect(rulesFor('amazon-eks-refarch-cloudformation__files__aws-auth-cm')).toEqual(['invalid-arn']);
    expect(result.findings.filter((f) => f.ruleId === 'parse-error')).toEqual([]);
  });

  it('reads every eksctl ClusterConfig of the corpus, and reports only what eksctl or EKS would refuse or flag', async () => {
    const result = await lint({ cwd: CORPUS, paths: ['eksctl'] });
    const yamlFiles = readdirSync(join(CORPUS, 'eksctl')).filter((f) => f.endsWith('.yaml')).map((f) => `eksctl/${f}`);
    const statuses = new Map(result.files.map((f) => [f.path, f.status]));
    // All are ClusterConfigs but one fragment (an accessEntries list meant to be appended to one).
    const notLinted = yamlFiles.filter((file) => statuses.get(file) !== 'linted');
    expect(notLinted).toEqual(['eksctl/aws-samples__eks-workshop-v2__cluster__eksctl__access-entries.yaml']);
    const errors = result.findings.filter((f) => f.level === 'error').map((f) => `${f.ruleId} ${f.span.file.replace(/^eksctl\/[^_]+__[^_]+__/, '')}:${f.span.start.line}`);
    expect(errors).toEqual([
      'invalid-arn bottlerocket__docs__permissions__eksctl-config.yaml:17',
      'unknown-field examples__35-iamidentitymappings__28519a0.yaml:14',
      'unknown-field examples__35-iamidentitymappings__28519a0.yaml:20',
    ]);
  });
});
