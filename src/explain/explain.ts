import { AUTH_MODES, type AuthMode, type Model } from '../model.js';
import { readCaller } from './caller.js';
import { ignoredBecause } from './dropped.js';
import { at } from './location.js';
import { matchAccessEntries } from './match-access-entries.js';
import { matchAwsAuth, type Candidate, type StoreResult } from './match-aws-auth.js';
import { scopesOf, type Scope } from './scope.js';
import type { Caller, ClusterExplanation, ClusterRef, Explanation, NearMiss, Outcome, Shadowed, Via } from './types.js';

export interface ExplainOptions {
  /** `UserId` from `aws sts get-caller-identity` (its session part is checked against the ARN's). */
  readonly userId?: string;
  /** `Account` from `aws sts get-caller-identity`. */
  readonly account?: string;
  /** The caller's access key id, for `{{AccessKeyID}}` (an authenticator log line carries it). */
  readonly accessKeyId?: string;
  /** The mode of the implicit cluster for aws-auth manifests no scanned cluster owns (`--auth-mode`); CONFIG_MAP otherwise. */
  readonly authMode?: AuthMode;
}

/**
 * What every cluster in scope does with this caller: the access entry or aws-auth entry that matches
 * under the cluster's authentication mode and precedence, the username, groups and access policies it
 * gets, or, when nothing matches, the near misses. Throws CallerError for an ARN the authenticator rejects.
 */
export function explainIdentity(model: Model, callerArn: string, options: ExplainOptions = {}): Explanation {
  const { caller, notes } = readCaller(callerArn, {
    ...(options.userId === undefined ? {} : { userId: options.userId }),
    ...(options.accessKeyId === undefined ? {} : { accessKeyId: options.accessKeyId }),
  });
  if (options.account !== undefined && options.account !== caller.accountId) {
    notes.push(`"Account" is ${options.account}, the ARN's account ${caller.accountId}: the ARN's is used.`);
  }
  const explained = scopesOf(model, options.authMode).map((scope) => explainScope(model, caller, scope));
  const clusters = explained.map((c) => withOtherClusters(c, explained));
  return {
    caller,
    callerNotes: notes,
    mapped: clusters.length > 0 && clusters.every((c) => c.outcome === 'mapped'),
    clusters,
    unreadable: model.parseFailures.map((f) => ({ at: at(f.span), message: f.message })),
  };
}

function explainScope(model: Model, caller: Caller, scope: Scope): ClusterExplanation {
  const { mode, warning } = effectiveMode(scope);
  const lookup = byMode(mode, scope, matchAwsAuth(model, caller, scope.owners), matchAccessEntries(caller, scope.cluster, scope.accessEntries));
  const { winner } = lookup;
  const warnings: string[] = [...(winner?.warnings ?? []), ...(warning === undefined ? [] : [warning])];
  const manifests = scope.owners.filter((o) => !('accessEntries' in o) && ignoredBecause(model, o) === undefined);
  if (manifests.length > 1 && mode !== 'API') {
    const files = [...new Set(manifests.map((m) => m.file))].join(', ');
    warnings.push(`${manifests.length} aws-auth ConfigMaps belong to this cluster (${files}); the cluster holds one, the last applied. They are read here as one.`);
  }
  const outcome = outcomeOf(winner, lookup.uncertain, warning === undefined);
  if (outcome !== 'mapped' && winner === undefined) warnings.push(...lookup.uncertain.map((u) => `Not certain: ${u}.`), ...creatorNote(scope));
  // Once an explicit entry admits the caller, look-alike entries are other principals, not mistakes; a mapAccounts
  // admission (no groups) or a refused one keeps them: the entry meant for the caller may be among them.
  const explicit = winner !== undefined && winner.renderError === undefined && winner.grant.via !== 'mapAccounts';
  return {
    cluster: scope.ref,
    outcome,
    reason: reasonOf(caller, mode, winner, outcome),
    grant: winner?.grant ?? null,
    shadowed: lookup.shadowed,
    nearMisses: explicit ? [] : lookup.nearMisses,
    warnings,
  };
}

