import { LOG_CLASSES } from './classes.js';
import type { LogExplanation } from './explain-log.js';
import type { LogEvent } from './group.js';
import type { ClassCount } from './summary.js';

/** Rewrites values as `JSON.stringify` writes them (`--redact`). */
export type JsonReplacer = (key: string, value: unknown) => unknown;

/**
 * `explain --log --format json`: field names are stable (documented in docs/explain.md); absent values are
 * `null`, lists are always present.
 */
export function renderLogJson(result: LogExplanation, replacer?: JsonReplacer): string {
  return [...logJsonChunks(result, replacer)].join('');
}

/**
 * The same text as `renderLogJson`, one event or caller at a time, so that 100k lines are written without
 * holding the whole document and its text at once. Equal to `JSON.stringify(document, null, 2)` plus a newline.
 */
export function* logJsonChunks(result: LogExplanation, replacer?: JsonReplacer): Generator<string> {
  const eventIndex = new Map(result.events.map((event, index) => [event, index]));
  yield `{\n  "input": ${nested({ shape: result.shape, records: result.records, unrecognized: result.unrecognized, truncated: result.truncated }, 1, replacer)},\n`;
  yield `  "failed": ${JSON.stringify(result.failed)},\n`;
  yield `  "counts": ${nested(result.counts.map(countJson), 1, replacer)},\n`;
  yield* list('events', result.events, eventJson, false, replacer);
  yield* list('identities', result.identities, (identity) => ({
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
  }), true, replacer);
  yield '}\n';
}

/** A top-level array member, one item per chunk. */
function* list<T>(key: string, items: readonly T[], toJson: (item: T) => unknown, last: boolean, replacer: JsonReplacer | undefined): Generator<string> {
  const end = last ? '\n' : ',\n';
  if (items.length === 0) {
    yield `  "${key}": []${end}`;
    return;
  }
  yield `  "${key}": [\n`;
  for (const [index, item] of items.entries()) yield `    ${nested(toJson(item), 2, replacer)}${index === items.length - 1 ? '\n' : ',\n'}`;
  yield `  ]${end}`;
}

/** `JSON.stringify(value, null, 2)` as it reads `depth` levels down (JSON strings never hold a raw newline). */
function nested(value: unknown, depth: number, replacer: JsonReplacer | undefined): string {
  return JSON.stringify(value, replacer, 2).replace(/\n/g, `\n${'  '.repeat(depth)}`);
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
