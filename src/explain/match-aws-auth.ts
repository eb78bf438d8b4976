import { groupScalars, stringScalar } from '../aws-auth/identity.js';
import type { AccountMapping, AwsAuthOwner, Mapping, Model } from '../model.js';
import { lastValue, stringValue } from '../source-node.js';
import { editDistance } from '../util/suggest.js';
import { compareArn } from './arn-compare.js';
import { droppedMentions, ignoredBecause, refusedBecause } from './dropped.js';
import { at } from './location.js';
import { deployTimeNote, renderTemplate } from './templates.js';
import type { Caller, Grant, NearMiss, Shadowed, Via } from './types.js';

/** A mapping that matches the caller, with what it would grant. */
export interface Candidate {
  readonly grant: Grant;
  /** The authenticator fails to render a template and denies the request. */
  readonly renderError: string | undefined;
  readonly warnings: readonly string[];
}

export interface StoreResult {
  readonly winner: Candidate | undefined;
  /** Every matching candidate, the winner included, in the authenticator's order. */
  readonly candidates: readonly Candidate[];
  readonly shadowed: readonly Shadowed[];
  readonly nearMisses: readonly NearMiss[];
  /** Why the absence of a match is not certain (values only known at deploy time). */
  readonly uncertain: readonly string[];
}

/**
 * The aws-auth lookup for one cluster: mapRoles, then mapUsers, the last entry for an ARN winning in each,
 * then mapAccounts. ConfigMaps the authenticator never reads and entries it drops are near misses.
 */
export function matchAwsAuth(model: Model, caller: Caller, owners: readonly AwsAuthOwner[]): StoreResult {
  const nearMisses: NearMiss[] = [];
  const uncertain: string[] = [];
  const roles: Candidate[] = [];
  const users: Candidate[] = [];
  const ignored = new Map(owners.map((o) => [o, ignoredBecause(model, o)]));
  for (const mapping of model.mappings.filter((m) => ignored.has(m.section.owner))) {
    const why = ignored.get(mapping.section.owner);
    const label = mapping.section.label;
    if (mapping.principal?.kind === 'opaque' && why === undefined) uncertain.push(`the ${label} entry at ${at(mapping.principal.span)} has a principal known only at deploy time`);
    nearMisses.push(...wrongKeyOrSso(caller, mapping));
    const principal = stringScalar(mapping.principal);
    if (principal === undefined) continue;
    const comparison = compareArn(caller, principal.value, 'aws-auth');
    if (comparison?.kind === 'near') {
      nearMisses.push({ kind: comparison.nearKind, at: at(principal.span), written: principal.value, message: `${label}: ${comparison.message}.` });
      continue;
    }
    if (comparison === undefined) continue;
    if (why !== undefined) {
      nearMisses.push({ kind: 'ignored-configmap', at: at(principal.span), written: principal.value, message: `This ${label} entry matches, but ${why}, so it is never used.` });
      continue;
    }
    const refused = refusedBecause(mapping.section.owner);
    if (refused !== undefined) {
      nearMisses.push({ kind: 'yaml-error', at: at(principal.span), written: principal.value, message: `This ${label} entry matches, but ${refused}.` });
      continue;
    }
    const dropped = droppedBecause(model, mapping);
    if (dropped !== undefined) {
      nearMisses.push({ kind: 'dropped-entry', at: at(principal.span), written: principal.value, message: `This ${label} entry matches, but ${dropped}.` });
      continue;
    }
    const candidate = candidateOf(caller, mapping, comparison.note);
    (mapping.kind === 'role' ? roles : users).push(candidate);
  }
  const seen = owners.filter((o) => ignored.get(o) === undefined);
  // A refused ConfigMap is still searched for the caller's ARN, but none of it maps anyone.
  const read = seen.filter((o) => refusedBecause(o) === undefined);
  for (const owner of seen) {
    const sections = model.sections.filter((s) => s.owner === owner);
    nearMisses.push(...droppedMentions(caller, owner, sections));
    if (!read.includes(owner)) continue;
    for (const section of sections) {
      if (section.content.kind === 'unknown') uncertain.push(`${section.label} at ${at(section.keySpan)} is known only at deploy time`);
    }
  }
  const accounts = model.accounts.filter((a) => seen.includes(a.section.owner));
  const accountMatches: Candidate[] = [];
  for (const account of accounts) {
    const text = accountText(account);
    if (text === undefined) continue;
    const refused = refusedBecause(account.section.owner);
    if (text === caller.accountId && refused !== undefined) {
      nearMisses.push({ kind: 'yaml-error', at: at(account.node.span), written: text, message: `mapAccounts lists the caller's account, but ${refused}.` });
    } else if (text === caller.accountId) accountMatches.push(accountCandidate(caller, account, text));
    else nearMisses.push(...accountNearMiss(caller, account, text));
  }
  return decide(roles, users, accountMatches, nearMisses, uncertain);
}