/** The mode the lookup follows: the cluster's, or, when it is unknown or invalid, API_AND_CONFIG_MAP (both stores), with a warning. */
function effectiveMode(scope: Scope): { mode: AuthMode; warning: string | undefined } {
  const setting = scope.authMode;
  if (setting.source === 'unknown') return { mode: 'API_AND_CONFIG_MAP', warning: 'The authentication mode is known only at deploy time; read as API_AND_CONFIG_MAP.' };
  const known = AUTH_MODES.find((m) => m === setting.value);
  if (known !== undefined) return { mode: known, warning: undefined };
  return { mode: 'API_AND_CONFIG_MAP', warning: `The authentication mode "${setting.value}" is not one EKS knows (${scope.ref.authModeDescription}); read as API_AND_CONFIG_MAP.` };
}

/** Which store answers under the mode, and what the other one's matches become. */
function byMode(mode: AuthMode, scope: Scope, awsAuth: StoreResult, access: StoreResult): Omit<StoreResult, 'candidates'> {
  const label = scope.ref.label;
  const modeWords = `${label} uses ${scope.ref.authModeDescription}`;
  if (mode === 'API') {
    const ignored = awsAuth.candidates.map((c) => ignoredByMode(c, 'api-mode', `${modeWords}: in API mode EKS does not read aws-auth at all`));
    return { winner: access.winner, shadowed: access.shadowed, nearMisses: [...access.nearMisses, ...ignored], uncertain: access.uncertain };
  }
  if (mode === 'CONFIG_MAP') {
    const why = `${modeWords}: a CONFIG_MAP cluster has no access entries, and the EKS API refuses to create one until the mode is API_AND_CONFIG_MAP`;
    const ignored = access.candidates.map((c) => ignoredByMode(c, 'config-map-mode', why));
    return { winner: awsAuth.winner, shadowed: awsAuth.shadowed, nearMisses: [...awsAuth.nearMisses, ...ignored], uncertain: awsAuth.uncertain };
  }
  // API_AND_CONFIG_MAP: access entries first, then aws-auth.
  const entry = access.winner;
  const behindEntry = entry === undefined ? awsAuth.shadowed : awsAuth.candidates.map((c) => shadowOf(c, `the access entry at ${entry.grant.at} takes precedence over aws-auth`));
  return {
    winner: entry ?? awsAuth.winner,
    shadowed: [...access.shadowed, ...behindEntry],
    nearMisses: [...access.nearMisses, ...awsAuth.nearMisses],
    uncertain: [...access.uncertain, ...awsAuth.uncertain],
  };
}

function outcomeOf(winner: Candidate | undefined, uncertain: readonly string[], knownMode: boolean): Outcome {
  if (winner !== undefined) {
    if (winner.renderError !== undefined) return 'denied';
    return knownMode ? 'mapped' : 'unknown';
  }
  return uncertain.length > 0 ? 'unknown' : 'denied';
}

