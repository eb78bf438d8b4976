import { describe, expect, it } from 'vitest';
import { parseHcl } from '../../src/hcl/index.js';
import { as, attr, find, parseOk, span, src } from './helpers.js';

describe('bodies, attributes and blocks', () => {
  it('attributes and blocks with quoted and bare labels, in order, with exact ranges', () => {
    const text = [
      'region = "us-east-1"',
      '',
      'resource "aws_eks_access_entry" admin {',
      '  cluster_name = var.name',
      '',
      '  access_scope {',
      '    type = "namespace"',
      '  }',
      '}',
      '',
    ].join('\n');
    const body = parseOk(text);
    expect(body.range).toEqual({ start: 0, end: text.length });
    expect(body.items.map((i) => i.kind)).toEqual(['attribute', 'block']);

    const region = body.attributes[0];
    expect(region?.name).toBe('region');
    expect(region?.nameRange).toEqual(find(text, 'region'));
    expect(region?.range).toEqual(find(text, 'region = "us-east-1"'));
    expect(region?.expr.range).toEqual(find(text, '"us-east-1"'));

    const block = body.blocks[0];
    if (block === undefined) throw new Error('no block');
    expect(block.type).toBe('resource');
    expect(block.typeRange).toEqual(find(text, 'resource'));
    expect(block.labels).toEqual([
      { value: 'aws_eks_access_entry', range: find(text, '"aws_eks_access_entry"'), quoted: true },
      { value: 'admin', range: find(text, 'admin'), quoted: false },
    ]);
    expect(block.range).toEqual({ start: find(text, 'resource').start, end: text.lastIndexOf('}') + 1 });
    expect(block.openBraceRange).toEqual(find(text, '{'));
    expect(block.closeBraceRange).toEqual({ start: text.lastIndexOf('}'), end: text.lastIndexOf('}') + 1 });
    expect(block.body.range).toEqual({ start: find(text, '{').start, end: text.lastIndexOf('}') + 1 });
    expect(block.body.attributes.map((a) => a.name)).toEqual(['cluster_name']);

    const nested = block.body.blocks[0];
    expect(nested?.type).toBe('access_scope');
    expect(nested?.labels).toEqual([]);
    expect(nested?.range).toEqual(span(text, 'access_scope {', '  }'));
    expect(nested?.body.attributes[0]?.range).toEqual(find(text, 'type = "namespace"'));
  });

  it('one-line blocks and empty blocks', () => {
    const text = 'a { b = 1 }\nc {}\nd "x" { e = [1, 2] }\nf "y" {\n}\n';
    const body = parseOk(text);
    expect(body.blocks.map((b) => [b.type, b.labels.map((l) => l.value), b.body.attributes.map((a) => a.name)])).toEqual([
      ['a', [], ['b']],
      ['c', [], []],
      ['d', ['x'], ['e']],
      ['f', ['y'], []],
    ]);
    expect(body.blocks[0]?.range).toEqual(find(text, 'a { b = 1 }'));
    expect(body.blocks[0]?.body.attributes[0]?.range).toEqual(find(text, 'b = 1'));
    expect(body.blocks[1]?.range).toEqual(find(text, 'c {}'));
  });

  it('terraform, provider, dynamic and lifecycle blocks', () => {
    const text = `terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = ">= 5.0" }
  }
}

resource "aws_eks_access_policy_association" "this" {
  for_each = { for k, v in var.policies : k => v }
  dynamic "access_scope" {
    for_each = each.value.namespaces == null ? [] : [1]
    content {
      type       = "namespace"
      namespaces = each.value.namespaces
    }
  }
  lifecycle {
    ignore_changes = [access_scope]
  }
  depends_on = [aws_eks_access_entry.this]
}
`;
    const body = parseOk(text);
    const resource = body.blocks[1];
    expect(resource?.body.items.map((i) => (i.kind === 'block' ? `${i.type}{}` : i.name))).toEqual(['for_each', 'dynamic{}', 'lifecycle{}', 'depends_on']);
    expect(resource?.body.blocks[0]?.labels[0]?.value).toBe('access_scope');
    expect(resource?.body.blocks[0]?.body.blocks[0]?.body.attributes.map((a) => a.name)).toEqual(['type', 'namespaces']);
  });

  it('duplicate attributes and blocks are all kept', () => {
    const body = parseOk('a = 1\na = 2\nb {}\nb {}\n');
    expect(body.attributes.map((a) => src('a = 1\na = 2\nb {}\nb {}\n', a.expr.range))).toEqual(['1', '2']);
    expect(body.blocks).toHaveLength(2);
  });

  it('identifiers with dashes, underscores and non-ASCII letters', () => {
    const text = 'my-attr = var.some-name\n_x = 1\nnamé = "é"\nblock-type label-x {}\n';
    const body = parseOk(text);
    expect(body.attributes.map((a) => a.name)).toEqual(['my-attr', '_x', 'namé']);
    expect(as(attr(body, 'my-attr'), 'getattr').name).toBe('some-name');
    expect(body.blocks[0]?.labels[0]?.value).toBe('label-x');
  });

  it('a block label with escapes keeps the unescaped value', () => {
    const text = 'resource "a\\"b" "c" {}\n';
    expect(parseOk(text).blocks[0]?.labels.map((l) => l.value)).toEqual(['a"b', 'c']);
  });
});

