import type { SchemaIssue } from '../../src/model.js';
import { defineRule, type Report } from '../../src/rule.js';
import type { MapEntry, MapNode, SourceNode } from '../../src/source-node.js';

export default defineRule({
  id: 'missing-principal',
  level: 'error',
  tags: ['lockout'],
  summary: 'A mapRoles entry has neither rolearn nor sso (or both), a mapUsers entry has no userarn, or an access entry has no principal.',
  description:
    'The newer authenticator drops such an entry with "one of rolearn or SSO must be supplied", "only one of ' +
    'rolearn or SSO can be supplied" or "value for userarn must be supplied"; the older one keeps it with an empty ' +
    'ARN that never matches. Either way nobody gets this mapping.',
  check(model, context) {
    for (const issue of model.schemaIssues) {
      const report = reportFor(issue);
      if (report !== undefined) context.report(report);
    }
    for (const issue of model.configIssues) {
      if (!/^\/accessConfig\/accessEntries\/\d+(\/principalARN)?$/.test(issue.pointer)) continue;
      const missing = issue.keyword === 'required' && issue.params.missingProperty === 'principalARN' && issue.node.kind === 'map';
      const empty = issue.keyword === 'minLength' || (issue.keyword === 'type' && issue.node.kind === 'scalar' && issue.node.value === null);
      // A mis-cased principalArn is unknown-field's finding, with the right spelling.
      const misspelled = issue.node.kind === 'map' && issue.node.entries.some((e) => e.key.toLowerCase() === 'principalarn');
      if ((!missing && !empty) || misspelled) continue;
      const index = /accessEntries\/(\d+)/.exec(issue.pointer)?.[1] ?? '0';
      context.report({
        span: issue.node.kind === 'map' ? (issue.node.entries[0]?.keySpan ?? issue.node.span) : issue.node.span,
        message: `This access entry has no principalARN: eksctl refuses the ClusterConfig ("accessEntries[${index}].principalARN must be set to a valid AWS ARN"). Add principalARN with the IAM role or user to admit.`,
      });
    }
  },
});

function reportFor(issue: SchemaIssue): Report | undefined {
  const section = issue.section.name;
  const node = issue.node;
  const entryPointer = /^\/\d+$/.test(issue.pointer);
  if (issue.keyword === 'oneOf' && section === 'mapRoles' && entryPointer && node.kind === 'map') {
    const both = Array.isArray(issue.params.passingSchemas);
    const sso = field(node, 'sso');
    // An empty rolearn next to sso is read as "no rolearn": the entry is an sso entry.
    if (both && sso !== undefined && !isEmpty(field(node, 'rolearn')?.value)) {
      return {
        span: sso.keySpan,
        message: 'This mapRoles entry has both rolearn and sso: the authenticator rejects it ("only one of rolearn or SSO can be supplied") and drops the entry. Keep one of them.',
      };
    }
    if (both) return undefined;
    return {
      span: node.entries[0]?.keySpan ?? node.span,
      message: 'This mapRoles entry has no rolearn (and no sso): the authenticator drops it ("one of rolearn or SSO must be supplied"), so its username and groups are never granted. Add "rolearn: arn:aws:iam::<account>:role/<name>".',
    };
  }
  if (issue.keyword === 'required' && section === 'mapUsers' && entryPointer && node.kind === 'map') {
    return {
      span: node.entries[0]?.keySpan ?? node.span,
      message: 'This mapUsers entry has no userarn: the authenticator drops it ("value for userarn must be supplied"). Add "userarn: arn:aws:iam::<account>:user/<name>".',
    };
  }
  if (issue.keyword === 'required' && issue.pointer.endsWith('/sso') && node.kind === 'map') {
    const missing = String(issue.params.missingProperty);
    return {
      span: node.entries[0]?.keySpan ?? node.span,
      message: `This sso block has no ${missing}: the authenticator rejects the entry and drops it. Add ${missing}.`,
    };
  }
  const name = /^\/\d+\/(rolearn|userarn|sso)$/.exec(issue.pointer)?.[1];
  const entry = issue.mapping?.node;
  if (name === undefined || entry === undefined || !isEmpty(node)) return undefined;
  if (issue.keyword !== 'minLength' && issue.keyword !== 'type') return undefined;
  const key = field(entry, name);
  // Point at the key when there is no value to point at (`rolearn:` with nothing after it).
  const span = node.span.startOffset === node.span.endOffset ? (key?.keySpan ?? node.span) : node.span;
  if (name === 'sso') {
    if (!isEmpty(field(entry, 'rolearn')?.value)) return undefined;
    return {
      span,
      message: 'This mapRoles entry has an empty sso block and no rolearn: the authenticator drops it ("one of rolearn or SSO must be supplied"). Add "rolearn: arn:aws:iam::<account>:role/<name>".',
    };
  }
  // rolearn: "" next to an sso block is an sso entry (sso-mapping's business).
  if (name === 'rolearn' && !isEmpty(field(entry, 'sso')?.value)) return undefined;
  return {
    span,
    message: `${name} is empty: the authenticator drops the entry (or, in its older parser, keeps an ARN that matches nobody). Give the full ARN.`,
  };
}

/** The entry's value for a field, matched case-insensitively and last one winning, as the newer parser does. */
function field(map: MapNode, name: string): MapEntry | undefined {
  return [...map.entries].reverse().find((e) => e.key.toLowerCase() === name);
}

/** Absent, null or "": what the authenticator's validation treats as not supplied. */
function isEmpty(node: SourceNode | undefined): boolean {
  return node === undefined || (node.kind === 'scalar' && (node.value === null || node.value === ''));
}
