import type { AwsAuthSection } from '../model.js';
import type { Fix, RuleContext } from '../rule.js';
import type { Span } from '../span.js';
import { embeddedQuoteCarrier, exactEdit, quoted, sectionEdit, spanAt } from './edits.js';

/** What may stand before an unquoted `{{` value on its line: indentation, list dashes, one plain key. */
const VALUE_PREFIX = /^ *(?:- +)*(?:[A-Za-z][A-Za-z0-9_.-]*: +)?$/;
/** The same inside a flow collection opened on this line (`- {rolearn: ..., username: `, `groups: [`). */
const FLOW_LINE = /^ *(?:- +)*(?:[A-Za-z][A-Za-z0-9_.-]*: +)?[{[]/;
const FLOW_PREFIX = /[{[,] *(?:[A-Za-z][A-Za-z0-9_.-]*: +)?$/;
/** A flow value of templates and plain characters, up to the `,`, `}` or `]` that ends it. */
const FLOW_VALUE = /^(?:\{\{[A-Za-z0-9]+\}\}|[^\s,{}[\]#'"])+(?= *[,}\]])/;

/**
 * Quotes an unquoted value of embedded YAML that starts with `{{` (`username: {{SessionName}}`), which
 * YAML reads as a flow mapping, when `problem` points at its `{{`. The whole value (see valueAt) is quoted,
 * so that it reads as the text that was written.
 */
export function templateQuoteFix(context: RuleContext, section: AwsAuthSection, problem: Span): Fix | undefined {
  const carrier = embeddedQuoteCarrier(section.value);
  const embedded = section.value.kind === 'scalar' ? section.value.embed?.() : undefined;
  if (carrier === undefined || embedded?.ok !== true) return undefined;
  const { text, toSource } = embedded;
  let at = -1;
  for (let k = 0; k < text.length && at < 0; k++) if (toSource(k) === problem.startOffset) at = k;
  if (at < 0 || !text.startsWith('{{', at)) return undefined;
  const value = valueAt(text, at);
  if (value === undefined) return undefined;
  const replacement = quoted(value, carrier);
  const start = toSource(at);
  const span = spanAt(context, problem.file, start, toSource(at + value.length - 1) + 1);
  const edit = replacement === undefined || span === undefined ? undefined : sectionEdit(context, section, exactEdit(context, span, value, replacement));
  return edit === undefined ? undefined : { description: `Quote the value ${value}, which YAML would read as a mapping.`, edits: [edit] };
}

/**
 * The unquoted value that starts at `at`: in block context the rest of the line up to a comment, in a flow
 * collection the templates and plain characters up to the end of the entry.
 */
function valueAt(text: string, at: number): string | undefined {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const prefix = text.slice(lineStart, at);
  const newline = text.indexOf('\n', at);
  const rest = text.slice(at, newline < 0 ? text.length : newline);
  if (FLOW_LINE.test(prefix) && FLOW_PREFIX.test(prefix)) return FLOW_VALUE.exec(rest)?.[0];
  if (!VALUE_PREFIX.test(prefix)) return undefined;
  const comment = /\s#/.exec(rest);
  const value = (comment === null ? rest : rest.slice(0, comment.index)).trimEnd();
  // Flow punctuation beside the templates means a flow collection opened on an earlier line: where the value ends
  // is not known from this line, and quoting to the end of it would swallow the collection's closing brackets.
  return /[,{}[\]]/.test(value.replace(/\{\{[A-Za-z0-9]+\}\}/g, '')) ? undefined : value;
}
