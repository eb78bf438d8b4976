import type { Fix, TextEdit } from '../rule.js';

export interface Applied {
  readonly text: string;
  /** Fixes applied, in the order of their first edit. */
  readonly applied: readonly Fix[];
  /** Fixes left out because they touch text another fix already changes (the next pass may take them). */
  readonly deferred: readonly Fix[];
}

/**
 * Applies the fixes of one file to its text. Edits replace spans of the original text, so they are applied
 * from the end backwards; a fix whose edits overlap an accepted one is left for the next pass. Two
 * insertions at one offset count as overlapping, since their order would be a guess.
 */
export function applyFixes(file: string, text: string, fixes: readonly Fix[]): Applied {
  const ordered = [...fixes].filter((f) => f.edits.length > 0 && f.edits.every((e) => e.span.file === file)).sort(compareFixes);
  const accepted: TextEdit[] = [];
  const applied: Fix[] = [];
  const deferred: Fix[] = [];
  for (const fix of ordered) {
    const edits = [...fix.edits].sort(compareEdits);
    const inside = edits.every((e) => e.span.startOffset >= 0 && e.span.endOffset <= text.length && e.span.startOffset <= e.span.endOffset);
    const clash = edits.some((e, i) => (i > 0 && overlaps(edits[i - 1] ?? e, e)) || accepted.some((a) => overlaps(a, e)));
    if (!inside || clash) {
      deferred.push(fix);
      continue;
    }
    accepted.push(...edits);
    applied.push(fix);
  }
  let result = text;
  for (const edit of [...accepted].sort(compareEdits).reverse()) {
    result = result.slice(0, edit.span.startOffset) + edit.text + result.slice(edit.span.endOffset);
  }
  return { text: result, applied, deferred };
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  if (a.span.startOffset === b.span.startOffset) return true;
  return a.span.startOffset < b.span.endOffset && b.span.startOffset < a.span.endOffset;
}

function compareEdits(a: TextEdit, b: TextEdit): number {
  return a.span.startOffset - b.span.startOffset || a.span.endOffset - b.span.endOffset || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0);
}

function compareFixes(a: Fix, b: Fix): number {
  const first = (f: Fix): TextEdit | undefined => [...f.edits].sort(compareEdits)[0];
  const x = first(a);
  const y = first(b);
  return x === undefined || y === undefined ? 0 : compareEdits(x, y) || (a.description < b.description ? -1 : a.description > b.description ? 1 : 0);
}
