import type { SchemaIssue } from '../../src/model.js';
import { defineRule, type Report } from '../../src/rule.js';


export default defineRule({
  id: 'missing-principal',
  level: 'error',
  tags: ['lockout'],
  summary: 'A mapRoles entry has neither rolearn nor sso (or both), or a mapUsers entry has no userarn.',
  description:
    'The newer authenticator drops such an entry with "one of rolearn or SSO must be supplied", "only one of ' +
    'rolearn or SSO can be supplied" or "value for userarn must be supplied"; the older one keeps it with an empty ' +
    'ARN that never matches. Either way nobody gets this mapping.',
  check(model, context) {
    for (const issue of model.schemaIssues) {
      const report = reportFor(issue);
      if (report !== undefined) context.report(report);
    }
  },
});

function reportFor(issue: SchemaIssue): Report | undefined {
  const section = issue.section.name;
  const node = issue.node;
  const entryPointer = /^\/\d+$/.test(issue.pointer);
  if (issue.keyword === 'oneOf' && section === 'mapRoles' && entryPointer && node.kind === 'map') {
    const both = Array.isArray(issue.params.passingSchemas);
    if (both) {
      const sso = [...node.entries].reverse().find((e) => e.key.toLowerCase() === 'sso');
      return {
        span: sso?.keySpan ?? node.span,
        message: 'This mapRoles entry has both rolearn and sso: the authenticator rejects it ("only one of rolearn or SSO can be supplied") and drops the entry. Keep one of them.',
      };
    }
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
  const field = /\/(rolearn|userarn)$/.exec(issue.pointer)?.[1];
  if (field === undefined || node.kind !== 'scalar') return undefined;
  if (issue.keyword === 'minLength' || (issue.keyword === 'type' && node.value === null)) {
    return {
      span: node.span,
      message: `${field} is empty: the authenticator drops the entry (or, in its older parser, keeps an ARN that matches nobody). Give the full ARN.`,
    };
  }
  return undefined;
}

