import { describe, expect, it } from 'vitest';
import { literalString, stringWithHoles, textToSource, type TemplateExpr, type TemplateText } from '../../src/hcl/index.js';
import { as, attr, find, parseOk, src } from './helpers.js';

function template(text: string, name = 'x'): TemplateExpr {
  return as(attr(parseOk(text), name), 'template');
}

function textPart(t: TemplateExpr, index: number): TemplateText {
  const part = t.parts[index];
  if (part?.kind !== 'text') throw new Error(`part ${index} is ${part?.kind ?? 'missing'}`);
  return part;
}

/** Every value character maps to the same character in the source. */
function expectVerbatim(text: string, value: string, toSource: (i: number) => number): void {
  const mapped = [...Array(value.length).keys()].map((i) => text.charAt(toSource(i)));
  expect(mapped.join('')).toBe(value);
}

const ARN = 'arn:aws:iam::111122223333:role/eks-admin';

describe('quoted templates', () => {
  it('"arn:aws:iam::${var.a}:role/x\\"y": parts, ranges and the exact source of every character', () => {
    const text = 'x = "arn:aws:iam::${var.a}:role/x\\"y"\n';
    const t = template(text);
    expect(t.range).toEqual({ start: text.indexOf('"'), end: text.lastIndexOf('"') + 1 });
    expect(t.parts.map((p) => p.kind)).toEqual(['text', 'interpolation', 'text']);

    const head = textPart(t, 0);
    expect(head.value).toBe('arn:aws:iam::');
    expect(head.range).toEqual(find(text, 'arn:aws:iam::'));
    expectVerbatim(text, head.value, (i) => textToSource(head, i));

    const interp = t.parts[1];
    expect(interp).toMatchObject({ kind: 'interpolation', range: find(text, '${var.a}'), stripBefore: false, stripAfter: false });
    if (interp?.kind === 'interpolation') expect(interp.expr.range).toEqual(find(text, 'var.a'));

    const tail = textPart(t, 2);
    expect(tail.value).toBe(':role/x"y');
    expect(tail.range).toEqual({ start: find(text, ':role').start, end: text.lastIndexOf('"') });
    const role = find(text, ':role/x').start;
    expect(Array.from({ length: tail.value.length }, (_, i) => textToSource(tail, i))).toEqual([
      role,
      role + 1,
      role + 2,
      role + 3,
      role + 4,
      role + 5,
      role + 6,
      find(text, '\\"').start, // the escaped quote maps to its backslash
      find(text, 'y').start,
    ]);
    expect(textToSource(tail, tail.value.length)).toBe(text.lastIndexOf('"'));
  });

  it('every escape: \\n \\t \\r \\" \\\\ \\uNNNN \\UNNNNNNNN $${ %%{', () => {
    const text = 'x = "a\\nb\\tc\\rd\\"e\\\\f\\u00e9g\\U0001F600h$${i}%%{j}"\n';
    const t = template(text);
    const literal = literalString(t);
    expect(literal?.value).toBe('a\nb\tc\rd"e\\fég😀h${i}%{j}');
    if (literal === undefined) return;
    const v = literal.value;
    const at = (needle: string) => find(text, needle).start;
    expect(literal.toSource(v.indexOf('a'))).toBe(at('a\\n'));
    expect(literal.toSource(v.indexOf('\n'))).toBe(at('\\n'));
    expect(literal.toSource(v.indexOf('\t'))).toBe(at('\\t'));
    expect(literal.toSource(v.indexOf('\r'))).toBe(at('\\r'));
    expect(literal.toSource(v.indexOf('"'))).toBe(at('\\"'));
    expect(literal.toSource(v.indexOf('\\'))).toBe(at('\\\\'));
    expect(literal.toSource(v.indexOf('é'))).toBe(at('\\u00e9'));
    expect(literal.toSource(v.indexOf('g'))).toBe(at('g\\U'));
    expect(literal.toSource(v.indexOf('😀'))).toBe(at('\\U0001F600'));
    expect(literal.toSource(v.indexOf('😀') + 1)).toBe(at('\\U0001F600'));
    expect(literal.toSource(v.indexOf('h'))).toBe(at('h$$'));
    expect(literal.toSource(v.indexOf('${'))).toBe(at('$${'));
    expect(literal.toSource(v.indexOf('${') + 1)).toBe(at('{i}'));
    expect(literal.toSource(v.indexOf('i'))).toBe(at('i}'));
    expect(literal.toSource(v.indexOf('%{'))).toBe(at('%%{'));
    expect(literal.toSource(v.indexOf('j'))).toBe(at('j}'));
    expect(literal.toSource(v.length)).toBe(text.lastIndexOf('"'));
  });

  it('an ARN in a plain string maps character for character', () => {
    const text = `resource "aws_eks_access_entry" "a" {\n  principal_arn = "${ARN}"\n}\n`;
    const block = parseOk(text).blocks[0];
    const literal = literalString(as(block?.body.attributes[0]?.expr, 'template'));
    expect(literal?.value).toBe(ARN);
    if (literal === undefined) return;
    expect(literal.toSource(0)).toBe(text.indexOf(ARN));
    expectVerbatim(text, literal.value, literal.toSource);
  });

  it('{{EC2PrivateDNSName}}, a lone $ and % are literal text', () => {
    const text = 'x = "system:node:{{EC2PrivateDNSName}} 100% $5 $$ %%"\n';
    expect(literalString(template(text))?.value).toBe('system:node:{{EC2PrivateDNSName}} 100% $5 $$ %%');
  });

  it('an interpolation holding a string with its own quotes and braces', () => {
    const text = 'x = "${lookup(var.m, "k", "${var.d}-{x}")}!"\n';
    const t = template(text);
    expect(t.parts.map((p) => p.kind)).toEqual(['interpolation', 'text']);
    const interp = t.parts[0];
    if (interp?.kind !== 'interpolation') throw new Error('expected an interpolation');
    const call = as(interp.expr, 'call');
    expect(call.args.map((a) => src(text, a.range))).toEqual(['var.m', '"k"', '"${var.d}-{x}"']);
    expect(textPart(t, 1).value).toBe('!');
  });

  it('a template with only an interpolation is not a literal', () => {
    expect(literalString(template('x = "${var.a}"\n'))).toBeUndefined();
    expect(literalString(as(attr(parseOk('x = 5\n'), 'x'), 'literal'))).toBeUndefined();
  });
});

