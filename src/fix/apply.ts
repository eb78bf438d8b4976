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
  // Accepted edits, sorted by start and pairwise apart: a new edit can only clash with its two neighbours.
  const accepted: TextEdit[] = [];
  const applied: Fix[] = [];
  const deferred: Fix[] = [];
  for (const fix of ordered) {
    const edits = [...fix.edits].sort(compareEdits);
    const inside = edits.every((e) => e.span.startOffset >= 0 && e.span.endOffset <= text.length && e.span.startOffset <= e.span.endOffset);
    const clash = edits.some((e, i) => (i > 0 && overlaps(edits[i - 1] ?? e, e)) || clashesWithAccepted(accepted, e));
    if (!inside || clash) {
      deferred.push(fix);
      continue;
    }
    for (const edit of edits) accepted.splice(firstAtOrAfter(accepted, edit.span.startOffset), 0, edit);
    applied.push(fix);
  }
  // One pass over the text: thousands of edits of a large file must not copy it once per edit.
  const parts: string[] = [];
  let at = 0;
  for (const edit of accepted) {
    parts.push(text.slice(at, edit.span.startOffset), edit.text);
    at = edit.span.endOffset;
  }
  parts.push(text.slice(at));
  return { text: parts.join(''), applied, deferred };
}

/** Index of the first accepted edit that starts at or after `offset`. */
function firstAtOrAfter(accepted: readonly TextEdit[], offset: number): number {
  let lo = 0;
  let hi = accepted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((accepted[mid]?.span.startOffset ?? offset) < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Edits apart from each other have ends in the order of their starts, so the neighbours decide. */
function clashesWithAccepted(accepted: readonly TextEdit[], edit: TextEdit): boolean {
  const index = firstAtOrAfter(accepted, edit.span.startOffset);
  return [accepted[index - 1], accepted[index]].some((a) => a !== undefined && overlaps(a, edit));
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
