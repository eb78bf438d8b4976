/** One step of a line diff: a line kept, removed from the old text or added from the new one. */
export interface DiffOp {
  readonly kind: 'equal' | 'delete' | 'insert';
  /** 0-based line index in the old text (for equal and delete) and in the new text (for equal and insert). */
  readonly oldIndex: number;
  readonly newIndex: number;
}

const CONTEXT = 3;

/**
 * Shortest edit script between two line lists (Myers' O(ND) greedy algorithm with a saved trace to walk
 * back). Deterministic: deletions come before insertions at each change.
 */
export function diffLines(a: readonly string[], b: readonly string[]): DiffOp[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  let v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= max && found < 0; d++) {
    trace.push(v.slice());
    const next = v.slice();
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && (v[offset + k - 1] ?? 0) < (v[offset + k + 1] ?? 0));
      let x = down ? (v[offset + k + 1] ?? 0) : (v[offset + k - 1] ?? 0) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      next[offset + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
    v = next;
  }
  // Walk back from (n, m): each step d came from a snake that started at step d - 1.
  const ops: DiffOp[] = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const prev = trace[d] ?? new Int32Array(0);
    const k = x - y;
    const down = k === -d || (k !== d && (prev[offset + k - 1] ?? 0) < (prev[offset + k + 1] ?? 0));
    const prevK = down ? k + 1 : k - 1;
    const prevX = prev[offset + prevK] ?? 0;
    const prevY = prevX - prevK;
    // The snake back to the end of this step's one insertion or deletion.
    while (x > prevX && y > prevY) {
      x--;
      y--;
      ops.push({ kind: 'equal', oldIndex: x, newIndex: y });
    }
    if (down) {
      y--;
      ops.push({ kind: 'insert', oldIndex: x, newIndex: y });
    } else {
      x--;
      ops.push({ kind: 'delete', oldIndex: x, newIndex: y });
    }
  }
  while (x > 0 && y > 0) {
    x--;
    y--;
    ops.push({ kind: 'equal', oldIndex: x, newIndex: y });
  }
  return ops.reverse();
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