describe('template directives and strip markers', () => {
  it('%{ if }/%{ else }/%{ endif }', () => {
    const text = 'x = "%{ if var.a }yes%{ else }no%{ endif }"\n';
    const t = template(text);
    expect(t.parts).toHaveLength(1);
    const part = t.parts[0];
    if (part?.kind !== 'if') throw new Error('expected an if');
    expect(part.range).toEqual(find(text, '%{ if var.a }yes%{ else }no%{ endif }'));
    expect(part.condition.range).toEqual(find(text, 'var.a'));
    expect(part.then).toMatchObject([{ kind: 'text', value: 'yes', range: find(text, 'yes') }]);
    expect(part.else).toMatchObject([{ kind: 'text', value: 'no', range: find(text, 'no') }]);
    const noElse = template('x = "%{ if a }yes%{ endif }"\n').parts[0];
    expect(noElse).toMatchObject({ kind: 'if', else: undefined });
  });

  it('%{ for k, v in m } ... %{ endfor } with a nested %{ if }', () => {
    const text = 'x = "%{ for k, v in var.m }${k}=${v}%{ if v != "" };%{ endif }%{ endfor }"\n';
    const part = template(text).parts[0];
    if (part?.kind !== 'for') throw new Error('expected a for');
    const k = find(text, 'k,').start;
    expect(part.keyVar).toEqual({ name: 'k', range: { start: k, end: k + 1 } });
    expect(part.valueVar.name).toBe('v');
    expect(part.collection.range).toEqual(find(text, 'var.m'));
    expect(part.body.map((p) => p.kind)).toEqual(['interpolation', 'text', 'interpolation', 'if']);
    expect(part.range).toEqual({ start: find(text, '%{ for').start, end: find(text, '%{ endfor }').end });
    const single = template('x = "%{ for r in rs }${r}%{ endfor }"\n').parts[0];
    expect(single).toMatchObject({ kind: 'for', keyVar: undefined, valueVar: { name: 'r' } });
  });

  it('~ strips the whitespace next to it, and mapping follows the stripped text', () => {
    const text = 'x = "  a \t${~ "b" ~}  \t c  "\n';
    const t = template(text);
    expect(t.parts.map((p) => p.kind)).toEqual(['text', 'interpolation', 'text']);
    const first = textPart(t, 0);
    const last = textPart(t, 2);
    expect(first.value).toBe('  a');
    expect(last.value).toBe('c  ');
    expectVerbatim(text, first.value, (i) => textToSource(first, i));
    expect(textToSource(last, 0)).toBe(find(text, 'c  "').start);
    expect(t.parts[1]).toMatchObject({ stripBefore: true, stripAfter: true });
    const directive = template('x = "%{ if true ~}  hello  %{~ endif }"\n').parts[0];
    expect(directive).toMatchObject({ kind: 'if', then: [{ kind: 'text', value: 'hello' }] });
  });

  it('unbalanced directives are errors', async () => {
    const { parseHcl } = await import('../../src/hcl/index.js');
    const cases: [string, string, string][] = [
      ['x = "%{ if a }yes"\n', '%{ if a }', 'the %{ if } at line 1 has no matching %{ endif }'],
      ['x = "%{ for a in b }yes%{ endif }"\n', '%{ endif }', 'expected %{ endfor } for the %{ for } at line 1, found %{ endif }'],
      ['x = "yes%{ endif }"\n', '%{ endif }', 'unexpected %{ endif } without a matching %{ if }'],
      ['x = "%{ fi a }"\n', 'fi', "'fi' is not a template directive: use if, else, endif, for or endfor"],
    ];
    for (const [text, at, message] of cases) {
      expect(parseHcl(text).errors).toEqual([{ message, range: find(text, at) }]);
    }
  });
});

