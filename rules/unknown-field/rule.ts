import type { SchemaIssue } from '../../src/model.js';
import type { MapNode } from '../../src/source-node.js';
import { defineRule } from '../../src/rule.js';
import { KNOWN_KEYS } from '../../src/schema/validate.js';
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

/** The other section's principal key, which people put in the wrong section. */
const OTHER_SECTION = {
  mapRoles: { key: 'userarn', own: 'rolearn', home: 'mapUsers' },
  mapUsers: { key: 'rolearn', own: 'userarn', home: 'mapRoles' },
} as const;

export default defineRule({
  id: 'unknown-field',
  level: 'error',
  tags: ['lockout', 'correctness'],
  summary: 'An aws-auth entry or an eksctl access setting has a key its reader does not know (role_arn, arn, group, userarn under mapRoles, principalArn).',
  description:
    'Unknown keys are ignored without an error. When the unknown key was meant to be the ARN, the entry has no ' +
    'principal and is dropped or never matches; when it was meant to be groups, the entry authenticates with no groups. ' +
    'eksctl matches keys case-sensitively in the end: principalArn instead of principalARN passes its first check ' +
    'and is then dropped, leaving an access entry without a principal.',
  check(model, context) {
    for (const issue of model.schemaIssues) {
      if (issue.keyword !== 'additionalProperty' && issue.keyword !== 'additionalProperties') continue;
      const key = String(issue.params.additionalProperty);
      if (issue.node.kind !== 'map') continue;
      // The schema sees keys folded to their canonical case (roleARN as rolearn): match the same way.
      const entry = [...issue.node.entries].reverse().find((e) => (KNOWN_KEYS.get(e.key.toLowerCase()) ?? e.key) === key);
      if (entry === undefined) continue;
      context.report({ span: entry.keySpan, message: messageFor(issue, issue.node, entry.key) });
    }
    for (const issue of model.configIssues) {
      if (issue.keyword !== 'additionalProperties' || issue.node.kind !== 'map') continue;
      const key = String(issue.params.additionalProperty);
      const entry = [...issue.node.entries].reverse().find((e) => e.key === key);
      if (entry === undefined) continue;
      const exact = issue.knownKeys.find((k) => k.toLowerCase() === key.toLowerCase());
      const suggestion = exact ?? closest(key, issue.knownKeys);
      context.report({
        span: entry.keySpan,
        message: exact === undefined
          ? `Unknown key "${key}" in eksctl's ${where(issue.pointer)}: eksctl refuses the whole ClusterConfig (unknown field). ${suggestion === undefined ? `Known keys: ${issue.knownKeys.join(', ')}.` : `Did you mean "${suggestion}"?`}`
          : `Key "${key}" in eksctl's ${where(issue.pointer)} must be written "${exact}": eksctl's strict check ignores case and lets it through, then its decoder drops it, so the value never takes effect.`,
      });
    }
  },
});

/** The eksctl object a pointer names, for messages. */
function where(pointer: string): string {
  if (pointer.endsWith('/accessScope')) return 'accessScope';
  if (/accessPolicies\/\d+$/.test(pointer)) return 'access policy';
  if (/accessEntries\/\d+$/.test(pointer)) return 'access entry';
  if (pointer.startsWith('/iamIdentityMappings')) return 'iamIdentityMappings entry';
  return 'accessConfig';
}

function messageFor(issue: SchemaIssue, map: MapNode, key: string): string {
  const inSso = issue.pointer.endsWith('/sso');
  const section = issue.section.name;
  const where = inSso ? 'an sso block' : `a ${section} entry`;
  const lower = key.toLowerCase();
  const has = (field: string): boolean => map.entries.some((e) => e.key.toLowerCase() === field.toLowerCase());
  const other = inSso || section === 'mapAccounts' ? undefined : OTHER_SECTION[section];
  if (lower === other?.key) {
    return has(other.own)
      ? `Key "${key}" belongs to ${other.home}; in a ${section} entry it is ignored, and this entry already has "${other.own}": remove it.`
      : `Key "${key}" belongs to ${other.home}; in a ${section} entry it is ignored and the entry has no ${other.own}, so it is dropped. Use "${other.own}" (or move the entry to ${other.home}).`;
  }
  const candidates: readonly string[] = inSso ? FIELDS.sso : section === 'mapUsers' ? FIELDS.mapUsers : FIELDS.mapRoles;
  let suggestion = ALIASES[lower] ?? closest(key, candidates);
  if (suggestion === 'rolearn' && section === 'mapUsers') suggestion = 'userarn';
  if (suggestion !== undefined && !candidates.includes(suggestion)) suggestion = closest(key, candidates);
  if (suggestion === undefined) return `Unknown key "${key}" in ${where}: the authenticator ignores it. Known keys: ${candidates.join(', ')}.`;
  if (has(suggestion)) {
    return `Unknown key "${key}" in ${where}: the authenticator ignores it. It looks like "${suggestion}", which this ${inSso ? 'block' : 'entry'} already has: remove the stray key.`;
  }
  return `Unknown key "${key}" in ${where}: the authenticator ignores it${consequence(suggestion)}. Did you mean "${suggestion}"?`;
}

function consequence(suggestion: string): string {
  if (suggestion === 'rolearn' || suggestion === 'userarn') return ', so the entry has no ARN and never matches';
  if (suggestion === 'groups') return ', so the entry gets no groups';
  if (suggestion === 'username') return ', so the entry has no username';
  if (suggestion === 'permissionSetName' || suggestion === 'accountID') return `, so the sso block has no ${suggestion} and the entry is dropped`;
  return '';
}
