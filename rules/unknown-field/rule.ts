import type { SchemaIssue } from '../../src/model.js';
import { defineRule } from '../../src/rule.js';
import { closest } from '../../src/util/suggest.js';

const FIELDS = {
  mapRoles: ['rolearn', 'username', 'groups', 'sso', 'userid'],
  mapUsers: ['userarn', 'username', 'groups', 'userid'],
  sso: ['permissionSetName', 'accountID', 'partition'],
} as const;

/** Names seen in the wild for each field, mostly from old Terraform module inputs and other tools. */
const ALIASES: Readonly<Record<string, string>> = {
  arn: 'rolearn', role: 'rolearn', role_arn: 'rolearn', rolename: 'rolearn',
  user: 'username', name: 'username', user_name: 'username', group: 'groups', group_names: 'groups',
  user_arn: 'userarn',
};

export default defineRule({
  id: 'unknown-field',
  level: 'error',
  tags: ['lockout', 'correctness'],
  summary: 'An aws-auth entry has a key the authenticator does not know (role_arn, arn, group, userarn under mapRoles).',
  description:
    'Unknown keys are ignored without an error. When the unknown key was meant to be the ARN, the entry has no ' +
    'principal and is dropped or never matches; when it was meant to be groups, the entry authenticates with no groups.',
  check(model, context) {
    for (const issue of model.schemaIssues) {
      if (issue.keyword !== 'additionalProperty' && issue.keyword !== 'additionalProperties') continue;
      const key = String(issue.params.additionalProperty);
      if (issue.node.kind !== 'map') continue;
      const entry = [...issue.node.entries].reverse().find((e) => e.key === key);
      if (entry === undefined) continue;
      context.report({ span: entry.keySpan, message: messageFor(issue, key) });
    }
  },
});

function messageFor(issue: SchemaIssue, key: string): string {
  const inSso = issue.pointer.endsWith('/sso');
  const section = issue.section.name;
  const where = inSso ? 'an sso block' : `a ${section} entry`;
  const lower = key.toLowerCase();
  if (!inSso && section === 'mapRoles' && lower === 'userarn') {
    return 'Key "userarn" belongs to mapUsers; in a mapRoles entry it is ignored and the entry has no rolearn, so it is dropped. Use "rolearn" (or move the entry to mapUsers).';
  }
  if (!inSso && section === 'mapUsers' && lower === 'rolearn') {
    return 'Key "rolearn" belongs to mapRoles; in a mapUsers entry it is ignored and the entry has no userarn, so it is dropped. Use "userarn" (or move the entry to mapRoles).';
  }
  const candidates = inSso ? FIELDS.sso : section === 'mapUsers' ? FIELDS.mapUsers : FIELDS.mapRoles;
  let suggestion = ALIASES[lower] ?? closest(key, candidates);
  if (suggestion === 'rolearn' && section === 'mapUsers') suggestion = 'userarn';
  const hint = suggestion === undefined ? `Known keys: ${candidates.join(', ')}.` : `Did you mean "${suggestion}"?`;
  return `Unknown key "${key}" in ${where}: the authenticator ignores it${consequence(suggestion)}. ${hint}`;
}

function consequence(suggestion: string | undefined): string {
  if (suggestion === 'rolearn' || suggestion === 'userarn') return ', so the entry has no ARN and never matches';
  if (suggestion === 'groups') return ', so the entry gets no groups';
  if (suggestion === 'username') return ', so the entry has no username';
  return '';
}
