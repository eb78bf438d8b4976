import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { runEngine } from '../../src/engine.js';
import { decode, type InputFile } from '../../src/input.js';
import { loadFile } from '../../src/load-file.js';
import { anyText, awsAuthJson, awsAuthManifest, expectFindingsInside, hclSoup, RUNS, terraformFile, yamlish } from './arbitraries.js';

const PATHS = ['aws-auth.yaml', 'cluster.yml', 'aws-auth.json', 'main.tf', 'main.tf.json', 'kustomization.yaml', 'chart.tpl'];

/** Lints one in-memory file and checks what every run must give: one file report, findings inside the file, a stable result. */
function lintsCleanly(file: InputFile): void {
  const loaded = loadFile(file);
  expect(loaded.path).toBe(file.path);
  const result = runEngine([file], { rules });
  expect(result.files).toHaveLength(1);
  const decoded = decode(file);
  if (decoded.ok) expectFindingsInside(result.findings, file.path, decoded.text);
  else for (const finding of result.findings) expect(finding.span.file).toBe(file.path);
  if (loaded.status === 'failed') expect(loaded.parseFailures.length + (loaded.terraform === undefined ? 0 : 1)).toBeGreaterThan(0);
  // The same input twice gives the same findings: no state leaks from one run into the next.
  expect(runEngine([file], { rules }).findings).toEqual(result.findings);
}

describe('loadFile and runEngine on one file: never throw, every position inside the file', () => {
  it('arbitrary text under every file type, explicit or found by a walk', () => {
    fc.assert(
      fc.property(anyText, fc.constantFrom(...PATHS), fc.boolean(), (content, path, explicit) => {
        lintsCleanly({ path, content, explicit });
      }),
      RUNS,
    );
  });

  it('arbitrary bytes (binary, invalid UTF-8, UTF-16 byte order marks, NUL)', () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 300 }),
      fc.tuple(fc.constantFrom([0xff, 0xfe], [0xfe, 0xff], [0xef, 0xbb, 0xbf], [0x00], []), fc.uint8Array({ maxLength: 200 })).map(([bom, rest]) => Uint8Array.from([...bom, ...rest])),
      awsAuthManifest.chain((text) => fc.tuple(fc.nat({ max: text.length }), fc.integer({ min: 0, max: 255 })).map(([at, byte]) => {
        const encoded = Buffer.from(text, 'utf8');
        encoded[Math.min(at, encoded.length - 1)] = byte;
        return Uint8Array.from(encoded);
      })),
    );
    fc.assert(fc.property(bytes, fc.constantFrom(...PATHS), fc.boolean(), (content, path, explicit) => {
        lintsCleanly({ path, content, explicit });
      }), RUNS);
  });

  it('YAML-looking lines with indentation, quotes, block indicators, anchors and tags', () => {
    fc.assert(fc.property(yamlish, fc.constantFrom('aws-auth.yaml', 'aws-auth.json'), (content, path) => {
      lintsCleanly({ path, content, explicit: true });
    }), RUNS);
  });

  it('aws-auth ConfigMaps with mutated mapRoles blocks: findings inside the embedded block land inside the file', () => {
    fc.assert(fc.property(awsAuthManifest, (content) => {
      lintsCleanly({ path: 'aws-auth.yaml', content, explicit: true });
    }), RUNS);
    fc.assert(fc.property(awsAuthJson, (content) => {
      lintsCleanly({ path: 'aws-auth.json', content, explicit: true });
    }), RUNS);
  });

  it('Terraform: token soup and mutated modules with heredocs, templates and yamlencode', () => {
    fc.assert(fc.property(hclSoup, (content) => {
      lintsCleanly({ path: 'main.tf', content, explicit: true });
    }), RUNS);
    fc.assert(fc.property(terraformFile, (content) => {
      lintsCleanly({ path: 'main.tf', content, explicit: false });
    }), RUNS);
  });

  it('a runtime limit hit while reading one file (a RangeError) is a parse failure of that file, not an exception', () => {
    /** Bytes whose scan overflows, as a recursive reader would on hostile input. */
    class Overflowing extends Uint8Array {
      override includes(): boolean {
        throw new RangeError('Maximum call stack size exceeded');
      }
    }
    const loaded = loadFile({ path: 'aws-auth.yaml', content: new Overflowing(8), explicit: false });
    expect(loaded.status).toBe('failed');
    expect(loaded.parseFailures.map((f) => [f.span.file, f.span.start, f.message])).toEqual([
      ['aws-auth.yaml', { line: 1, column: 1 }, 'the file is too complex to read (Maximum call stack size exceeded)'],
    ]);
  });

  it('regression: a 200,000-step traversal (local.x.a.a...) is read in linear time (each step was a traversal of the rest)', () => {
    const content = `resource "aws_eks_access_entry" "x" {\n  principal_arn = local.x${'.a'.repeat(200_000)}\n}\n`;
    expect(runEngine([{ path: 'main.tf', content }], { rules }).files).toEqual([{ path: 'main.tf', status: 'linted' }]);
  });

  it('regression: runs of empty lines before a comment are read in linear time (a \\s* pattern crossed line breaks)', () => {
    const content = `# aws-auth\n${'\n'.repeat(200_000)}# a comment\ndata: {{ .Values.roles }}\n`;
    expect(loadFile({ path: 'aws-auth.yaml', content }).status).toBe('skipped');
  });
});
