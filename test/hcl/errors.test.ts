import { describe, expect, it } from 'vitest';
import { parseHcl, type Body, type HclError } from '../../src/hcl/index.js';
import { find, lineCol } from './helpers.js';

function errorsOf(text: string): { message: string; at: string; range: HclError['range'] }[] {
  return parseHcl(text).errors.map((e) => ({ message: e.message, at: lineCol(text, e.range.start), range: e.range }));
}

/** `type label...` of every top-level item, to check what survived recovery. */
function outline(body: Body): string[] {
  return body.items.map((i) => (i.kind === 'attribute' ? i.name : [i.type, ...i.labels.map((l) => l.value)].join(' ')));
}

describe('error positions and messages', () => {
  it("missing ']': at the token where the tuple should have ended", () => {
    const text = 'locals {\n  a = 1\n  b = [\n    "x",\n    "y"\n  c = 2\n}\n\nresource "aws_eks_access_entry" "later" {\n  principal_arn = "arn"\n}\n';
    const result = parseHcl(text);
    expect(errorsOf(text)).toEqual([{ message: "missing closing ']' for the tuple opened at line 3", at: '6:3', range: { start: find(text, 'c = 2').start, end: find(text, 'c = 2').start + 1 } }]);
    expect(outline(result.body)).toEqual(['locals', 'resource aws_eks_access_entry later']);
    expect(result.body.blocks[0]?.body.attributes.map((a) => a.name)).toEqual(['a', 'c']);
    expect(result.body.blocks[1]?.body.attributes.map((a) => a.name)).toEqual(['principal_arn']);
  });

  it("missing ']' at the end of the file: at the opening bracket", () => {
    const text = 'x = 1\ny = [1, 2,\n';
    expect(errorsOf(text)).toEqual([{ message: "missing closing ']' for the tuple opened at line 2", at: '2:5', range: find(text, '[') }]);
  });

  it("a missing ',' in a tuple is not a missing ']'", () => {
    const text = 'x = [\n  "a"\n  "b"\n]\n';
    expect(errorsOf(text)).toEqual([{ message: "expected ',' or ']' after a tuple element, found a string", at: '3:3', range: find(text, '"', 2) }]);
  });

  it("missing '}' of a block: at its opening brace, and the next top-level block still parses", () => {
    const text = 'resource "aws_eks_access_entry" "a" {\n  principal_arn = "x"\n  tags = {\n    a = 1\n  }\n\nresource "aws_eks_access_entry" "b" {\n  principal_arn = "y"\n}\n';
    const result = parseHcl(text);
    expect(errorsOf(text)).toEqual([
      { message: `missing closing '}' for the block 'resource "aws_eks_access_entry" "a"' opened at line 1`, at: '1:37', range: find(text, '{') },
    ]);
    expect(outline(result.body)).toEqual(['resource aws_eks_access_entry a', 'resource aws_eks_access_entry b']);
    expect(result.body.blocks[0]?.body.attributes.map((a) => a.name)).toEqual(['principal_arn', 'tags']);
    expect(result.body.blocks[0]?.closeBraceRange).toBeUndefined();
    expect(result.body.blocks[1]?.closeBraceRange).toBeDefined();
  });

  it("missing '}' of an object: where the next block starts", () => {
    const text = 'locals {\n  m = {\n    a = 1\n}\n\nmodule "eks" {\n  source = "x"\n}\n';
    const result = parseHcl(text);
    expect(errorsOf(text).map((e) => e.message)).toEqual(["missing closing '}' for the block 'locals' opened at line 1"]);
    expect(outline(result.body)).toEqual(['locals', 'module eks']);
    const direct = 'x = {\n  a = 1\n\nresource "r" "n" {\n  z = 1\n}\n';
    expect(errorsOf(direct)).toEqual([{ message: "missing closing '}' for the object opened at line 1", at: '4:1', range: find(direct, 'resource') }]);
    expect(outline(parseHcl(direct).body)).toEqual(['resource r n']);
  });

  it('unterminated string: from the opening quote to the end of the line; the next line parses', () => {
    const text = 'a = 1\nname = "eks-admin\nb = 2\n';
    const result = parseHcl(text);
    expect(errorsOf(text)).toEqual([
      { message: `unterminated string: missing the closing '"' before the end of the line`, at: '2:8', range: { start: find(text, '"eks').start, end: find(text, '\nb').start } },
    ]);
    expect(outline(result.body)).toEqual(['a', 'name', 'b']);
  });

  it('an interpolation missing its } inside a string', () => {
    const text = 'x = "abc ${foo"\ny = 2\n';
    expect(errorsOf(text)).toEqual([{ message: `missing '}' to close the '\${' sequence before the closing '"'`, at: '1:10', range: find(text, '${') }]);
    expect(outline(parseHcl(text).body)).toEqual(['x', 'y']);
  });

  it('heredoc without its end marker: at the introducer', () => {
    const text = 'resource "kubernetes_config_map" "aws_auth" {\n  data = {\n    mapRoles = <<EOT\n- rolearn: x\n  }\n}\n';
    expect(errorsOf(text)).toEqual([{ message: 'heredoc <<EOT has no closing EOT line', at: '3:16', range: find(text, '<<EOT') }]);
    const indented = 'x = <<-YAML\n  a: 1\n';
    expect(errorsOf(indented)).toEqual([{ message: 'heredoc <<-YAML has no closing YAML line', at: '1:5', range: find(indented, '<<-YAML') }]);
  });

  it('x = = 2: at the second =', () => {
    const text = 'resource "a" "b" {\n  x = = 2\n  y = 3\n}\nlater {}\n';
    const result = parseHcl(text);
    expect(errorsOf(text)).toEqual([{ message: "expected an expression, found '='", at: '2:7', range: find(text, '=', 1) }]);
    expect(outline(result.body)).toEqual(['resource a b', 'later']);
    expect(result.body.blocks[0]?.body.attributes.map((a) => a.name)).toEqual(['y']);
  });

  it('unexpected tokens', () => {
    const cases: [string, string, string, string][] = [
      ['resource "a" "b" {\n  ]\n}\n', "expected an attribute name or a block type, found ']'", '2:3', ']'],
      ['x = 1 2\n', "expected a line break after the value of 'x', found the number 2", '1:7', '2'],
      ['x = 1 @ 2\n', "expected a line break after the value of 'x', found the character '@'", '1:7', '@'],
      ['x = {a = 1 b = 2}\n', "expected ',' or '}' after an object item, found 'b'", '1:12', 'b'],
      ['resource , {}\n', "expected '=' or '{' after 'resource', found ','", '1:10', ','],
      ['resource "a" "b" = {}\n', `expected '{' to open the block 'resource "a" "b"', found '='`, '1:18', '='],
      ['x = f(1 2)\n', "expected ',' or ')' after an argument of f(), found the number 2", '1:9', '2'],
      ['x = [for v in xs]\n', "expected ':' after the collection of the for expression, found ']'", '1:17', ']'],
      ['x = "${a b}"\n', "expected '}' to end the '${' sequence (write '$${' for a literal '${'), found 'b'", '1:10', 'b'],
      ['x = a ? b\n', "expected ':' after the true result of the conditional expression, found the end of the file", '1:10', ''],
      ['x = a ? b\ny = 1\n', "expected ':' after the true result of the conditional expression, found the end of the line", '1:10', ''],
      ['x = "\\q"\n', "invalid escape sequence '\\q': use \\n, \\r, \\t, \\\", \\\\, \\uNNNN or \\UNNNNNNNN", '1:6', '\\q'],
      ['}\n', "unexpected '}': there is no block to close", '1:1', '}'],
      ['x = 1\u0000\n', "expected a line break after the value of 'x', found the character U+0000", '1:6', '\u0000'],
      ['x = <<EOT junk\nfoo\nEOT\n', 'unexpected text after the heredoc introducer <<EOT: it must end its line', '1:11', 'junk'],
    ];
    for (const [text, message, at, token] of cases) {
      const range = token === '' ? { start: text.indexOf('\n'), end: text.indexOf('\n') } : find(text, token);
      expect(errorsOf(text), text).toEqual([{ message, at, range }]);
    }
  });

  it('a wrong closing bracket on a line indented like its opener is taken for a typo of the right one', () => {
    const text = 'module "m" {\n  source = "x"\n  inputs = {\n    roles = [\n      "a",\n    }\n  }\n}\nz = 1\n';
    const result = parseHcl(text);
    expect(errorsOf(text)).toEqual([{ message: "expected ']' to close the tuple opened at line 4, found '}'", at: '6:5', range: find(text, '}') }]);
    expect(outline(result.body)).toEqual(['module m', 'z']);
    expect(result.body.blocks[0]?.body.attributes.map((a) => a.name)).toEqual(['source', 'inputs']);
    // Less indented than the opener: it closes something outside, so the ']' is missing.
    const missing = 'locals {\n  a = [\n    1,\n}\nb = 1\n';
    expect(errorsOf(missing)).toEqual([{ message: "missing closing ']' for the tuple opened at line 2", at: '4:1', range: find(missing, '}') }]);
    expect(outline(parseHcl(missing).body)).toEqual(['locals', 'b']);
    const call = 'x = merge(\n  a,\n}\ny = 1\n';
    expect(errorsOf(call).map((e) => e.message)).toEqual(["expected ')' to close the call to merge() opened at line 1, found '}'"]);
    expect(outline(parseHcl(call).body)).toEqual(['x', 'y']);
  });

  it('x = at the end of a line: at the end of the line, and the next line is the next attribute', () => {
    const text = 'x =\ny = 2\n';
    expect(errorsOf(text)).toEqual([{ message: 'expected an expression, found the end of the line', at: '1:4', range: { start: 3, end: 3 } }]);
    expect(outline(parseHcl(text).body)).toEqual(['y']);
  });

  it('a non-literal block label is reported and the block kept', () => {
    const text = 'resource "a" "${var.x}" {}\n';
    const result = parseHcl(text);
    expect(errorsOf(text)).toEqual([{ message: 'a block label must be a literal string, without ${} or %{}', at: '1:14', range: find(text, '"${var.x}"') }]);
    expect(outline(result.body)).toEqual(['resource a ${var.x}']);
  });

  it('parsing continues after every error; each one is reported once, in order', () => {
    const text = [
      'a = [1, 2',
      'b = = 3',
      'resource "x" "y" {',
      '  c = "unterminated',
      '  d = 4 5',
      '  e = 5',
      '}',
      'f = {',
      '  g = 1',
      '',
      'output "o" {',
      '  value = 1',
      '}',
      '',
    ].join('\n');
    const result = parseHcl(text);
    expect(errorsOf(text).map((e) => `${e.at} ${e.message}`)).toEqual([
      "2:1 missing closing ']' for the tuple opened at line 1",
      "2:5 expected an expression, found '='",
      `4:7 unterminated string: missing the closing '"' before the end of the line`,
      "5:9 expected a line break after the value of 'd', found the number 5",
      "11:1 missing closing '}' for the object opened at line 8",
    ]);
    expect(outline(result.body)).toEqual(['resource x y', 'output o']);
    expect(result.body.blocks[0]?.body.attributes.map((a) => a.name)).toEqual(['c', 'd', 'e']);
  });
});

