import { parseLogfmt } from './logfmt.js';
import { extractJsonEvents, looksLikeJson } from './json-shapes.js';
import { extractCsvEvents, looksLikeCsv } from './csv.js';
import { extractMarkdownEvents, looksLikeMarkdownTable } from './markdown.js';

/** How the input was written, as detected. */
export type InputShape =
  | 'text'
  | 'aws-logs-tail'
  | 'filter-log-events'
  | 'get-log-events'
  | 'get-query-results'
  | 'json-events'
  | 'json-partial'
  | 'csv'
  | 'markdown';

/** One log event or output line, before classification. */
export interface LogRecord {
  /** 1-based line of the input where the record is written. */
  readonly line: number;
  /** 1-based event or row number in a JSON or CSV export. */
  readonly event?: number;
  /** `logrus`: an authenticator line (key=value); `text`: anything else (kubectl or aws CLI stderr). */
  readonly kind: 'logrus' | 'text';
  /** The message, without export wrapping, console timestamp, stream name or colour codes. */
  readonly message: string;
  /** Fields of a logrus line (time, level, msg, arn, error...); empty for text. */
  readonly fields: ReadonlyMap<string, string>;
  /** Cut in the middle: the fields that were complete are kept. */
  readonly truncated: boolean;
  /** Timestamp given by the export or a leading console timestamp. */
  readonly timestamp?: string;
  readonly stream?: string;
}

export interface ParsedLog {
  readonly shape: InputShape;
  readonly records: readonly LogRecord[];
}

/** A raw event from an export, before its message is read. */
export interface RawEvent {
  readonly message: string;
  readonly line: number;
  readonly event?: number;
  readonly timestamp?: string;
  readonly stream?: string;
}

/** Detects the input's shape and reads every event or line in it; never throws. */
export function parseLog(input: string): ParsedLog {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  if (looksLikeJson(text)) {
    const json = extractJsonEvents(text);
    if (json !== undefined) return { shape: json.shape, records: json.events.flatMap((event) => recordsOfEvent(event)) };
  }
  if (looksLikeCsv(text)) {
    const csv = extractCsvEvents(text);
    if (csv !== undefined) return { shape: 'csv', records: csv.flatMap((event) => recordsOfEvent(event)) };
  }
  if (looksLikeMarkdownTable(text)) {
    const table = extractMarkdownEvents(text);
    if (table !== undefined) return { shape: 'markdown', records: table.flatMap((event) => recordsOfEvent(event)) };
  }
  return parseTextLines(text);
}

/** An exported message is one line normally; split defensively, keeping the event's number. */
function recordsOfEvent(event: RawEvent): LogRecord[] {
  const lines = event.message.split(/\r?\n/).filter((line) => line.trim() !== '');
  return lines.flatMap((line) => {
    const record = readLine(line, event.line);
    if (record === undefined) return [];
    return [{
      ...record,
      ...(event.event === undefined ? {} : { event: event.event }),
      ...(event.timestamp === undefined ? {} : { timestamp: event.timestamp }),
      ...(event.stream === undefined ? {} : { stream: event.stream }),
    }];
  });
}

/** Colour codes `aws logs tail` writes on a terminal (built from a string: the linter refuses control characters in literals). */
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]*[A-Za-z]`, 'g');
/** `aws logs tail --format short` writes the time to the second, without zone or fraction. */
const TAIL_SHORT_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;
const ISO_TIMESTAMP = /^(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?)(?:\s+|$)/;
const LOGRUS_START = /(?:^|\s)(?:time="|level=(?:trace|debug|info|warn|warning|error|fatal|panic)\b|msg=)/;

/** Plain lines: raw logrus text, `aws logs tail` output, console copies with a timestamp, kubectl stderr. */
function parseTextLines(text: string): ParsedLog {
  const records: LogRecord[] = [];
  let pendingTimestamp: string | undefined;
  let tailLines = 0;
  text.split('\n').forEach((rawLine, index) => {
    const clean = rawLine.replace(ANSI, '').replace(/\r$/, '');
    const stamp = ISO_TIMESTAMP.exec(clean.trimStart());
    const rest = stamp === null ? clean.trim() : clean.trimStart().slice(stamp[0].length).trim();
    if (rest === '') {
      // The console puts the timestamp on a line of its own, before the message.
      if (stamp !== null) pendingTimestamp = stamp[1];
      return;
    }
    const record = readLine(rest, index + 1);
    if (record === undefined) return;
    const timestamp = stamp?.[1] ?? pendingTimestamp;
    pendingTimestamp = undefined;
    if (stamp !== null && record.kind === 'logrus' && (record.stream !== undefined || TAIL_SHORT_TIMESTAMP.test(stamp[1] ?? ''))) tailLines++;
    records.push(timestamp === undefined ? record : { ...record, timestamp });
  });
  return { shape: tailLines > 0 ? 'aws-logs-tail' : 'text', records };
}

/** One message: logrus text (optionally after a stream name, as `aws logs tail` writes it) or a plain line. */
function readLine(line: string, lineNumber: number): LogRecord | undefined {
  const message = line.replace(ANSI, '').trim();
  if (message === '') return undefined;
  const start = LOGRUS_START.exec(message);
  if (start !== null) {
    const offset = start.index + (start[0].startsWith(' ') || start[0].startsWith('\t') ? 1 : 0);
    const prefix = message.slice(0, offset).trim();
    // Only a single word before the logrus text is a stream name; anything longer is not an authenticator line.
    if (prefix === '' || /^\S+$/.test(prefix)) {
      const body = message.slice(offset);
      const parsed = parseLogfmt(body);
      return {
        line: lineNumber,
        kind: 'logrus',
        message: body,
        fields: parsed.fields,
        truncated: parsed.truncated || cutBeforePath(parsed.fields),
        ...(prefix === '' ? {} : { stream: prefix }),
      };
    }
  }
  return { line: lineNumber, kind: 'text', message, fields: new Map(), truncated: false };
}

const REQUEST_MESSAGES = new Set(['access granted', 'access denied', 'STS response']);

/**
 * Request lines always carry `path=/authenticate`, written after `client`, `error`, `groups`, `method`
 * (logrus sorts keys): a request line without it, or with a shorter value, was cut.
 */
function cutBeforePath(fields: ReadonlyMap<string, string>): boolean {
  const msg = fields.get('msg');
  if (msg === undefined) return !fields.has('path');
  if (!REQUEST_MESSAGES.has(msg)) return false;
  const path = fields.get('path');
  return path === undefined || (path !== '/authenticate' && '/authenticate'.startsWith(path));
}
