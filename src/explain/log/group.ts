import type { LogClassId } from './classes.js';
import type { ClassifiedRecord } from './classify.js';
import { mergeIdentities, type LogIdentity } from './identity.js';
import type { LogRecord } from './parse.js';

/** One line, or lines that belong together: an `STS response` and the decision for the same request, or one kubectl error over several stderr lines. */
export interface LogEvent {
  readonly classId: LogClassId;
  readonly records: readonly LogRecord[];
  readonly details: readonly string[];
  readonly notes: readonly LogClassId[];
  readonly identity: LogIdentity;
}

const DECISIONS = new Set<LogClassId>(['log-access-granted', 'log-not-mapped', 'log-arn-userid-mismatch', 'log-template-render', 'log-reserved-username', 'log-denied-other']);

/**
 * Joins an `STS response` to the next decision of the same `client` (the authenticator writes both for one
 * request), and consecutive kubectl lines of one class (kubectl repeats an exec failure on every retry).
 */
export function groupRecords(classified: readonly ClassifiedRecord[]): LogEvent[] {
  const events: (LogEvent | undefined)[] = [];
  const pendingByClient = new Map<string, number>();
  for (const item of classified) {
    const client = item.record.fields.get('client');
    if (item.classId === 'log-sts-response') {
      if (client !== undefined) pendingByClient.set(client, events.length);
      events.push(single(item));
      continue;
    }
    const pendingIndex = client === undefined || !DECISIONS.has(item.classId) ? undefined : pendingByClient.get(client);
    const pending = pendingIndex === undefined ? undefined : events[pendingIndex];
    if (pendingIndex !== undefined && pending !== undefined && client !== undefined && sameMoment(pending.records[0], item.record)) {
      pendingByClient.delete(client);
      events[pendingIndex] = undefined;
      events.push(join(pending, single(item)));
      continue;
    }
    const previous = events.at(-1);
    if (item.record.kind === 'text' && previous?.classId === item.classId && previous.records.at(-1)?.kind === 'text') {
      events[events.length - 1] = join(previous, single(item));
      continue;
    }
    events.push(single(item));
  }
  return events.filter((event) => event !== undefined);
}

/** Client ports are reused over time: lines of one request are written within the same few seconds. */
const SAME_REQUEST_MS = 10_000;

function sameMoment(first: LogRecord | undefined, second: LogRecord): boolean {
  const a = Date.parse(first?.fields.get('time') ?? '');
  const b = Date.parse(second.fields.get('time') ?? '');
  return Number.isNaN(a) || Number.isNaN(b) || Math.abs(b - a) <= SAME_REQUEST_MS;
}

function single(item: ClassifiedRecord): LogEvent {
  return { classId: item.classId, records: [item.record], details: item.details, notes: item.notes, identity: item.identity };
}

/** The later line names the class; details and notes of both are kept once each. */
function join(first: LogEvent, second: LogEvent): LogEvent {
  return {
    classId: second.classId,
    records: [...first.records, ...second.records],
    details: unique([...first.details, ...second.details]),
    notes: unique([...first.notes, ...second.notes]),
    identity: mergeIdentities(first.identity, second.identity),
  };
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
