import type { RawEvent } from './parse.js';

/**
 * A Logs Insights result exported from the console as CSV: a header naming `@message` (and perhaps
 * `@timestamp`, `@logStream`), then one row per event; quoted fields may span lines.
 */

export function looksLikeCsv(text: string): boolean {
  const newline = text.indexOf('\n');
  const header = newline === -1 ? text : text.slice(0, newline);
  return /(^|,)"?@message"?(,|\r?$)/.test(header);
}

export function extractCsvEvents(text: string): RawEvent[] | undefined {
  const rows = readCsv(text);
  const header = rows[0];
  if (header === undefined) return undefined;
  const column = (name: string) => header.cells.indexOf(name);
  const message = column('@message');
  if (message < 0) return undefined;
  const timestamp = column('@timestamp');
  const stream = column('@logStream');
  return rows.slice(1).flatMap((row, index) => {
    const text = row.cells[message];
    if (text === undefined || text === '') return [];
    const time = row.cells[timestamp];
    const name = row.cells[stream];
    return [{
      message: text,
      line: row.line,
      event: index + 1,
      ...(time === undefined || time === '' ? {} : { timestamp: time }),
      ...(name === undefined || name === '' ? {} : { stream: name }),
    }];
  });
}

/** RFC 4180 rows with the line each starts on; an unterminated quote ends the last row. */
function readCsv(text: string): { line: number; cells: string[] }[] {
  const rows: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let line = 1;
  let rowLine = 1;
  let quoted = false;
  let dirty = false;
  const endRow = () => {
    if (dirty || cells.length > 0) rows.push({ line: rowLine, cells: [...cells, cell] });
    cells = [];
    cell = '';
    dirty = false;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (ch === '\n') line++;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
      continue;
    }
    if (ch === '"') {
      quoted = true;
      dirty = true;
    } else if (ch === ',') {
      cells.push(cell);
      cell = '';
      dirty = true;
    } else if (ch === '\n') {
      endRow();
      rowLine = line;
    } else if (ch !== '\r') {
      cell += ch;
      dirty = true;
    }
  }
  endRow();
  return rows;
}
