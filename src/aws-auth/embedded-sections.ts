import type { EmbeddedProblem, SectionContent, SectionName } from '../model.js';
import type { SourceNode } from '../source-node.js';
import type { LineIndex, Span } from '../span.js';
import { isEncoded } from '../terraform/nodes.js';
import { loadYaml, type YamlProblem } from '../yaml/load.js';

/** Failures of the JSON conversion that mapRoles and mapUsers go through; mapAccounts is decoded
 * by yaml.v2 straight into a list of strings, where such an item is dropped alone. */
const JSON_ONLY = new Set(['NON_FINITE', 'COMPLEX_KEY']);

/** Values the authenticator treats as "no mappings" without an error (its `isSkippable`). */
const SKIPPABLE = new Set(['', '``', '""', "''"]);

/** Reads one `mapRoles`/`mapUsers`/`mapAccounts` value into its embedded document. */
export function loadSectionContent(section: SectionName, value: SourceNode, lines: LineIndex): SectionContent {
  if (value.kind === 'opaque') return { kind: 'unknown' };
  // yamlencode/jsonencode in Terraform: the structure is the document, each value where it is written.
  if (isEncoded(value)) {
    if (value.kind === 'scalar' && value.value === null) return { kind: 'empty' };
    return { kind: 'parsed', root: value, truncatedAt: undefined };
  }
  if (value.kind !== 'scalar') return { kind: 'not-string' };
  if (value.type === 'null') return { kind: 'empty' };
  if (typeof value.value !== 'string') return { kind: 'not-string' };
  if (SKIPPABLE.has(value.value.trim())) return { kind: 'empty' };
  const embedded = value.embed?.();
  if (!embedded?.ok) {
    if (value.style === 'folded') return { kind: 'folded', text: value.value };
    return { kind: 'invalid', problems: [{ message: 'the value could not be mapped back to its source text', span: value.span }] };
  }
  // Go's decoders skip a byte order mark at the start of the embedded text.
  const bom = embedded.text.startsWith('\uFEFF') ? 1 : 0;
  const text = embedded.text.slice(bom);
  const spanOf = (start: number, end: number): Span => lines.span(embedded.toSource(start + bom), embedded.toSource(end + bom));
  const documents = loadYaml(text, spanOf);
  const first = documents[0];
  const problems = [
    ...indentationProblems(text, spanOf),
    ...(first?.errors ?? []).slice(0, 1).map((e) => explain(e, text, spanOf)),
    ...(first?.strictProblems ?? []).filter((p) => section !== 'mapAccounts' || !JSON_ONLY.has(p.code)).map(explainOwn),
  ];
  if (problems.length > 0) return { kind: 'invalid', problems: problems.slice(0, 1) };
  const root = first?.root ?? null;
  // A document that is only null (`~`) loads as no mappings, without an error.
  if (root?.kind === 'scalar' && root.type === 'null') return { kind: 'empty' };
  const second = documents[1];
  const truncatedAt = second?.markerOffset === undefined ? undefined : spanOf(second.markerOffset, second.markerOffset + 3);
  return { kind: 'parsed', root, truncatedAt };
}

/**
 * Go's YAML parser rejects a tab or a non-breaking space in the indentation of any line in block
 * context, comment and whitespace-only lines included; inside a flow collection (`[...]`, `{...}`)
 * tabs are ordinary white space.
 */
function indentationProblems(text: string, spanOf: (s: number, e: number) => Span): EmbeddedProblem[] {
  const depths = flowDepthAtLineStarts(text);
  const lines = text.split('\n');
  const lastContent = lines.findLastIndex((line) => line.trim() !== '');
  let lineStart = 0;
  for (const [index, line] of lines.entries()) {
    const indent = /^[ \t\u00a0]*/.exec(line)?.[0] ?? '';
    const bad = indent.search(/[\t\u00a0]/);
    if (bad >= 0 && (depths[index] ?? 0) === 0 && index < lastContent + (line.trim() === '' ? 0 : 1)) {
      const at = lineStart + bad;
      const what = text[at] === '\t' ? 'a tab character' : 'a non-breaking space (U+00A0)';
      return [{ message: `${what} is used for indentation on line ${index + 1} of the embedded YAML`, span: spanOf(at, at + 1) }];
    }
    lineStart += line.length + 1;
  }
  return [];
}