describe('robustness: never throws, never hangs', () => {
  const deep: [string, string][] = [
    ['10,000 [', `x = ${'['.repeat(10_000)}`],
    ['10,000 { a =', `x = ${'{ a = '.repeat(10_000)}`],
    ['10,000 {', `x = ${'{'.repeat(10_000)}`],
    ['10,000 {(', `x = ${'{('.repeat(5_000)}`],
    ['10,000 "${', `x = ${'"${'.repeat(10_000)}`],
    ['10,000 {"${', `x = ${'{"${'.repeat(10_000)}`],
    ['10,000 (', `x = ${'('.repeat(10_000)}`],
    ['10,000 nested blocks', 'a {\n'.repeat(10_000)],
    ['10,000 !', `x = ${'!'.repeat(10_000)}a`],
    ['10,000 -', `x = ${'-'.repeat(10_000)}a`],
    ['10,000 %{ if }', `x = "${'%{ if a }'.repeat(10_000)}"`],
    ['10,000 [*]', `x = a${'[*]'.repeat(10_000)}`],
    ['10,000 conditionals', `x = ${'a ? b : '.repeat(10_000)}c`],
    ['10,000 function calls', `x = ${'f('.repeat(10_000)}`],
  ];
  // A hang would hit the test timeout; speed is measured by the benchmark, not asserted here.
  it.each(deep)('%s: a nesting error, not a crash', (_, text) => {
    const result = parseHcl(text);
    expect(result.errors.length).toBeGreaterThan(0);
    expect(result.errors.length).toBeLessThanOrEqual(100);
    expect(result.errors.some((e) => e.message.includes('internal'))).toBe(false);
    expect(result.errors.some((e) => /nest|missing|unterminated|no matching/.test(e.message))).toBe(true);
  });

  it('long flat chains are fine (no recursion per operand)', () => {
    const text = `x = ${Array.from({ length: 10_000 }, (_, i) => `a${i}`).join(' + ')}\ny = a${'.b'.repeat(10_000)}\nz = [${'1, '.repeat(10_000)}]\n`;
    expect(parseHcl(text).errors).toEqual([]);
  });

  it('an unterminated /* comment is an error at the comment', () => {
    const text = 'x = 1\n/* never closed\ny = 2\n';
    const result = parseHcl(text);
    expect(errorsOf(text)).toEqual([{ message: "unterminated comment: '/*' has no closing '*/'", at: '2:1', range: find(text, '/*') }]);
    expect(outline(result.body)).toEqual(['x']);
  });

  it('binary junk: errors with valid ranges, at most 100', () => {
    let seed = 12345;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    for (let round = 0; round < 20; round++) {
      const bytes = Buffer.from(Array.from({ length: 20_000 }, () => Math.floor(random() * 256)));
      for (const text of [bytes.toString('latin1'), bytes.toString('utf8')]) {
        const result = parseHcl(text);
        expect(result.errors.length).toBeGreaterThan(0);
        expect(result.errors.length).toBeLessThanOrEqual(100);
        for (const e of result.errors) {
          expect(e.range.start).toBeGreaterThanOrEqual(0);
          expect(e.range.end).toBeLessThanOrEqual(text.length);
          expect(e.range.start).toBeLessThanOrEqual(e.range.end);
          expect(e.message).not.toContain('internal');
        }
      }
    }
  });

  it('HCL-looking junk made of the language’s own tokens', () => {
    const pieces = ['{', '}', '[', ']', '(', ')', '"', '${', '%{', '~}', '<<EOT\n', '<<-EOT\n', 'EOT\n', '\n', 'a', '=', ':', ',', '.', '*', '...', '?', 'for', 'in', 'if', '#', '/*', '*/', '\\', '1e', '"x"', ' '];
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let round = 0; round < 300; round++) {
      const text = Array.from({ length: 200 }, () => pieces[random(pieces.length)] ?? '').join('');
      const result = parseHcl(text);
      expect(result.errors.some((e) => e.message.includes('internal')), text).toBe(false);
    }
  });
});
