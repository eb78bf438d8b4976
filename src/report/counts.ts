import type { Finding, Level } from '../rule.js';

export type Counts = Readonly<Record<Level, number>>;

export function countByLevel(findings: readonly Finding[]): Counts {
  const counts = { error: 0, warning: 0, note: 0 };
  for (const finding of findings) counts[finding.level]++;
  return counts;
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

export function describeCounts(counts: Counts): string {
  const total = counts.error + counts.warning + counts.note;
  return `${plural(total, 'problem')} (${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.note, 'note')})`;
}
