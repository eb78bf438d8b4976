/**
 * Expected findings written inside fixtures:
 *   `# expect: RULE @COL[-ENDCOL] ["TEXT"]`
 * A trailing marker applies to its own line; a marker alone on a line applies to the next line that is
 * not a marker. Markers are read from the raw text, so they work inside `mapRoles: |` blocks too.
 * JSON has no comments: `x.json` takes its markers from `x.json.expect`, one `LINE:COL[-ENDCOL] RULE ["TEXT"]` a line.
 */
export interface Expectation {
  readonly ruleId: string;
  readonly line: number;
  readonly column: number;
  readonly endColumn?: number;
  readonly text?: string;
}

const MARKER = /(?:^|\s)(?:#|\/\/)\s*expect:\s*([a-z0-9-]+)\s+@(\d+)(?:-(\d+))?(?:\s+"([^"]*)")?\s*$/;

export function markersIn(text: string): Expectation[] {
  const lines = text.split(/\r?\n/);
  const result: Expectation[] = [];
  let pending: Omit<Expectation, 'line'>[] = [];
  lines.forEach((line, index) => {
    const match = MARKER.exec(line);
    if (match === null && /(?:#|\/\/)\s*expect:/.test(line)) throw new Error(`line ${index + 1}: malformed marker: ${line.trim()}`);
    const ownLine = match !== null && line.slice(0, match.index).trim() === '';
    if (match !== null) {
      const expectation = toExpectation(match);
      if (ownLine) {
        pending.push(expectation);
        return;
      }
      result.push({ ...expectation, line: index + 1 });
    }
    for (const p of pending) result.push({ ...p, line: index + 1 });
    pending = [];
  });
  if (pending.length > 0) throw new Error('a marker at the end of the file has no line to apply to');
  return result;
}

export function markersInSidecar(text: string): Expectation[] {
  return text
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '' && !l.startsWith('#'))
    .map((l) => {
      const match = /^(\d+):(\d+)(?:-(\d+))?\s+([a-z0-9-]+)(?:\s+"([^"]*)")?\s*$/.exec(l.trim());
      if (match === null) throw new Error(`bad expectation line: ${l}`);
      const [, line, column, endColumn, ruleId, message] = match;
      return {
        ruleId: ruleId ?? '',
        line: Number(line),
        column: Number(column),
        ...(endColumn === undefined ? {} : { endColumn: Number(endColumn) }),
        ...(message === undefined ? {} : { text: message }),
      };
    });
}

function toExpectation(match: RegExpExecArray): Omit<Expectation, 'line'> {
  const [, ruleId, column, endColumn, message] = match;
  return {
    ruleId: ruleId ?? '',
    column: Number(column),
    ...(endColumn === undefined ? {} : { endColumn: Number(endColumn) }),
    ...(message === undefined ? {} : { text: message }),
  };
}
