import type { RawEvent } from './parse.js';

/**
 * A Logs Insights result copied from the console as a Markdown table: a header row naming `@message`, a
 * `|---|` separator, then one row per event; a `|` inside a cell is written `\|`.
 */

const HEADER = /^\s*\|.*@message.*\|\s*$/;
const SEPARATOR = /^\s*\|(?:\s*:?-+:?\s*\|)+\s*$/;

export function looksLikeMarkdownTable(text: string): boolean {
  const [first = '', second = ''] = text.split('\n', 2);
  return HEADER.test(first.replace(/\r$/, '')) && SEPARATOR.test(second.replace(/\r$/, ''));
}

export function extractMarkdownEvents(text: string): RawEvent[] | undefined {
  const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
  const header = cells(lines[0] ?? '');
  const message = header.indexOf('@message');
  if (message < 0) return undefined;
  const timestamp = header.indexOf('@timestamp');
  const stream = header.indexOf('@logStream');
  const events: RawEvent[] = [];
  lines.slice(2).forEach((line, index) => {
    const row = cells(line);
    const text = row[message];
    if (text === undefined || text === '') return;
    const time = row[timestamp];
    const name = row[stream];
    events.push({
      message: text,
      line: index + 3,
      event: events.length + 1,
      ...(time === undefined || time === '' ? {} : { timestamp: time }),
      ...(name === undefined || name === '' ? {} : { stream: name }),
    });
  });
  return events;
}

/** The cells of one `| a | b |` row, trimmed, with `\|` read as `|`. */
function cells(line: string): string[] {
  const trimmed = line.trim();
  if (!trimmed.startsWith('|')) return [];
  const out: string[] = [];
  let cell = '';
  for (let i = 1; i < trimmed.length; i++) {
    const ch = trimmed[i] ?? '';
    if (ch === '\\' && trimmed[i + 1] === '|') {
      cell += '|';
      i++;
    } else if (ch === '|') {
      out.push(cell.trim());
      cell = '';
    } else cell += ch;
  }
  // A row cut before its closing `|` keeps its last cell.
  if (cell.trim() !== '') out.push(cell.trim());
  return out;
}