describe('heredocs', () => {
  it('<<-EOT strips the common indentation; the YAML inside maps back exactly', () => {
    const text = [
      'resource "kubernetes_config_map" "aws_auth" {',
      '  data = {',
      '    mapRoles = <<-EOT',
      `      - rolearn: ${ARN}`,
      '        username: admin',
      '        groups:',
      '          - system:masters',
      '    EOT',
      '  }',
      '}',
      '',
    ].join('\n');
    const object = as(parseOk(text).blocks[0]?.body.attributes[0]?.expr, 'object');
    const t = as(object.items[0]?.value, 'template');
    expect(t.heredoc).toEqual({ marker: 'EOT', indented: true, openRange: find(text, '<<-EOT'), closeRange: find(text, 'EOT', 1) });
    expect(t.range).toEqual({ start: find(text, '<<-EOT').start, end: find(text, 'EOT', 1).end });
    expect(t.contentRange).toEqual({ start: find(text, '      - rolearn').start, end: find(text, '    EOT').start });
    const literal = literalString(t);
    expect(literal?.value).toBe(`- rolearn: ${ARN}\n  username: admin\n  groups:\n    - system:masters\n`);
    if (literal === undefined) return;
    expect(literal.toSource(literal.value.indexOf(ARN))).toBe(text.indexOf(ARN));
    expectVerbatim(text, literal.value, literal.toSource);
    expect(literal.toSource(literal.value.length)).toBe(find(text, '    EOT').start);
  });

  it('<<- with mixed indentation, blank and whitespace-only lines, tabs', () => {
    const text = 'x = <<-EOT\n    a\n  b\n      c\n\n   \n  EOT\ny = <<-EOT\n\t\ta\n\tb\n\tEOT\n';
    const body = parseOk(text);
    const x = literalString(attr(body, 'x'));
    // Whitespace-only lines neither count nor change (as in HashiCorp's parser).
    expect(x?.value).toBe('  a\nb\n    c\n\n   \n');
    if (x !== undefined) expectVerbatim(text, x.value, x.toSource);
    expect(literalString(attr(body, 'y'))?.value).toBe('\ta\nb\n');
  });

  it('<< keeps the indentation; the closing marker may be indented and followed by blanks', () => {
    const text = 'x = <<EOT\n  keep\n    this\n    EOT  \ny = 1\n';
    const body = parseOk(text);
    const t = as(attr(body, 'x'), 'template');
    expect(literalString(t)?.value).toBe('  keep\n    this\n');
    expect(t.heredoc?.closeRange).toEqual(find(text, 'EOT', 1));
    expect(t.heredoc?.indented).toBe(false);
    expect(body.attributes.map((a) => a.name)).toEqual(['x', 'y']);
  });

  it('interpolations and directives inside, with flushing per line-leading literal', () => {
    const text = 'x = <<-EOT\n    - rolearn: ${aws_iam_role.node.arn}\n      username: system:node:{{EC2PrivateDNSName}}\n    ${indent(2, yamlencode(local.x))}\n    EOT\n';
    const t = template(text);
    expect(t.parts.map((p) => p.kind)).toEqual(['text', 'interpolation', 'text', 'interpolation', 'text']);
    expect(textPart(t, 0).value).toBe('- rolearn: ');
    expect(textPart(t, 2).value).toBe('\n  username: system:node:{{EC2PrivateDNSName}}\n');
    expect(textPart(t, 4).value).toBe('\n');
    for (const i of [0, 2, 4]) {
      const part = textPart(t, i);
      expectVerbatim(text, part.value, (k) => textToSource(part, k));
    }
    const interp = t.parts[1];
    if (interp?.kind === 'interpolation') expect(interp.expr.range).toEqual(find(text, 'aws_iam_role.node.arn'));
  });

  it('a line starting with an interpolation counts as no indentation', () => {
    const text = 'x = <<-EOT\n    a\n${b}\n    EOT\n';
    expect(textPart(template(text), 0).value).toBe('    a\n');
  });

  it('stringWithHoles renders the interpolations as placeholders and keeps the map', () => {
    const text = `x = <<EOT\n- rolearn: \${var.node_role}\n  username: system:node:{{EC2PrivateDNSName}}\n- rolearn: ${ARN}\nEOT\n`;
    const holes = stringWithHoles(template(text), () => 'PLACEHOLDER');
    expect(holes?.value).toBe(`- rolearn: PLACEHOLDER\n  username: system:node:{{EC2PrivateDNSName}}\n- rolearn: ${ARN}\n`);
    if (holes === undefined) return;
    expect(holes.toSource(holes.value.indexOf(ARN))).toBe(text.indexOf(ARN));
    expect(holes.toSource(holes.value.indexOf('PLACEHOLDER'))).toBe(text.indexOf('${var.node_role}'));
    expect(holes.toSource(holes.value.indexOf('username'))).toBe(text.indexOf('username'));
    expect(holes.holes.map((h) => holes.value.slice(h.start, h.end))).toEqual(['PLACEHOLDER']);
    expect(stringWithHoles(template('x = "%{ if a }b%{ endif }"\n'), () => '')).toBeUndefined();
  });

  it('CRLF line endings: the value keeps CRLF (as Terraform does) and maps exactly', () => {
    const text = `x = <<-EOT\r\n    a: 1\r\n    b: ${ARN}\r\n    EOT\r\ny = 2\r\n`;
    const body = parseOk(text);
    const literal = literalString(attr(body, 'x'));
    expect(literal?.value).toBe(`a: 1\r\nb: ${ARN}\r\n`);
    if (literal === undefined) return;
    expectVerbatim(text, literal.value, literal.toSource);
    expect(literal.toSource(literal.value.indexOf(ARN))).toBe(text.indexOf(ARN));
    expect(body.attributes.map((a) => a.name)).toEqual(['x', 'y']);
    expect(as(attr(body, 'x'), 'template').heredoc?.closeRange).toEqual(find(text, 'EOT', 1));
  });

  it('an empty heredoc', () => {
    const text = 'x = <<EOF\nEOF\ny = <<-EOF\n  EOF\n';
    const body = parseOk(text);
    const x = as(attr(body, 'x'), 'template');
    expect(x.parts).toEqual([]);
    expect(literalString(x)?.value).toBe('');
    expect(x.contentRange).toEqual({ start: find(text, 'EOF', 1).start, end: find(text, 'EOF', 1).start });
    expect(literalString(attr(body, 'y'))?.value).toBe('');
  });

  it('markers other than EOF; lines that only contain the marker text do not close', () => {
    const text = 'a = <<YAML\nYAML: 1\nYAMLX\n  YAML\nb = <<-POLICY_DOC\n  {"Version": "2012-10-17"}\n  POLICY_DOC\nc = <<END-OF-TEXT\nx\nEND-OF-TEXT\n';
    const body = parseOk(text);
    expect(literalString(attr(body, 'a'))?.value).toBe('YAML: 1\nYAMLX\n');
    expect(literalString(attr(body, 'b'))?.value).toBe('{"Version": "2012-10-17"}\n');
    expect(literalString(attr(body, 'c'))?.value).toBe('x\n');
    expect(as(attr(body, 'c'), 'template').heredoc?.marker).toBe('END-OF-TEXT');
  });

  it('a heredoc as a function argument, and one closing at the end of the file', () => {
    const text = 'x = jsonencode(yamldecode(<<EOT\na: 1\nEOT\n))\ny = <<EOT\nlast\nEOT';
    const body = parseOk(text);
    const call = as(attr(body, 'x'), 'call');
    const inner = as(call.args[0], 'call');
    expect(literalString(as(inner.args[0], 'template'))?.value).toBe('a: 1\n');
    expect(call.range).toEqual({ start: find(text, 'jsonencode').start, end: find(text, '))').end });
    expect(literalString(attr(body, 'y'))?.value).toBe('last\n');
  });

  it('$${ and %%{ are escapes in heredocs; backslashes are not', () => {
    const text = 'x = <<EOT\n$${a} %%{b} \\n\nEOT\n';
    const literal = literalString(template(text));
    expect(literal?.value).toBe('${a} %{b} \\n\n');
    if (literal === undefined) return;
    expect(literal.toSource(0)).toBe(find(text, '$${').start);
    expect(literal.toSource(1)).toBe(find(text, '{a}').start);
    expect(literal.toSource(literal.value.indexOf('\\'))).toBe(find(text, '\\n').start);
  });

  it('the realistic %{ for ~} / %{ endfor ~} pattern', () => {
    const text = 'x = <<-EOT\n    %{ for r in var.roles ~}\n    - rolearn: ${r}\n    %{ endfor ~}\n  EOT\n';
    const t = template(text);
    const loop = t.parts.find((p) => p.kind === 'for');
    if (loop?.kind !== 'for') throw new Error('expected a for');
    // HashiCorp's order: `~` stripping happens before flushing, so the body keeps its indentation.
    expect(loop.body.map((p) => (p.kind === 'text' ? p.value : p.kind))).toEqual(['    - rolearn: ', 'interpolation', '\n']);
  });
});