function reasonOf(caller: Caller, mode: AuthMode, winner: Candidate | undefined, outcome: Outcome): string {
  if (winner !== undefined) {
    const { via, at: where } = winner.grant;
    if (winner.renderError !== undefined) return `The ${entryWord(via)} at ${where} matches, but ${winner.renderError}.`;
    const how =
      via === 'access-entry'
        ? `The access entry at ${where} matches${mode === 'API' ? '' : '; access entries are checked before aws-auth'}.`
        : via === 'mapAccounts'
          ? `No mapRoles or mapUsers entry matches, and mapAccounts lists the account ${caller.accountId} (${where}): every principal of that account gets in, as its ARN with no groups.`
          : `The ${entryWord(via)} at ${where} matches${via === 'mapUsers' ? ' (no mapRoles entry does)' : ''}.`;
    return outcome === 'mapped' ? how : `${how} Whether it applies depends on the authentication mode, which is not certain.`;
  }
  const subject = caller.canonicalArn;
  const lookedAt =
    mode === 'API'
      ? `No access entry matches ${subject}, and in API mode EKS does not read aws-auth`
      : mode === 'CONFIG_MAP'
        ? `No mapRoles or mapUsers entry matches ${subject}, and mapAccounts does not list the account ${caller.accountId}`
        : `No access entry, mapRoles or mapUsers entry matches ${subject}, and mapAccounts does not list the account ${caller.accountId}`;
  return outcome === 'unknown' ? `${lookedAt} among the values known statically; some are known only at deploy time.` : `${lookedAt}: the authenticator answers "ARN is not mapped" and kubectl prints Unauthorized.`;
}

/** `access entry`, `mapRoles entry`, `mapAccounts item`. */
function entryWord(via: Via): string {
  return via === 'access-entry' ? 'access entry' : via === 'mapAccounts' ? 'mapAccounts item' : `${via} entry`;
}

function ignoredByMode(candidate: Candidate, kind: 'api-mode' | 'config-map-mode', why: string): NearMiss {
  return { kind, at: candidate.grant.at, written: candidate.grant.principal, message: `This ${entryWord(candidate.grant.via)} matches, but ${why}.` };
}

function shadowOf(candidate: Candidate, reason: string): Shadowed {
  return { via: candidate.grant.via, at: candidate.grant.at, principal: candidate.grant.principal, reason };
}

/** The cluster creator gets in through no file: say so where nothing matches. */
function creatorNote(scope: Scope): string[] {
  const cluster = scope.cluster;
  if (cluster === undefined) return [];
  if (scope.authMode.value === 'CONFIG_MAP') return ['If this identity created the cluster, EKS lets it in as an invisible system:masters user that no file shows.'];
  if (cluster.creatorAdmin.value) return ['If this identity created the cluster, EKS created a cluster-admin access entry for it that no file shows (bootstrapClusterCreatorAdminPermissions).'];
  return [];
}

/** How many other clusters a summary names before it says "and N more". */
const NAMED_OTHERS = 2;

/**
 * Where a denied cluster's caller is mapped by another cluster in scope: often the file meant for this one.
 * One such cluster is named with its entry; several become one line, so a large tree stays readable.
 */
function withOtherClusters(cluster: ClusterExplanation, all: readonly ClusterExplanation[]): ClusterExplanation {
  if (cluster.outcome === 'mapped') return cluster;
  const others = all.flatMap((other) => (other !== cluster && other.outcome === 'mapped' && other.grant !== null ? [{ ref: other.cluster, grant: other.grant }] : []));
  const [first] = others;
  if (first === undefined) return cluster;
  let message: string;
  if (others.length === 1) message = `This ${entryWord(first.grant.via)} maps the caller in ${shortName(first.ref)}, not in this cluster.`;
  else {
    const named = others.slice(0, NAMED_OTHERS).map((o) => shortName(o.ref));
    const more = others.length - named.length;
    const list = more > 0 ? `${named.join(', ')} and ${String(more)} more` : named.join(' and ');
    message = `The caller is mapped in ${String(others.length)} other clusters in scope (${list}), not in this cluster; the first such entry is here.`;
  }
  const elsewhere: NearMiss = { kind: 'other-cluster', at: first.grant.at, written: first.grant.principal, message };
  return { ...cluster, nearMisses: [...cluster.nearMisses, elsewhere] };
}

/** A cluster by its name, or by the aws-auth file of an implicit one. */
function shortName(ref: ClusterRef): string {
  if (ref.name !== null) return `cluster "${ref.name}"`;
  const file = ref.awsAuthFiles[0];
  return file === undefined ? ref.label : `the cluster of ${file}`;
}
