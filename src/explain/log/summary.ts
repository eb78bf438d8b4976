import { LOG_CLASSES, type LogClassId } from './classes.js';
import type { LogEvent } from './group.js';

/** Everything one caller did in the input, as far as the lines name a caller. */
export interface IdentitySummary {
  /** What the lines were grouped by: the canonical ARN, else the access key id, else a description. */
  readonly key: string;
  readonly kind: 'arn' | 'access-key' | 'unknown' | 'client';
  readonly canonicalArn?: string;
  /** ARNs as STS returned them (assumed-role sessions). */
  readonly rawArns: readonly string[];
  readonly accessKeyIds: readonly string[];
  readonly accountIds: readonly string[];
  readonly sessionNames: readonly string[];
  readonly stsEndpoints: readonly string[];
  readonly usernames: readonly string[];
  readonly events: readonly LogEvent[];
  /** Events per class, in order of first appearance. */
  readonly counts: readonly ClassCount[];
}

export interface ClassCount {
  readonly classId: LogClassId;
  readonly events: number;
  readonly lines: number;
}

export const NO_IDENTITY_KEY = 'no identity (the token was refused before STS named a caller)';
export const CLIENT_KEY = 'kubectl and credential plugin (client side)';

/** Groups events by caller, in order of first appearance. */
export function summarizeByIdentity(events: readonly LogEvent[]): IdentitySummary[] {
  const groups = new Map<string, { kind: IdentitySummary['kind']; events: LogEvent[] }>();
  for (const event of events) {
    const { key, kind } = identityKey(event);
    const group = groups.get(key) ?? { kind, events: [] };
    group.events.push(event);
    groups.set(key, group);
  }
  return [...groups].map(([key, group]) => summarize(key, group.kind, group.events));
}

/** Events per class over the whole input, in order of first appearance. */
export function countByClass(events: readonly LogEvent[]): ClassCount[] {
  const counts = new Map<LogClassId, { events: number; lines: number }>();
  for (const event of events) {
    const count = counts.get(event.classId) ?? { events: 0, lines: 0 };
    counts.set(event.classId, { events: count.events + 1, lines: count.lines + event.records.length });
  }
  return [...counts].map(([classId, count]) => ({ classId, ...count }));
}

export function isFailure(event: LogEvent): boolean {
  return LOG_CLASSES[event.classId].failure;
}

function identityKey(event: LogEvent): { key: string; kind: IdentitySummary['kind'] } {
  if (event.records.every((record) => record.kind === 'text')) return { key: CLIENT_KEY, kind: 'client' };
  const { canonicalArn, accessKeyId } = event.identity;
  if (canonicalArn !== undefined) return { key: canonicalArn, kind: 'arn' };
  if (accessKeyId !== undefined) return { key: accessKeyId, kind: 'access-key' };
  return { key: NO_IDENTITY_KEY, kind: 'unknown' };
}

function summarize(key: string, kind: IdentitySummary['kind'], events: readonly LogEvent[]): IdentitySummary {
  const collect = (pick: (event: LogEvent) => string | undefined) => [...new Set(events.map(pick).filter((value) => value !== undefined))];
  const rawArns = collect((event) => event.identity.arn).filter((arn) => arn !== key);
  return {
    key,
    kind,
    ...(kind === 'arn' ? { canonicalArn: key } : {}),
    rawArns,
    accessKeyIds: collect((event) => event.identity.accessKeyId),
    accountIds: collect((event) => event.identity.accountId),
    sessionNames: collect((event) => event.identity.sessionName),
    stsEndpoints: collect((event) => event.identity.stsEndpoint),
    usernames: collect((event) => event.identity.username),
    events,
    counts: countByClass(events),
  };
}
