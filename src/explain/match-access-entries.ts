import { parseArn } from '../arn.js';
import { stringScalar } from '../aws-auth/identity.js';
import { entryType, NODE_ENTRY_TYPES, parsePolicyArn, scopeOf, takesPolicy } from '../cluster/access.js';
import type { AccessEntry, AccessPolicy, Cluster } from '../model.js';
import { stringValue } from '../source-node.js';
import { compareArn } from './arn-compare.js';
import { at } from './location.js';
import type { Candidate, StoreResult } from './match-aws-auth.js';
import { deployTimeNote, renderTemplate } from './templates.js';
import type { Caller, Grant, NearMiss, PolicyGrant, Shadowed } from './types.js';

/** The username EKS gives an entry of each node type (UG "Create access entries"). */
const NODE_USERNAMES: Readonly<Record<string, string>> = {
  EC2_LINUX: 'system:node:{{EC2PrivateDNSName}}',
  EC2_WINDOWS: 'system:node:{{EC2PrivateDNSName}}',
  FARGATE_LINUX: 'system:node:{{SessionName}}',
  HYBRID_LINUX: 'system:node:{{SessionName}}',
};

/** The access entry lookup of one cluster: EKS matches the IAM principal, whatever the path in the entry. */
export function matchAccessEntries(caller: Caller, cluster: Cluster | undefined, entries: readonly AccessEntry[]): StoreResult {
  const nearMisses: NearMiss[] = [];
  const uncertain: string[] = [];
  const matches: Candidate[] = [];
  if (cluster?.accessEntriesIncomplete === true) uncertain.push('some access entries of this cluster are known only at deploy time (for_each, count or an unknown principal)');
  for (const entry of entries) {
    if (entry.principal?.kind === 'opaque') uncertain.push(`the access entry at ${at(entry.principal.span)} has a principal known only at deploy time`);
    const principal = stringScalar(entry.principal);
    if (principal === undefined) continue;
    const comparison = compareArn(caller, principal.value, 'access-entry');
    const refused = comparison?.kind === 'match' ? refusedPrincipal(caller, principal.value) : undefined;
    if (comparison?.kind === 'near') nearMisses.push({ kind: comparison.nearKind, at: at(principal.span), written: principal.value, message: `access entry: ${comparison.message}.` });
    else if (refused !== undefined) nearMisses.push({ ...refused, at: at(principal.span), written: principal.value });
    else if (comparison !== undefined) matches.push(candidateOf(caller, entry, principal.value, at(principal.span)));
  }
  const shadowed: Shadowed[] = matches.slice(1).map((m) => ({
    via: 'access-entry',
    at: m.grant.at,
    principal: m.grant.principal,
    reason: `a second access entry for the same principal: the EKS API refuses it (409 ResourceInUseException), the one at ${matches[0]?.grant.at ?? ''} stands`,
  }));
  return { winner: matches[0], candidates: matches, shadowed, nearMisses, uncertain };
}

/**
 * An entry that names the caller but that the EKS API refuses to create, so the cluster never has it: the account
 * root and STS principals are not IAM roles or users, and an IAM Identity Center role needs its full path.
 */
function refusedPrincipal(caller: Caller, written: string): Pick<NearMiss, 'kind' | 'message'> | undefined {
  if (caller.kind === 'root' || caller.kind === 'federated-user') {
    const who = caller.kind === 'root' ? 'the account root' : 'a federated user (an STS session)';
    return { kind: 'principal-type', message: `access entry: "${written.trim()}" is ${who}; the EKS API accepts only IAM roles and users as access entry principals, so this entry cannot be created.` };
  }
  const arn = parseArn(written.trim());
  if (caller.name.toLowerCase().startsWith('awsreservedsso_') && arn?.kind === 'role' && arn.path === '') {
    return {
      kind: 'role-path',
      message: `access entry: "${written.trim()}" leaves out the path of the IAM Identity Center role (role/aws-reserved/sso.amazonaws.com/...): an access entry needs the role's full ARN, and the EKS API refuses this one ("The specified principalArn is invalid: invalid principal").`,
    };
  }
  return undefined;
}

function candidateOf(caller: Caller, entry: AccessEntry, principal: string, where: string): Candidate {
  const type = entryType(entry);
  const warnings: string[] = [];
  const written = stringValue(entry.username);
  const usernameLater = entry.username?.kind === 'opaque';
  const template = usernameLater ? undefined : written ?? defaultUsername(caller, type);
  const username = template === undefined ? undefined : renderTemplate(template, caller);
  const groupTemplates = entry.kubernetesGroups?.kind === 'seq' ? entry.kubernetesGroups.items.flatMap((g) => stringValue(g) ?? []) : [];
  const groups = groupTemplates.map((g) => renderTemplate(g, caller));
  if (NODE_ENTRY_TYPES.includes(type)) warnings.push(`A ${type} access entry is for nodes: EKS gives it the node username and groups itself.`);
  const groupsLater = entry.kubernetesGroups?.kind === 'opaque' || (entry.kubernetesGroups?.kind === 'seq' && entry.kubernetesGroups.items.some((g) => g.kind === 'opaque'));
  warnings.push(...deployTimeNote(usernameLater, groupsLater));
  if (template === undefined && !usernameLater) warnings.push(`EKS does not document the username of a ${type} access entry.`);
  if (entry.policiesIncomplete === true) warnings.push('Some access policy associations of this module could not be tied to an entry: the policies may be more than listed.');
  const rendered = [...(username === undefined ? [] : [username]), ...groups];
  for (const note of new Set(rendered.flatMap((r) => r.notes))) warnings.push(`${note}.`);
  const grant: Grant = {
    via: 'access-entry',
    at: where,
    principal,
    entryType: type,
    username: username?.known === true ? username.value : null,
    usernameTemplate: template ?? null,
    groups: groups.map((g) => g.value),
    groupTemplates,
    policies: entry.policies.filter((p) => takesPolicy(entry, p)).flatMap(policyGrant),
  };
  return { grant, renderError: rendered.find((r) => r.error !== undefined)?.error, warnings };
}

/** What EKS sets when the entry gives no username. */
function defaultUsername(caller: Caller, type: string): string | undefined {
  if (type in NODE_USERNAMES) return NODE_USERNAMES[type];
  if (NODE_ENTRY_TYPES.includes(type)) return undefined;
  if (caller.kind === 'role' || caller.kind === 'assumed-role') return `arn:${caller.partition}:sts::${caller.accountId}:assumed-role/${caller.name}/{{SessionName}}`;
  return caller.canonicalArn;
}

function policyGrant(policy: AccessPolicy): PolicyGrant[] {
  const arn = stringValue(policy.arn);
  if (arn === undefined) return [];
  const scope = scopeOf(policy);
  const type = stringValue(scope.type);
  const namespaces = scope.namespaces?.kind === 'seq' ? scope.namespaces.items.flatMap((n) => stringValue(n) ?? []) : [];
  return [{
    name: parsePolicyArn(arn)?.name ?? null,
    arn,
    scope: type === 'cluster' || type === 'namespace' ? type : null,
    namespaces,
    at: at(policy.arn?.span ?? policy.node.span),
  }];
}