function decide(roles: Candidate[], users: Candidate[], accounts: Candidate[], nearMisses: NearMiss[], uncertain: string[]): StoreResult {
  const shadowed: Shadowed[] = [];
  const lastWins = (list: Candidate[]): Candidate | undefined => {
    for (const earlier of list.slice(0, -1)) shadowed.push(shadow(earlier, `an earlier ${earlier.grant.via} entry for the same ARN: the authenticator keeps only the last one (${list[list.length - 1]?.grant.at ?? ''})`));
    return list[list.length - 1];
  };
  const role = lastWins(roles);
  let winner = role;
  if (role === undefined) winner = lastWins(users);
  else for (const user of users) shadowed.push(shadow(user, `mapRoles is checked before mapUsers, and the mapRoles entry at ${role.grant.at} matches`));
  const explicit = winner;
  if (explicit === undefined) winner = accounts[0];
  else {
    const reason = explicit.renderError === undefined
      ? 'mapAccounts is used only when no mapRoles or mapUsers entry matches'
      : 'a template error on the matching entry denies the request; the authenticator does not fall back to mapAccounts';
    for (const account of accounts) shadowed.push(shadow(account, reason));
  }
  const userArns = new Set(users.map((u) => u.grant.principal));
  const caseVariants = role === undefined && userArns.size > 1
    ? [`${userArns.size} mapUsers entries match with ARNs that differ in case: the newer authenticator keeps all of them and picks one at random on each request.`]
    : [];
  const withWarnings = winner === undefined ? undefined : { ...winner, warnings: [...winner.warnings, ...caseVariants] };
  const candidates = [...roles.reverse(), ...users.reverse(), ...accounts];
  return { winner: withWarnings, candidates, shadowed, nearMisses, uncertain };
}

function shadow(candidate: Candidate, reason: string): Shadowed {
  return { via: candidate.grant.via, at: candidate.grant.at, principal: candidate.grant.principal, reason };
}

function candidateOf(caller: Caller, mapping: Mapping, caseNote: string | undefined): Candidate {
  const warnings: string[] = caseNote === undefined ? [] : [caseNote];
  const via: Via = mapping.kind === 'role' ? 'mapRoles' : 'mapUsers';
  const principal = stringScalar(mapping.principal);
  const key = mapping.node.entries.findLast((e) => e.value === mapping.principal)?.key;
  if (key !== undefined && key !== mapping.principalKey && mapping.section.content.kind !== 'structured') {
    warnings.push(`The key "${key}" is read only by the newer authenticator parser; the older one (EKS has run both) ignores it, and then this entry matches nobody. Write "${mapping.principalKey}".`);
  }
  const callerIsRole = caller.kind === 'role' || caller.kind === 'assumed-role';
  if (mapping.kind === 'user' && callerIsRole) warnings.push('A role ARN under mapUsers: it matches, since only the ARN string is compared, but it belongs under mapRoles.');
  if (mapping.kind === 'role' && caller.kind === 'user') warnings.push('A user ARN under mapRoles: it matches, since only the ARN string is compared, but it belongs under mapUsers.');
  const usernameTemplate = stringScalar(mapping.username)?.value;
  if (mapping.username !== undefined && usernameTemplate === undefined && mapping.username.kind === 'scalar' && mapping.username.type !== 'null') {
    warnings.push(`username ${mapping.username.text} is not a string in YAML 1.1: the newer authenticator leaves the username empty, the older one keeps the text. Quote it.`);
  }
  const groupNodes = groupScalars(mapping);
  const deployTime = mapping.groups?.kind === 'opaque' || (mapping.groups?.kind === 'seq' && mapping.groups.items.some((g) => g.kind === 'opaque'));
  const usernameLater = mapping.username?.kind === 'opaque';
  warnings.push(...deployTimeNote(usernameLater, deployTime));
  if (mapping.groups !== undefined && !['seq', 'opaque'].includes(mapping.groups.kind) && !(mapping.groups.kind === 'scalar' && mapping.groups.type === 'null')) {
    warnings.push('groups is not a list: the authenticator grants no groups from it.');
  } else if (mapping.groups?.kind === 'seq' && groupNodes.length < mapping.groups.items.filter((g) => g.kind !== 'opaque').length) {
    warnings.push('Some groups are not strings (YAML 1.1 reads yes, on, 0123 as booleans or numbers): the newer authenticator turns them into empty group names.');
  }
  const username = usernameTemplate === undefined ? undefined : renderTemplate(usernameTemplate, caller);
  const groups = groupNodes.map((g) => renderTemplate(g.value, caller));
  if (!usernameLater && (username === undefined || username.value === '')) {
    warnings.push('The username is empty: ordinary requests work, but requests that the API server proxies to aggregated APIs (kubectl top) fail with Unauthorized. Set a username.');
  }
  const rendered = [...(username === undefined ? [] : [username]), ...groups];
  for (const note of new Set(rendered.flatMap((r) => r.notes))) warnings.push(`${note}.`);
  const grant: Grant = {
    via,
    at: at(principal?.span ?? mapping.node.span),
    principal: principal?.value ?? '',
    entryType: null,
    username: usernameLater ? null : username === undefined ? '' : username.known ? username.value : null,
    usernameTemplate: usernameTemplate ?? null,
    groups: groups.map((g) => g.value),
    groupTemplates: groupNodes.map((g) => g.value),
    policies: [],
  };
  return { grant, renderError: rendered.find((r) => r.error !== undefined)?.error, warnings };
}