/** How deep inside flow collections each line starts, skipping quoted strings and comments. */
function flowDepthAtLineStarts(text: string): number[] {
  const depths = [0];
  let depth = 0;
  let quote: string | undefined;
  let comment = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === '\n') {
      comment = false;
      depths.push(depth);
    } else if (comment) {
      continue;
    } else if (quote !== undefined) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      if (depth > 0 || /[\s:\-[{,]/.test(text.charAt(i - 1) || ' ')) quote = c;
    } else if (c === '#' && /\s/.test(text.charAt(i - 1) || ' ')) {
      comment = true;
    } else if (c === '[' || c === '{') {
      depth++;
    } else if ((c === ']' || c === '}') && depth > 0) {
      depth--;
    }
  }
  return depths;
}

const FRIENDLY: Readonly<Record<string, string>> = {
  TAB_AS_INDENT: 'a tab character is used for indentation',
  BAD_SCALAR_START: 'an unquoted value starts with a character that cannot start a plain YAML value (quote it)',
  BLOCK_AS_IMPLICIT_KEY: 'an unquoted value contains ": " (quote the value)',
  COMPLEX_KEY: 'an unquoted value that starts with "{" (such as {{SessionName}}) is read as a mapping, which cannot be converted to JSON; quote the value',
  UNKNOWN_ANCHOR: 'an unquoted value that starts with "*" is read as a reference to an anchor that does not exist; quote the value',
  ALIAS_LIMIT: 'YAML aliases expand to too many nodes (an alias bomb); the authenticator cannot load it',
  NON_FINITE: '.inf or .nan cannot be converted to JSON; quote the value',
};

/** Problems found by our own checks already say what is wrong; only the YAML library's need context. */
function explainOwn(problem: YamlProblem): EmbeddedProblem {
  return { message: FRIENDLY[problem.code] ?? problem.message, span: problem.span };
}

/** Reads the line the parser stopped on to name the usual causes, which its own messages do not. */
function explain(problem: YamlProblem, text: string, spanOf: (s: number, e: number) => Span): EmbeddedProblem {
  const lineStart = text.lastIndexOf('\n', problem.offset - 1) + 1;
  const newline = text.indexOf('\n', problem.offset);
  const lineEnd = newline === -1 ? text.length : newline;
  const line = text.slice(lineStart, lineEnd);
  // A value that starts with {{ (a list item, or right after its key) opens a flow mapping.
  const template = /^\s*(?:-\s+)?(?:[^\s:{]+:\s+)?\{\{/.exec(line);
  if (template !== null && problem.code !== 'TAB_AS_INDENT') {
    const at = lineStart + template[0].length - 2;
    return { message: FRIENDLY.COMPLEX_KEY ?? problem.message, span: spanOf(at, at + 2) };
  }
  if (problem.code === 'BLOCK_AS_IMPLICIT_KEY') {
    const value = /:\s+/.exec(line);
    const inner = value === null ? -1 : line.indexOf(': ', value.index + value[0].length);
    if (inner >= 0) return { message: `${FRIENDLY.BLOCK_AS_IMPLICIT_KEY ?? ''}: ${problem.message}`, span: spanOf(lineStart + inner, lineStart + inner + 2) };
    // No ": " inside the value: the parser read the next, over-indented key as part of this value.
    const next = /\n([ ]*)([^\s#][^:\n]*)/.exec(text.slice(lineEnd));
    if (next !== null) {
      const at = lineEnd + next.index + 1 + (next[1]?.length ?? 0);
      return { message: 'a key is indented deeper than the keys before it in this entry', span: spanOf(at, at + (next[2]?.trimEnd().length ?? 1)) };
    }
  }
  if (problem.code === 'NESTING_LIMIT') return { message: `${problem.message}: the authenticator expects a flat list of entries`, span: problem.span };
  const friendly = FRIENDLY[problem.code];
  const detail = friendly === undefined ? `bad indentation or structure (${problem.message})` : `${friendly}: ${problem.message}`;
  return { message: detail, span: problem.span };
}
