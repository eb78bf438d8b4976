import fc from 'fast-check';
import { expect } from 'vitest';
import type { Finding } from '../../src/rule.js';
import { LineIndex, type Span } from '../../src/span.js';

/** Fixed seeds and bounded runs: the suite is deterministic and takes seconds, and a failure replays. */
export const RUNS = { seed: 20_261_128, numRuns: 200 } as const;

/** Characters that trip YAML and HCL readers: indicators, quotes, escapes, odd white space and encodings. */
const NASTY = [
  '\t', '\u00a0', '\r', '\r\n', '\u2028', '\ufeff', '\0', '\u200b', '\ud83d\ude00', '\ud800', '\\', '"', "'", '#', ':', '- ', '? ', '|', '>',
  '&a', '*a', '!Ref ', '!!str ', '%', '@', '`', '{{', '}}', '${', '%{', '[', ']', '{', '}', ',', '---', '...', '<<', '=',
];

/** Any text, with the hostile characters above over-represented. */
export const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.array(fc.oneof(fc.constantFrom(...NASTY), fc.string({ maxLength: 6 }), fc.constantFrom('\n', ' ', '  ')), { maxLength: 80 }).map((parts) => parts.join('')),
);

const KEYS = ['rolearn', 'userarn', 'username', 'groups', 'mapRoles', 'mapUsers', 'mapAccounts', 'kind', 'metadata', 'name', 'namespace', 'data', 'apiVersion', 'x', 'RoleArn', '<<', '"quoted key"', '? complex'];
const VALUES = [
  'arn:aws:iam::210987654321:role/eks-node', 'arn:aws:iam::210987654321:role/path/admin', 'system:node:{{EC2PrivateDNSName}}', '{{SessionName}}',
  '"system:masters"', "'it''s'", '"a\\tb\\u00e9\\x41\\\n  c"', '|', '|-', '>', '>+', '|2', '[system:bootstrappers, system:nodes]', '{a: 1, b: [2]}',
  '&anchor x', '*anchor', '!Ref Name', 'yes', 'on', '0123', '.inf', '~', '', '#comment', 'kube-system', 'aws-auth', 'ConfigMap', 'v1', '- item',
];

/** One YAML-looking line: indentation (spaces, sometimes a tab or a no-break space), an item dash, a key, a value. */
const yamlLine = fc
  .tuple(
    fc.oneof({ weight: 5, arbitrary: fc.nat({ max: 8 }).map((n) => ' '.repeat(n)) }, { weight: 1, arbitrary: fc.constantFrom('\t', '  \t', '\u00a0 ', '    \u00a0') }),
    fc.boolean(),
    fc.option(fc.constantFrom(...KEYS), { nil: undefined }),
    fc.option(fc.oneof(fc.constantFrom(...VALUES), anyText.map((t) => t.replace(/\n/g, ' '))), { nil: undefined }),
  )
  .map(([indent, dash, key, value]) => `${indent}${dash ? '- ' : ''}${key === undefined ? '' : `${key}:`}${value === undefined ? '' : ` ${value}`}`);

/** Lines that look like YAML, joined with LF or CRLF, sometimes split into documents. */
export const yamlish = fc
  .tuple(fc.array(fc.oneof({ weight: 8, arbitrary: yamlLine }, { weight: 1, arbitrary: fc.constantFrom('---', '...', '', '# c') }), { maxLength: 30 }), fc.constantFrom('\n', '\r\n'))
  .map(([lines, eol]) => lines.join(eol) + eol);

const ENTRIES = [
  '- rolearn: arn:aws:iam::210987654321:role/eks-node\n  username: system:node:{{EC2PrivateDNSName}}\n  groups:\n    - system:bootstrappers\n    - system:nodes\n',
  '- rolearn: arn:aws:iam::210987654321:role/team/admin\n  username: "admin:{{SessionName}}"\n  groups: [system:masters]\n',
  '- userarn: arn:aws:iam::210987654321:user/alice\n  username: alice\n  groups:\n  - view\n',
  '- "210987654321"\n',
  '# eks-auth-lint-disable-next-line system-masters -- reviewed\n- rolearn: arn:aws:iam::210987654321:role/break-glass\n  username: {{SessionName}}\n  groups:\n    - system:masters\n',
];

/** A small edit at a relative position: insert, delete or replace text. */
const mutation = fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.nat({ max: 6 }), fc.oneof(fc.constantFrom(...NASTY, '\n', '  ', '\n  '), anyText));

function mutate(text: string, [where, remove, insert]: [number, number, string]): string {
  const at = Math.floor(where * text.length);
  return text.slice(0, at) + insert + text.slice(at + remove);
}