function accountCandidate(caller: Caller, account: AccountMapping, text: string): Candidate {
  const grant: Grant = {
    via: 'mapAccounts',
    at: at(account.node.span),
    principal: text,
    entryType: null,
    username: caller.canonicalArn,
    usernameTemplate: null,
    groups: [],
    groupTemplates: [],
    policies: [],
  };
  return { grant, renderError: undefined, warnings: ['mapAccounts admits every IAM principal of the account, with its ARN as username and no groups: only RBAC bound to that username or to system:authenticated applies.'] };
}

/** The account as yaml.v2 stores it: the source text of a plain scalar, the value of a quoted one. */
function accountText(account: AccountMapping): string | undefined {
  const node = account.node;
  if (node.kind !== 'scalar') return undefined;
  return typeof node.value === 'string' ? node.value : node.text;
}

function accountNearMiss(caller: Caller, account: AccountMapping, text: string): NearMiss[] {
  const where = at(account.node.span);
  if (text.trim() === caller.accountId) {
    return [{ kind: 'account-typo', at: where, written: text, message: `mapAccounts lists "${text}" with white space around the account id, so it never matches.` }];
  }
  if (/^arn:/i.test(text.trim()) && compareArn(caller, text.trim(), 'aws-auth')?.kind === 'match') {
    return [{ kind: 'arn-in-map-accounts', at: where, written: text, message: 'mapAccounts lists this ARN, but it holds account ids only: map the ARN under mapRoles or mapUsers.' }];
  }
  if (/^\d+$/.test(text) && editDistance(text, caller.accountId) <= 2) {
    return [{ kind: 'account-typo', at: where, written: text, message: `mapAccounts lists ${text}, not the caller's account ${caller.accountId} (a typo?).` }];
  }
  return [];
}

/** Why the authenticator drops a matching entry (the newer parser's validation), or undefined. */
function droppedBecause(model: Model, mapping: Mapping): string | undefined {
  const both = model.schemaIssues.some((i) => i.mapping === mapping && i.keyword === 'oneOf' && /^\/\d+$/.test(i.pointer) && Array.isArray(i.params.passingSchemas));
  if (both && mapping.sso !== undefined) return 'it also has an sso block: the newer authenticator drops the entry ("only one of rolearn or SSO can be supplied")';
  return undefined;
}

/** The caller's ARN under a key the section does not read, or an sso block that would cover the caller's role. */
function wrongKeyOrSso(caller: Caller, mapping: Mapping): NearMiss[] {
  if (mapping.section.content.kind === 'structured') return [];
  const found: NearMiss[] = [];
  for (const entry of mapping.node.entries) {
    // A username may well be the ARN itself; only keys that look like a principal key count.
    if (!/arn$/i.test(entry.key) || entry.key.toLowerCase() === mapping.principalKey) continue;
    const value = stringScalar(entry.value);
    if (value === undefined || compareArn(caller, value.value, 'aws-auth')?.kind !== 'match') continue;
    found.push({
      kind: 'wrong-key',
      at: at(value.span),
      written: value.value,
      message: `The ARN is under "${entry.key}", which ${mapping.section.label} does not read (it reads ${mapping.principalKey}): the newer authenticator drops the entry, the older one keeps it matching nobody. Write "${mapping.principalKey}: ${value.value}".`,
    });
  }
  const sso = mapping.sso;
  if (sso?.kind === 'map' && (caller.kind === 'assumed-role' || caller.kind === 'role')) {
    const set = stringValue(lastValue(sso, 'permissionSetName'));
    const account = stringValue(lastValue(sso, 'accountID'));
    const prefix = `awsreservedsso_${set?.toLowerCase() ?? ''}_`;
    if (set !== undefined && account === caller.accountId && caller.name.toLowerCase().startsWith(prefix)) {
      found.push({
        kind: 'sso',
        at: at(sso.span),
        written: null,
        message: `This sso entry names the permission set "${set}" of the caller's role, but sso entries match only when the authenticator runs with the SSORoleMatch feature gate, which EKS does not enable. Map "rolearn: ${caller.canonicalArn}" instead.`,
      });
    }
  }
  return found;
}
