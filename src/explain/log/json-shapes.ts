import { LineIndex } from '../../span.js';
import { readQuoted } from './logfmt.js';
import type { InputShape, RawEvent } from './parse.js';

/**
 * CloudWatch Logs exports as the AWS CLI prints them: `filter-log-events` and `get-log-events`
 * (`events[].message`), Logs Insights `get-query-results` (`results[][]` of `{field, value}`, the line in
 * `@message`), or a bare array of events. A cut export is read string by string.
 */

export function looksLikeJson(text: string): boolean {
  const first = text.trimStart()[0];
  return first === '{' || first === '[';
}

export function extractJsonEvents(text: string): { shape: InputShape; events: RawEvent[] } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const events = scanPartial(text);
    return events.length === 0 ? undefined : { shape: 'json-partial', events };
  }
  const lines = keyLines(text);
  if (isObject(value) && Array.isArray(value.results)) return { shape: 'get-query-results', events: queryRows(value.results, lines.queryMessage) };
  const list = isObject(value) && Array.isArray(value.events) ? value.events : Array.isArray(value) ? value : undefined;
  if (list === undefined) return undefined;
  if (list.length > 0 && list.every((row) => Array.isArray(row))) return { shape: 'get-query-results', events: queryRows(list, lines.queryMessage) };
  const events = logEvents(list, lines.message);
  const shape: InputShape = !isObject(value) || Array.isArray(value) ? 'json-events' : list.some((e) => isObject(e) && typeof e.logStreamName === 'string') ? 'filter-log-events' : 'get-log-events';
  return { shape, events };
}

function logEvents(list: readonly unknown[], lines: readonly number[]): RawEvent[] {
  const events: RawEvent[] = [];
  let seen = 0;
  list.forEach((item, index) => {
    if (!isObject(item) || typeof item.message !== 'string') return;
    const timestamp = isoFromMillis(item.timestamp);
    events.push({
      message: item.message,
      line: lines[seen] ?? 1,
      event: index + 1,
      ...(timestamp === undefined ? {} : { timestamp }),
      ...(typeof item.logStreamName === 'string' ? { stream: item.logStreamName } : {}),
    });
    seen++;
  });
  return events;
}

function queryRows(rows: readonly unknown[], lines: readonly number[]): RawEvent[] {
  const events: RawEvent[] = [];
  rows.forEach((row, index) => {
    if (!Array.isArray(row)) return;
    const cells = new Map<string, string>();
    for (const cell of row) if (isObject(cell) && typeof cell.field === 'string' && typeof cell.value === 'string') cells.set(cell.field, cell.value);
    const message = cells.get('@message');
    if (message === undefined) return;
    const timestamp = cells.get('@timestamp');
    const stream = cells.get('@logStream');
    events.push({
      message,
      line: lines[events.length] ?? 1,
      event: index + 1,
      ...(timestamp === undefined ? {} : { timestamp }),
      ...(stream === undefined ? {} : { stream }),
    });
  });
  return events;
}

/**
 * Lines of each `"message":` key and each `"@message"` field name, in order. Inside a JSON string quotes
 * are escaped, so these literals only occur as keys or values of the export itself.
 */
function keyLines(text: string): { message: number[]; queryMessage: number[] } {
  const lineAt = lineCounter(text);
  return {
    message: [...text.matchAll(/"message"\s*:/g)].map((m) => lineAt(m.index)),
    queryMessage: [...text.matchAll(/"@message"/g)].map((m) => lineAt(m.index)),
  };
}

const PARTIAL_MESSAGE = /"message"\s*:\s*"|"field"\s*:\s*"@message"\s*,\s*"value"\s*:\s*"/g;

/** A cut export: every complete or cut message string that can still be read. */
function scanPartial(text: string): RawEvent[] {
  const lineAt = lineCounter(text);
  return [...text.matchAll(PARTIAL_MESSAGE)].map((match, index) => {
    const quoted = readQuoted(text, match.index + match[0].length);
    return { message: quoted.value, line: lineAt(match.index), event: index + 1 };
  });
}

function lineCounter(text: string): (offset: number) => number {
  const index = new LineIndex('', text);
  return (offset) => index.position(offset).line;
}

function isoFromMillis(value: unknown): string | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