/** An aws-auth ConfigMap with a mapRoles/mapUsers block scalar (literal, folded, quoted) and a few mutations anywhere. */
export const awsAuthManifest = fc
  .tuple(
    fc.array(fc.constantFrom(...ENTRIES), { minLength: 1, maxLength: 4 }),
    fc.constantFrom('mapRoles', 'mapUsers', 'mapAccounts'),
    fc.constantFrom('|', '|-', '|+', '>', '|4'),
    fc.nat({ max: 4 }).map((n) => ' '.repeat(n + 2)),
    fc.array(mutation, { maxLength: 3 }),
    fc.boolean(),
  )
  .map(([entries, key, header, indent, mutations, crlf]) => {
    const body = entries.join('').split('\n').map((line) => (line === '' ? '' : indent + line)).join('\n');
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws-auth\n  namespace: kube-system\ndata:\n  ${key}: ${header}\n${body}`;
    const mutated = mutations.reduce(mutate, text);
    return crlf ? mutated.replace(/\r?\n/g, '\r\n') : mutated;
  });

/** The same manifest as JSON (a string value that holds the embedded YAML), mutated. */
export const awsAuthJson = fc
  .tuple(fc.array(fc.constantFrom(...ENTRIES), { minLength: 1, maxLength: 3 }), fc.array(mutation, { maxLength: 3 }))
  .map(([entries, mutations]) => mutations.reduce(mutate, JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'aws-auth', namespace: 'kube-system' }, data: { mapRoles: entries.join('') } }, null, 2)));

const HCL_TOKENS = [
  'resource', '"aws_eks_access_entry"', '"aws_eks_cluster"', '"kubernetes_config_map_v1_data"', '"x"', 'locals', 'variable', 'module', 'source', 'data',
  '{', '}', '[', ']', '(', ')', '=', ':', ',', '.', '*', '?', '=>', '...', '!', '-', '+', '==', '&&', '\n', '\n', ' ', 'for', 'in', 'if',
  'principal_arn', 'mapRoles', 'yamlencode', 'jsonencode', 'concat', 'merge', 'local.x', 'var.y', 'each.value', 'count.index',
  '"arn:aws:iam::210987654321:role/a"', '"${', '${', '}"', '"%{ if true }', '%{ endif }', '%{ for r in local.x }', '%{ endfor }', '"',
  '<<EOT\n', '<<-EOT\n', '\nEOT\n', '  EOT\n', '# c\n', '// c\n', '/*', '*/', '1', '2.5e3', 'true', 'null', '"\\u00e9\\n"', '$${', '%%{', '\t', '\r\n', '\ufeff', '\u00e9',
];

/** Terraform-ish token soup: braces, brackets, templates, heredocs and comments in any order. */
export const hclSoup = fc.array(fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...HCL_TOKENS) }, { weight: 1, arbitrary: anyText }), { maxLength: 60 }).chain((tokens) =>
  fc.constantFrom(' ', '').map((glue) => tokens.join(glue)),
);

/** A well-formed Terraform file with an aws-auth heredoc and access entries, then mutated. */
export const terraformFile = fc.array(mutation, { maxLength: 3 }).map((mutations) =>
  mutations.reduce(
    mutate,
    [
      'locals {',
      '  roles = [{ rolearn = "arn:aws:iam::210987654321:role/team/admin", username = "admin", groups = ["system:masters"] }]',
      '}',
      'resource "aws_eks_cluster" "main" {',
      '  name = "main"',
      '  access_config { authentication_mode = "API_AND_CONFIG_MAP" }',
      '}',
      'resource "kubernetes_config_map_v1_data" "aws_auth" {',
      '  metadata { name = "aws-auth"\n    namespace = "kube-system" }',
      '  data = {',
      '    mapRoles = yamlencode(local.roles)',
      '    mapUsers = <<-EOT',
      '      - userarn: arn:aws:iam::210987654321:user/alice',
      '        username: ${"alice"}',
      '        groups: [system:masters]',
      '    EOT',
      '  }',
      '}',
      'resource "aws_eks_access_entry" "a" {',
      '  cluster_name  = aws_eks_cluster.main.name',
      '  principal_arn = "arn:aws:iam::210987654321:role/x/y"',
      '  type          = "STANDARD"',
      '}',
      '',
    ].join('\n'),
  ),
);

let lastIndex: LineIndex | undefined;

/** The line index of the text checked last, built again only for another text. */
function lineIndexOf(path: string, text: string): LineIndex {
  if (lastIndex?.file !== path || lastIndex.text !== text) lastIndex = new LineIndex(path, text);
  return lastIndex;
}

/** Asserts that a span lies inside `text` and that its lines and columns are those of its offsets. */
export function expectSpanInside(span: Span, path: string, text: string): void {
  const lines = lineIndexOf(path, text);
  expect(span.file).toBe(path);
  expect(span.startOffset).toBeGreaterThanOrEqual(0);
  expect(span.endOffset).toBeGreaterThanOrEqual(span.startOffset);
  expect(span.endOffset).toBeLessThanOrEqual(text.length);
  expect(span.start).toEqual(lines.position(span.startOffset));
  expect(span.end).toEqual(lines.position(span.endOffset));
}

/** Every span of every finding (related locations and suppressions too) lies inside the one file. */
export function expectFindingsInside(findings: readonly Finding[], path: string, text: string): void {
  for (const finding of findings) {
    expectSpanInside(finding.span, path, text);
    for (const related of finding.related) expectSpanInside(related.span, path, text);
    if (finding.suppression !== undefined) expectSpanInside(finding.suppression.span, path, text);
  }
}
