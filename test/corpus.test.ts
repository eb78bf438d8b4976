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
});
