import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, Scalar, visit } from 'yaml';
import { loadSectionContent } from '../../src/aws-auth/embedded-sections.js';
import { SECTION_NAMES } from '../../src/model.js';
import { walkNodes, type SourceNode } from '../../src/source-node.js';
import { LineIndex } from '../../src/span.js';
import { embeddedText } from '../../src/yaml/embedded.js';
import { loadYaml } from '../../src/yaml/load.js';
import { anyText, awsAuthJson, awsAuthManifest, expectSpanInside, RUNS, yamlish } from './arbitraries.js';

/** The string scalars `yaml` reads from a text. */
function stringScalars(text: string): Scalar[] {
  const found: Scalar[] = [];
  for (const doc of parseAllDocuments(text)) {
    visit(doc, {
      Scalar: (_, node) => {
        if (typeof node.value === 'string') found.push(node);
      },
    });
  }
  return found;
}

/**
 * The mapper either refuses, or maps every value offset to a source offset inside the text, in order, onto the
 * very character that produced it (escapes map to their backslash, folded line breaks to the break).
 */
function mapsFaithfully(source: string): void {
  for (const node of stringScalars(source)) {
    const mapped = embeddedText(source, node);
    if (!mapped.ok) continue;
    expect(mapped.text).toBe(node.value);
    // Collected, then compared once: an expect per character would make the suite slow.
    const wrong: string[] = [];
    let previous = 0;
    for (let i = 0; i <= mapped.text.length; i++) {
      const at = mapped.toSource(i);
      if (at < previous || at > source.length) wrong.push(`value offset ${i} maps to ${at}, after ${previous}, in a text of ${source.length}`);
      previous = at;
      if (i === mapped.text.length) break;
      const produced = mapped.text.charAt(i);
      const origin = source.charAt(at);
      const folded = (produced === ' ' || produced === '\n') && (origin === '\n' || origin === '\r');
      const escaped = node.type === Scalar.QUOTE_DOUBLE && origin === '\\';
      if (!folded && !escaped && origin !== produced) wrong.push(`value offset ${i} (${JSON.stringify(produced)}) maps to ${JSON.stringify(origin)} at ${at}`);
    }
    expect(wrong).toEqual([]);
  }
}

/** Loads every mapRoles-like value of a document as embedded YAML; all spans it reports are inside the file. */
function sectionSpansInside(source: string): void {
  const lines = new LineIndex('f.yaml', source);
  for (const doc of loadYaml(source, (start, end) => lines.span(start, end))) {
    if (doc.root === null) continue;
    const scalars: SourceNode[] = [];
    walkNodes(doc.root, (node) => {
      if (node.kind === 'scalar') scalars.push(node);
    });
    for (const scalar of scalars) {
      expectSpanInside(scalar.span, 'f.yaml', source);
      for (const name of SECTION_NAMES) {
        const content = loadSectionContent(name, scalar, lines);
        if (content.kind === 'invalid') for (const problem of content.problems) expectSpanInside(problem.span, 'f.yaml', source);
        if (content.kind === 'parsed' && content.root !== null) {
          walkNodes(content.root, (node) => {
            expectSpanInside(node.span, 'f.yaml', source);
          });
        }
        if (content.kind === 'parsed' && content.truncatedAt !== undefined) expectSpanInside(content.truncatedAt, 'f.yaml', source);
      }
      if (scalar.kind === 'scalar' && typeof scalar.value === 'string' && scalar.locate !== undefined) {
        for (const [start, end] of [[0, 0], [0, scalar.value.length], [scalar.value.length >> 1, scalar.value.length]] as const) {
          expectSpanInside(scalar.locate(start, end), 'f.yaml', source);
        }
      }
    }
  }
}

describe('embedded YAML position mapper: every mapped offset inside the text and on the character that produced it', () => {
  it('YAML-looking lines: plain, quoted, escaped, folded and block scalars', () => {
    fc.assert(fc.property(yamlish, mapsFaithfully), RUNS);
  });

  it('aws-auth manifests with mutated blocks, as YAML and as JSON', () => {
    fc.assert(fc.property(awsAuthManifest, mapsFaithfully), RUNS);
    fc.assert(fc.property(awsAuthJson, mapsFaithfully), RUNS);
  });

  it('double-quoted scalars with arbitrary content and escapes', () => {
    const quoted = fc.array(fc.oneof(anyText, fc.constantFrom('\\n', '\\t', '\\x41', '\\u00e9', '\\U0001F600', '\\UFFFFFFFF', '\\U00110000', '\\u12', '\\\n   ', '\\"', '\n\n  ', '\\ ', '\\_')), { maxLength: 12 })
      .map((parts) => `key: "${parts.join('').replace(/"/g, '\\"')}"\n`);
    fc.assert(fc.property(quoted, mapsFaithfully), RUNS);
  });
});

