import { LOG_CLASSES } from './classes.js';
import type { LogExplanation } from './explain-log.js';
import type { LogEvent } from './group.js';
import type { ClassCount } from './summary.js';

/**
 * `explain --log --format json`: field names are stable (documented in docs/explain.md); absent values are
 * `null`, lists are always present.
 */
export function renderLogJson(result: LogExplanation): string {
  const eventIndex = new Map(result.events.map((event, index) => [event, index]));
  const document = {
    input: { shape: result.shape, records: result.records, unrecognized: result.unrecognized, truncated: result.truncated },
    failed: result.failed,
    counts: result.counts.map(countJson),
    events: result.events.map(eventJson),
    identities: result.identities.map((identity) => ({
      key: identity.key,
      kind: identity.kind,
      canonicalArn: identity.canonicalArn ?? null,
      rawArns: identity.rawArns,
      accessKeyIds: identity.accessKeyIds,
      accountIds: identity.accountIds,
      sessionNames: identity.sessionNames,
      stsEndpoints: identity.stsEndpoints,
      usernames: identity.usernames,
      counts: identity.counts.map(countJson),
      events: identity.events.map((event) => eventIndex.get(event) ?? -1),
      explanation: identity.canonicalArn === undefined ? null : result.arnExplanations.get(identity.canonicalArn) ?? null,
    })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

function countJson(count: ClassCount) {
  const known = LOG_CLASSES[count.classId];
  return { class: count.classId, level: known.level, failure: known.failure, events: count.events, lines: count.lines };
}

function eventJson(event: LogEvent) {
  const known = LOG_CLASSES[event.classId];
  const first = event.records[0];
  const { identity } = event;
  return {
    class: event.classId,
    level: known.level,
    failure: known.failure,
    title: known.title,
    meaning: known.meaning,
    next: known.next,
    details: event.details,
    notes: event.notes,
    lines: event.records.map((record) => record.line),
    exportEvents: event.records.flatMap((record) => (record.event === undefined ? [] : [record.event])),
    timestamp: first?.timestamp ?? first?.fields.get('time') ?? null,
    stream: first?.stream ?? null,
    truncated: event.records.some((record) => record.truncated),
    identity: {
      arn: identity.arn ?? null,
      canonicalArn: identity.canonicalArn ?? null,
      accessKeyId: identity.accessKeyId ?? null,
      accountId: identity.accountId ?? null,
      sessionName: identity.sessionName ?? null,
      userId: identity.userId ?? null,
      stsEndpoint: identity.stsEndpoint ?? null,
      username: identity.username ?? null,
      groups: identity.groups ?? null,
    },
    messages: event.records.map((record) => record.message),
  };
}
