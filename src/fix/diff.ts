/** One step of a line diff: a line kept, removed from the old text or added from the new one. */
export interface DiffOp {
  readonly kind: 'equal' | 'delete' | 'insert';
  /** 0-based line index in the old text (for equal and delete) and in the new text (for equal and insert). */
  readonly oldIndex: number;
  readonly newIndex: number;
}

const CONTEXT = 3;

type Step = DiffOp['kind'];

/**
 * Shortest edit script between two line lists: Myers' O(ND) algorithm in linear space (the middle snake of
 * each range splits it in two), so a long file changed everywhere needs no trace of D × (N + M) entries.
 * Deterministic: in each run of changes, deletions come before insertions.
 */
export function diffLines(a: readonly string[], b: readonly string[]): DiffOp[] {
  const steps: Step[] = [];
  compare(a, 0, a.length, b, 0, b.length, steps);
  const ops: DiffOp[] = [];
  let x = 0;
  let y = 0;
  for (const kind of deletionsFirst(steps)) {
    ops.push({ kind, oldIndex: x, newIndex: y });
    if (kind !== 'insert') x++;
    if (kind !== 'delete') y++;
  }
  return ops;
}

/** The steps from a[aLo, aHi) to b[bLo, bHi), appended to `out` in order. */
function compare(a: readonly string[], aLo: number, aHi: number, b: readonly string[], bLo: number, bHi: number, out: Step[]): void {
  let prefix = 0;
  while (aLo + prefix < aHi && bLo + prefix < bHi && a[aLo + prefix] === b[bLo + prefix]) prefix++;
  let suffix = 0;
  while (aHi - suffix > aLo + prefix && bHi - suffix > bLo + prefix && a[aHi - 1 - suffix] === b[bHi - 1 - suffix]) suffix++;
  const [x0, x1, y0, y1] = [aLo + prefix, aHi - suffix, bLo + prefix, bHi - suffix];
  for (let i = 0; i < prefix; i++) out.push('equal');
  if (x0 === x1 || y0 === y1) {
    for (let i = x0; i < x1; i++) out.push('delete');
    for (let i = y0; i < y1; i++) out.push('insert');
  } else {
    // Both ranges are non-empty and differ at both ends, so D >= 2 and each half holds at least one change.
    const snake = middleSnake(a, x0, x1, b, y0, y1);
    if (snake === undefined) throw new Error('diff: no middle snake');
    const [x, y, u, v] = snake;
    compare(a, x0, x, b, y0, y, out);
    for (let i = x; i < u; i++) out.push('equal');
    compare(a, u, x1, b, v, y1, out);
  }
  for (let i = 0; i < suffix; i++) out.push('equal');
}

/**
 * The middle snake of an optimal path (Myers 1986, section 4b): searched from both ends at once until the
 * furthest-reaching paths overlap. Returns its start (x, y) and end (u, v) as absolute indices.
 */
function middleSnake(a: readonly string[], aLo: number, aHi: number, b: readonly string[], bLo: number, bHi: number): [number, number, number, number] | undefined {
  const n = aHi - aLo;
  const m = bHi - bLo;
  const delta = n - m;
  const odd = (delta & 1) !== 0;
  const max = Math.ceil((n + m) / 2);
  const offset = max + 1;
  // forward[k]: furthest x on diagonal x - y = k; backward[c]: furthest x' from the ends on diagonal x' - y' = c.
  const forward = new Int32Array(2 * max + 3);
  const backward = new Int32Array(2 * max + 3);
  const at = (v: Int32Array, i: number): number => v[offset + i] ?? 0;
  for (let d = 0; d <= max; d++) {
    for (let k = -d; k <= d; k += 2) {
      const startX = k === -d || (k !== d && at(forward, k - 1) < at(forward, k + 1)) ? at(forward, k + 1) : at(forward, k - 1) + 1;
      let x = startX;
      let y = x - k;
      const startY = y;
      while (x < n && y < m && a[aLo + x] === b[bLo + y]) {
        x++;
        y++;
      }
      forward[offset + k] = x;
      const c = delta - k;
      if (odd && c >= -(d - 1) && c <= d - 1 && x + at(backward, c) >= n) return [aLo + startX, bLo + startY, aLo + x, bLo + y];
    }
    for (let c = -d; c <= d; c += 2) {
      const startX = c === -d || (c !== d && at(backward, c - 1) < at(backward, c + 1)) ? at(backward, c + 1) : at(backward, c - 1) + 1;
      let x = startX;
      let y = x - c;
      const startY = y;
      while (x < n && y < m && a[aHi - 1 - x] === b[bHi - 1 - y]) {
        x++;
        y++;
      }
      backward[offset + c] = x;
      const k = delta - c;
      if (!odd && k >= -d && k <= d && x + at(forward, k) >= n) return [aHi - x, bHi - y, aHi - startX, bHi - startY];
    }
  }
  return undefined; // not reached: the paths meet by d = ceil((n + m) / 2)
}