describe('embedded YAML position mapper: regressions', () => {
  it('an escape beyond Unicode (which yaml keeps as written) is refused, not thrown', () => {
    const source = 'a: "x\\UFFFFFFFF"\n';
    const node = stringScalars(source).find((scalar) => scalar.type === Scalar.QUOTE_DOUBLE);
    if (node === undefined) throw new Error('no double-quoted scalar');
    expect(embeddedText(source, node)).toEqual({ ok: false, reason: 'bad escape' });
  });
});

describe('embedded sections: every span of the embedded document and its problems lies inside the file', () => {
  it('YAML-looking lines', () => {
    fc.assert(fc.property(yamlish, sectionSpansInside), RUNS);
  });

  it('aws-auth manifests with mutated blocks', () => {
    fc.assert(fc.property(awsAuthManifest, sectionSpansInside), RUNS);
    fc.assert(fc.property(awsAuthJson, sectionSpansInside), RUNS);
  });
});

describe('YAML nesting limit', () => {
  it('100,000 levels of YAML flow, block and JSON nesting are a parse error at the first level too deep', () => {
    const deep = 100_000;
    const texts = [
      `a: ${'['.repeat(deep)}${']'.repeat(deep)}\n`,
      `a: ${'{a: '.repeat(deep)}1${'}'.repeat(deep)}\n`,
      `${'{"a":'.repeat(deep)}1${'}'.repeat(deep)}`,
      `a:\n${Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i + 1)}k:`).join('\n')}\n`,
      `${'- '.repeat(deep)}x\n`,
    ];
    for (const text of texts) {
      const lines = new LineIndex('f.yaml', text);
      const [doc] = loadYaml(text, (start, end) => lines.span(start, end));
      expect(doc?.root).toBeNull();
      const error = doc?.errors[0];
      expect(error?.message).toBe('nesting is deeper than 200 levels');
      expect(text.charAt(error?.span.startOffset ?? -1)).toMatch(/[[{k-]/);
    }
  });

  it('200 levels still load; other documents of the stream keep their place', () => {
    const text = `a: ${'['.repeat(199)}1${']'.repeat(199)}\n---\nb: ${'['.repeat(500)}${']'.repeat(500)}\n---\nc: 1\n`;
    const lines = new LineIndex('f.yaml', text);
    const docs = loadYaml(text, (start, end) => lines.span(start, end));
    expect(docs.map((d) => [d.root?.kind ?? null, d.errors.map((e) => e.message)])).toEqual([['map', []], [null, ['nesting is deeper than 200 levels']], ['map', []]]);
    expect(docs[1]?.markerOffset).toBe(text.indexOf('---'));
  });

  it('regression: a big document without aliases is not taken for an alias bomb', () => {
    const text = Array.from({ length: 30_000 }, (_, i) => `- rolearn: arn:aws:iam::210987654321:role/r${i}\n  username: r${i}\n  groups: [g]\n`).join('');
    const lines = new LineIndex('f.yaml', text);
    const [doc] = loadYaml(text, (start, end) => lines.span(start, end));
    expect(doc?.strictProblems).toEqual([]);
    expect(doc?.root?.kind === 'seq' ? doc.root.items.length : 0).toBe(30_000);
  });

  it('aliases of deep collections nested in deep collections are refused when expanded too deep', () => {
    const chain = [`a0: &a0 ${'['.repeat(40)}x${']'.repeat(40)}`];
    for (let i = 1; i < 60; i++) chain.push(`a${i}: &a${i} ${'['.repeat(40)}*a${i - 1}${']'.repeat(40)}`);
    const text = `${chain.join('\n')}\n`;
    const lines = new LineIndex('f.yaml', text);
    const [doc] = loadYaml(text, (start, end) => lines.span(start, end));
    expect(doc?.root).toBeNull();
    expect(doc?.strictProblems.map((p) => p.message)).toEqual(['aliases expand to collections nested deeper than 200 levels']);
  });
});
