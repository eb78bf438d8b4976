import type { SchemaIssue } from '../../src/model.js';
import { defineRule } from '../../src/rule.js';

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
      const field = fieldOf(issue);
      if (field === undefined) continue;
      const node = issue.node;
      if (node.kind === 'scalar' && node.value === null && (field === 'rolearn' || field === 'userarn')) continue;
      context.report({ span: node.span, message: messageFor(issue, field) });
    }
  },
});

/** The field a type error is about, for errors inside entries (not the document or item shape). */
function fieldOf(issue: SchemaIssue): string | undefined {
  const parts = issue.pointer.split('/').slice(2);
  if (parts.length === 0) return undefined;
  return parts.filter((p) => !/^\d+$/.test(p)).join('.');
}

function messageFor(issue: SchemaIssue, field: string): string {
  const node = issue.node;
  if (field === 'groups' && node.kind === 'scalar') {
    return `groups is a single value ("${node.text}"), not a list: the authenticator fails to decode it and the entry gets no groups. Write it as a list: "groups:" then "- ${node.text}".`;
  }
  if (field === 'groups' && node.kind === 'map') {
    return 'groups is a mapping, not a list of strings: the entry gets no groups. Write each group as a "- name" item.';
  }
  if (node.kind === 'map') {
    const key = node.entries[0]?.key ?? '';
    return `This ${field === 'groups' ? 'group' : field} is a mapping ("${key}: ..."), not a string: a ": " inside an unquoted value makes it a key. It becomes "" for the authenticator. Quote the whole value.`;
  }
  if (node.kind === 'scalar') {
    const what = node.type === 'null' ? 'null' : `a ${node.type === 'bool' ? 'boolean' : 'number'}`;
    const element = field === 'groups' ? 'This group' : field;
    return `${element} "${node.text}" is ${what} under YAML 1.1, not a string: the authenticator's JSON conversion turns it into "" (its older parser keeps the text), so the result depends on the control plane. Quote it: "${node.text}".`;
  }
  return `${field} must be a string, but it is a list. Write a single quoted value.`;
}