/** Each run of changes as its deletions, then its insertions: the same edit, printed the way diff tools do. */
function deletionsFirst(steps: readonly Step[]): Step[] {
  const out: Step[] = [];
  let deletes = 0;
  let inserts = 0;
  const flush = (): void => {
    for (; deletes > 0; deletes--) out.push('delete');
    for (; inserts > 0; inserts--) out.push('insert');
  };
  for (const step of steps) {
    if (step === 'delete') deletes++;
    else if (step === 'insert') inserts++;
    else {
      flush();
      out.push('equal');
    }
  }
  flush();
  return out;
}

/** Splits text into lines that keep their line ending (`\r\n` stays with its line). */
export function splitLines(text: string): string[] {
  return text === '' ? [] : text.split(/(?<=\n)/);
}

/**
 * A unified diff of one file (`--- a/path`, `+++ b/path`, hunks with three lines of context), or '' when
 * the texts are equal. Lines are printed as they are, CR included; a last line without a line break is
 * followed by "\ No newline at end of file".
 */
export function unifiedDiff(path: string, before: string, after: string): string {
  if (before === after) return '';
  const a = splitLines(before);
  const b = splitLines(after);
  const ops = diffLines(a, b);
  const out: string[] = [`--- a/${path}\n`, `+++ b/${path}\n`];
  for (const hunk of hunks(ops)) {
    const oldStart = hunk[0]?.oldIndex ?? 0;
    const newStart = hunk[0]?.newIndex ?? 0;
    const oldCount = hunk.filter((op) => op.kind !== 'insert').length;
    const newCount = hunk.filter((op) => op.kind !== 'delete').length;
    out.push(`@@ -${range(oldStart, oldCount)} +${range(newStart, newCount)} @@\n`);
    for (const op of hunk) {
      const line = op.kind === 'insert' ? (b[op.newIndex] ?? '') : (a[op.oldIndex] ?? '');
      const mark = op.kind === 'equal' ? ' ' : op.kind === 'delete' ? '-' : '+';
      out.push(`${mark}${line}${line.endsWith('\n') ? '' : '\n\\ No newline at end of file\n'}`);
    }
  }
  return out.join('');
}

/** `start,count` as unified diffs write it: 1-based, and the line before an empty range. */
function range(start: number, count: number): string {
  if (count === 0) return `${start},0`;
  return count === 1 ? `${start + 1}` : `${start + 1},${count}`;
}

/** Groups changes with their context; changes closer than twice the context share one hunk. */
function hunks(ops: readonly DiffOp[]): DiffOp[][] {
  const changes = ops.flatMap((op, index) => (op.kind === 'equal' ? [] : [index]));
  const result: DiffOp[][] = [];
  let from = -1;
  let to = -1;
  for (const index of changes) {
    if (from >= 0 && index - CONTEXT <= to + CONTEXT) {
      to = index;
      continue;
    }
    if (from >= 0) result.push(ops.slice(Math.max(0, from - CONTEXT), Math.min(ops.length, to + CONTEXT + 1)));
    from = index;
    to = index;
  }
  if (from >= 0) result.push(ops.slice(Math.max(0, from - CONTEXT), Math.min(ops.length, to + CONTEXT + 1)));
  return result;
}
