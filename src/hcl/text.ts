import type { TemplateText, TextRun } from './ast.js';

/**
 * Literal template text under construction: the value and, per run, where it came from.
 * A run is either copied (value length = source length, characters map one to one) or a
 * single escape (all its value characters map to the escape's first source character).
 */
export class MappedText {
  value = '';
  runs: TextRun[] = [];

  /** Characters copied verbatim from `source[start, start + text.length)`. */
  copy(text: string, start: number): void {
    if (text.length === 0) return;
    const last = this.runs[this.runs.length - 1];
    if (last?.end === start && last.end - last.start === this.value.length - last.value) {
      this.runs[this.runs.length - 1] = { value: last.value, start: last.start, end: start + text.length };
    } else {
      this.runs.push({ value: this.value.length, start, end: start + text.length });
    }
    this.value += text;
  }

  /** `text` produced by the escape sequence at `source[start, end)`. */
  escape(text: string, start: number, end: number): void {
    if (text.length === 0) return;
    this.runs.push({ value: this.value.length, start, end });
    this.value += text;
  }

  /** Removes the first `n` value characters. */
  dropStart(n: number): void {
    if (n <= 0) return;
    const total = this.value.length;
    const runs: TextRun[] = [];
    for (let i = 0; i < this.runs.length; i++) {
      const run = this.runs[i];
      if (run === undefined) continue;
      const runEnd = this.runs[i + 1]?.value ?? total;
      if (runEnd <= n) continue;
      if (run.value >= n) {
        runs.push({ value: run.value - n, start: run.start, end: run.end });
      } else {
        const linear = run.end - run.start === runEnd - run.value;
        runs.push({ value: 0, start: linear ? run.start + (n - run.value) : run.start, end: run.end });
      }
    }
    this.runs = runs;
    this.value = this.value.slice(n);
  }

  /** Keeps the first `n` value characters. */
  keepStart(n: number): void {
    const total = this.value.length;
    if (n >= total) return;
    const runs: TextRun[] = [];
    for (let i = 0; i < this.runs.length; i++) {
      const run = this.runs[i];
      if (run === undefined || run.value >= n) break;
      const runEnd = this.runs[i + 1]?.value ?? total;
      const linear = run.end - run.start === runEnd - run.value;
      runs.push(runEnd > n && linear ? { value: run.value, start: run.start, end: run.start + (n - run.value) } : run);
    }
    this.runs = runs;
    this.value = this.value.slice(0, n);
  }

  append(other: MappedText): void {
    for (let i = 0; i < other.runs.length; i++) {
      const run = other.runs[i];
      if (run === undefined) continue;
      const piece = other.value.slice(run.value, other.runs[i + 1]?.value ?? other.value.length);
      if (run.end - run.start === piece.length) this.copy(piece, run.start);
      else this.escape(piece, run.start, run.end);
    }
  }
}

/**
 * The source offset of the character at `valueOffset` in a template text's value. Offsets at
 * or past the end map to the end of the last character's source (so `[a, b)` value ranges map to
 * source ranges); an empty text maps to the start of its range.
 */
export function textToSource(text: Pick<TemplateText, 'value' | 'runs' | 'range'>, valueOffset: number): number {
  const runs = text.runs;
  const last = runs[runs.length - 1];
  if (last === undefined) return text.range.start;
  if (valueOffset >= text.value.length) return last.end;
  let lo = 0;
  let hi = runs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((runs[mid]?.value ?? 0) <= valueOffset) lo = mid;
    else hi = mid - 1;
  }
  const run = runs[lo];
  if (run === undefined) return text.range.start;
  const runEnd = runs[lo + 1]?.value ?? text.value.length;
  const offset = Math.max(0, valueOffset - run.value);
  return run.end - run.start === runEnd - run.value ? run.start + offset : run.start;
}

/** Go's unicode.IsSpace, which HCL uses for `~` stripping and `<<-` flushing. */
export function isSpace(c: number): boolean {
  return (
    c === 32 || (c >= 9 && c <= 13) || c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000
  );
}

export function leadingSpaces(value: string): number {
  let i = 0;
  while (i < value.length && isSpace(value.charCodeAt(i))) i++;
  return i;
}

export function trailingSpaces(value: string): number {
  let i = value.length;
  while (i > 0 && isSpace(value.charCodeAt(i - 1))) i--;
  return value.length - i;
}
