/** Levenshtein distance, for did-you-mean suggestions on short keys. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The closest candidate, when it is close enough to be a plausible typo: at most `maxDistance` edits (by default
 * a third of the word, at least 2). Case, spaces, `_` and `-` are ignored on both sides; on a tie the earlier
 * candidate wins.
 */
export function closest(word: string, candidates: readonly string[], maxDistance?: number): string | undefined {
  const normalize = (s: string): string => s.toLowerCase().replace(/[\s_-]/g, '');
  const normalized = normalize(word);
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(normalized, normalize(candidate));
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= (maxDistance ?? Math.max(2, Math.floor(normalized.length / 3))) ? best : undefined;
}