describe('comments, line endings, byte order mark', () => {
  it('#, // and /* */ comments are skipped and collected with ranges', () => {
    const text = '# top\nx = 1 // trailing\n/* block\n comment */ y = /* inline */ 2\nz = 3 # last, no newline';
    const result = parseHcl(text);
    expect(result.errors).toEqual([]);
    expect(result.body.attributes.map((a) => a.name)).toEqual(['x', 'y', 'z']);
    expect(result.comments).toEqual([
      { kind: 'line', text: '# top', range: find(text, '# top') },
      { kind: 'line', text: '// trailing', range: find(text, '// trailing') },
      { kind: 'block', text: '/* block\n comment */', range: find(text, '/* block\n comment */') },
      { kind: 'block', text: '/* inline */', range: find(text, '/* inline */') },
      { kind: 'line', text: '# last, no newline', range: find(text, '# last, no newline') },
    ]);
    expect(result.body.attributes[2]?.range).toEqual(find(text, 'z = 3'));
  });

  it('comment markers inside strings and heredocs are text', () => {
    const text = 'x = "a # b // c /* d"\ny = <<EOT\n# not a comment\nEOT\n';
    const result = parseHcl(text);
    expect(result.errors).toEqual([]);
    expect(result.comments).toEqual([]);
  });

  it('CRLF line endings everywhere', () => {
    const text = 'a = 1\r\nb "x" {\r\n  c = [\r\n    1,\r\n  ]\r\n  # note\r\n}\r\n';
    const result = parseHcl(text);
    expect(result.errors).toEqual([]);
    expect(result.body.items.map((i) => i.kind)).toEqual(['attribute', 'block']);
    expect(result.body.blocks[0]?.body.attributes[0]?.range).toEqual(span(text, 'c = [', ']'));
    expect(result.comments[0]?.range).toEqual(find(text, '# note'));
  });

  it('a UTF-8 byte order mark is skipped; offsets stay those of the given text', () => {
    const text = '\uFEFFx = "é😀"\ny = 2\n';
    const body = parseOk(text);
    expect(body.attributes[0]?.nameRange).toEqual({ start: 1, end: 2 });
    expect(body.attributes[1]?.range).toEqual(find(text, 'y = 2'));
    expect(as(attr(body, 'x'), 'template').range).toEqual(find(text, '"é😀"'));
  });

  it('an empty file and a file of comments', () => {
    expect(parseOk('').items).toEqual([]);
    expect(parseOk('# only\n// comments\n/* here */\n').items).toEqual([]);
  });
});
