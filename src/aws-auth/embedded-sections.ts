import type { EmbeddedProblem, SectionContent } from '../model.js';
import type { SourceNode } from '../source-node.js';
import type { LineIndex, Span } from '../span.js';
import { loadYaml, type YamlProblem } from '../yaml/load.js';

/** Values the authenticator treats as "no mappings" without an error (its `isSkippable`). */
const SKIPPABLE = new Set(['', '``', '""', "''"]);

/** Reads one `mapRoles`/`mapUsers`/`mapAccounts` value into its embedded document. */
export function loadSectionContent(value: SourceNode, lines: LineIndex): SectionContent {
  if (value.kind === 'opaque') return { kind: 'unknown' };
  if (value.kind !== 'scalar') return { kind: 'not-string' };
  if (value.type === 'null') return { kind: 'empty' };
  if (typeof value.value !== 'string') return { kind: 'not-string' };
  if (SKIPPABLE.has(value.value.trim())) return { kind: 'empty' };
  const embedded = value.embed?.();
  if (!embedded?.ok) {
    if (value.style === 'folded') return { kind: 'folded', text: value.value };
    return { kind: 'invalid', problems: [{ message: 'the value could not be mapped back to its source text', span: value.span }] };
  }
  const spanOf = (start: number, end: number): Span => lines.span(embedded.toSource(start), embedded.toSource(end));
  const documents = loadYaml(embedded.text, spanOf);
  const first = documents[0];
  const problems = [
    ...indentationProblems(embedded.text, spanOf),
    ...(first?.errors ?? []).slice(0, 1).map(explain),
    ...(first?.strictProblems ?? []).map(explainOwn),
  ];
  if (problems.length > 0) return { kind: 'invalid', problems: problems.slice(0, 1) };
  const second = documents[1];
  const truncatedAt = second?.markerOffset === undefined ? undefined : spanOf(second.markerOffset, second.markerOffset + 3);
  return { kind: 'parsed', root: first?.root ?? null, truncatedAt };
}

/** Go's YAML parser rejects tabs and non-breaking spaces used to indent content. */
function indentationProblems(text: string, spanOf: (s: number, e: number) => Span): EmbeddedProblem[] {
  let lineStart = 0;
  let lineNumber = 1;
  while (lineStart <= text.length) {
    const eol = text.indexOf('\n', lineStart);
    const end = eol < 0 ? text.length : eol;
    const line = text.slice(lineStart, end);
    const indent = /^[ \t\u00a0]*/.exec(line)?.[0] ?? '';
    const rest = line.slice(indent.length).trim();
    if (rest.length > 0 && !rest.startsWith('#')) {
      const tab = indent.indexOf('\t');
      const nbsp = indent.indexOf('\u00a0');
      if (tab >= 0 || nbsp >= 0) {
        const at = lineStart + (tab >= 0 && (nbsp < 0 || tab < nbsp) ? tab : nbsp);
        const what = text[at] === '\t' ? 'a tab character' : 'a non-breaking space (U+00A0)';
        return [{ message: `${what} is used for indentation on line ${lineNumber} of the embedded YAML`, span: spanOf(at, at + 1) }];
      }
    }
    if (eol < 0) break;
    lineStart = eol + 1;
    lineNumber++;
  }
  return [];
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

function explain(problem: YamlProblem): EmbeddedProblem {
  const friendly = FRIENDLY[problem.code];
  const detail = friendly === undefined ? `bad indentation or structure (${problem.message})` : `${friendly}: ${problem.message}`;
  return { message: detail, span: problem.span };
}
