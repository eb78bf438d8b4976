import type { SchemaIssue } from '../../src/model.js';
import { embeddedQuoteCarrier, encodedCarrier, quoteScalar, sectionEdit } from '../../src/fix/edits.js';
import { isEncoded } from '../../src/terraform/nodes.js';
import { defineRule, type Fix, type RuleContext } from '../../src/rule.js';
import type { SourceNode } from '../../src/source-node.js';
import type { Span } from '../../src/span.js';

export default defineRule({
  id: 'non-string-value',
  level: 'error',
  tags: ['lockout'],
  summary: 'A value that must be a string is not one after YAML 1.1 resolution (yes, on, 0123, 12345, null), or groups is not a list of strings.',
  description:
    'The authenticator converts the embedded YAML to JSON with YAML 1.1 rules, where yes, on, y and no are ' +
    'booleans and 0123 or 12345 are numbers. A username that is a number becomes empty; a group that is a boolean ' +
    'becomes ""; groups written as one value instead of a list gives the entry no groups at all; "- system: ' +
    'masters" is a mapping, not a group. The older parser keeps some of these as text, so behaviour depends on ' +
    'the control plane. Quote such values.',
  check(model, context) {
    for (const issue of model.schemaIssues) {
      if (issue.keyword !== 'type') continue;
      const target = targetOf(issue);
      if (target === undefined) continue;
      const node = issue.node;
      // A null field decodes as "" without an error: an empty rolearn, userarn or sso is missing-principal's, an
      // empty username missing-username's. A null group element or field of an sso block is still reported.
      if (node.kind === 'scalar' && node.value === null && !target.element && !target.field.startsWith('sso.')) continue;
      const fix = quoteFix(context, issue, target);
      context.report({ span: spanOf(node), message: messageFor(node, target), ...(fix === undefined ? {} : { fix }) });
    }
  },
});

/**
 * Quotes a boolean or number that must be a string, keeping the text the older parser already reads. Not
 * for null (quoting "~" or "null" would invent a value) and not for the shape errors (a list is wanted).
 */
function quoteFix(context: RuleContext, issue: SchemaIssue, target: Target): Fix | undefined {
  const node = issue.node;
  if (node.kind !== 'scalar' || (node.type !== 'bool' && node.type !== 'int' && node.type !== 'float')) return undefined;
  if (target.field === 'groups' && !target.element) return undefined;
  // A yamlencode/jsonencode argument is HCL: the value gets HCL's double quotes there (escaped in .tf.json).
  const carrier = isEncoded(issue.section.value) ? encodedCarrier(node.span.file) : embeddedQuoteCarrier(issue.section.value);
  const edit = carrier === undefined ? undefined : sectionEdit(context, issue.section, quoteScalar(context, node, carrier));
  return edit === undefined ? undefined : { description: `Quote ${node.text} so that it stays a string.`, edits: [edit] };
}

interface Target {
  /** Field path inside the entry: `username`, `groups`, `sso.accountID`. */
  readonly field: string;
  /** The value is one element of the field's list (a group), not the field itself. */
  readonly element: boolean;
}

/** What a type error is about, for errors inside entries (not the document or item shape). */
function targetOf(issue: SchemaIssue): Target | undefined {
  const parts = issue.pointer.split('/').slice(2);
  if (parts.length === 0) return undefined;
  const element = /^\d+$/.test(parts[parts.length - 1] ?? '');
  return { field: parts.filter((p) => !/^\d+$/.test(p)).join('.'), element };
}

/** A block mapping's own span runs on to the next line; point from its first key to its last value. */
function spanOf(node: SourceNode): Span {
  if (node.kind !== 'map') return node.span;
  const first = node.entries[0];
  const last = node.entries[node.entries.length - 1];
  // A flow mapping starts at its "{" and its span is exact.
  if (first === undefined || last === undefined || first.keySpan.startOffset !== node.span.startOffset) return node.span;
  const end = last.value.span.endOffset > last.keySpan.endOffset ? last.value.span : last.keySpan;
  return { file: node.span.file, start: first.keySpan.start, end: end.end, startOffset: first.keySpan.startOffset, endOffset: end.endOffset };
}

function messageFor(node: SourceNode, target: Target): string {
  const { field, element } = target;
  if (field === 'groups' && !element) {
    if (node.kind === 'scalar') {
      return `groups is a single value ("${node.text}"), not a list: the authenticator fails to decode it and the entry gets no groups. Write it as a list: "groups:" then "- ${node.text}".`;
    }
    return 'groups is a mapping, not a list of strings: the entry gets no groups. Write each group as a "- name" item.';
  }
  const subject = element ? 'This group' : field.replace(/^sso\./, 'sso ');
  // The newer parser's JSON decoding leaves a mistyped string empty; the older one keeps a scalar's text
  // and has no sso at all.
  const effect = field.startsWith('sso')
    ? 'the authenticator reads it as empty and drops the entry'
    : element
      ? 'the newer parser turns this group into "" (the older one keeps the text), so the result depends on the control plane'
      : `the newer parser leaves ${field} empty (the older one keeps the text), so the result depends on the control plane`;
  if (node.kind === 'map') {
    const first = node.entries[0];
    const joined = first === undefined ? '' : `${first.key}:${first.value.kind === 'scalar' ? first.value.text : '...'}`;
    return `${subject} is a mapping ("${first?.key ?? ''}: ..."), not a string: the space after the colon makes a key of it, and the authenticator does not accept it as ${element ? 'a group' : field}. Write "${joined}" without the space, or quote the value.`;
  }
  if (node.kind === 'seq') return `${subject} is a list, not a string: the authenticator does not accept it. Write a single string.`;
  if (node.kind !== 'scalar') return `${subject} must be a string.`;
  if (node.type === 'null') {
    return element
      ? 'This group is empty (null): the entry gets the group "". Remove the empty "-" item or write the group name.'
      : `${subject} is empty (null): ${effect}. Give a value.`;
  }
  const what = node.type === 'bool' ? 'a boolean' : 'a number';
  return `${subject} "${node.text}" is ${what} under YAML 1.1, not a string: ${effect}. Quote it: "${node.text}".`;
}
