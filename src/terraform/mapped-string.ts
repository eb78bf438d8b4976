import type { TemplateText } from '../hcl/index.js';

export interface Range {
  readonly start: number;
  readonly end: number;
}

/**
 * Value characters `[value, next piece's value)` and where they come from in one file's text:
 * - `copy`: copied character for character from `[start, end)`;
 * - `point`: every character stands for the whole `[start, end)` (an escape such as `\"`, or
 *   text computed from something there);
 * - `after`: computed text (YAML punctuation, indentation) placed right after whatever
 *   character precedes it in the final string, zero-width; `start` is used when nothing does.
 */
export interface Piece {
  readonly value: number;
  readonly kind: 'copy' | 'point' | 'after';
  readonly start: number;
  readonly end: number;
  /**
   * For characters written elsewhere in the file (a local's value used in a template): the
   * expression that brought them in. Embedded text maps them there, so that positions stay in
   * order along the string.
   */
  readonly via?: Range | undefined;
}

function within(inner: Range, outer: Range): boolean {
  return inner.start >= outer.start && inner.end <= outer.end;
}

function sameRange(a: Range | undefined, b: Range | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.start === b.start && a.end === b.end;
}

/**
 * A computed string together with where each of its characters came from in one file's text.
 * Characters whose source is in another file (a local defined elsewhere) map to a fallback
 * range of this file, usually the expression that brought them in.
 */
export class MappedString {
  value = '';
  private readonly list: Piece[] = [];

  /**
   * @param file the path of the text the offsets point into
   * @param anchor where an empty string points
   */
  constructor(
    readonly file: string,
    readonly anchor: number,
  ) {}

  get length(): number {
    return this.value.length;
  }

  get pieces(): readonly Piece[] {
    return this.list;
  }

  private push(text: string, kind: Piece['kind'], start: number, end: number, via: Range | undefined): this {
    if (text.length === 0) return this;
    const last = this.list[this.list.length - 1];
    if (last?.kind === kind && sameRange(last.via, via)) {
      if (kind === 'copy' && last.end === start) {
        this.list[this.list.length - 1] = { ...last, end: start + text.length };
        this.value += text;
        return this;
      }
      if (kind === 'after' || (kind === 'point' && last.start === start && last.end === end)) {
        this.value += text;
        return this;
      }
    }
    this.list.push({ value: this.value.length, kind, start, end: kind === 'copy' ? start + text.length : Math.max(start, end), via });
    this.value += text;
    return this;
  }

  /** Characters copied verbatim from `source[start, start + text.length)`. */
  copy(text: string, start: number, via?: Range): this {
    return this.push(text, 'copy', start, start + text.length, via);
  }

  /** Characters that all stand for `source[start, end)` (an escape, or computed text when `start === end`). */
  point(text: string, start: number, end: number, via?: Range): this {
    return this.push(text, 'point', start, end, via);
  }

  /** Computed characters placed right after whatever precedes them (at `fallback` when nothing does). */
  synthetic(text: string, fallback: number): this {
    return this.push(text, 'after', fallback, fallback, undefined);
  }

  /**
   * Appends another mapped string brought in by the expression at `[fallbackStart, fallbackEnd)`
   * (an interpolation, a function call). Its characters keep their exact sources; those written
   * outside that expression also remember it (`via`). A string from another file maps to the
   * expression alone.
   */
  append(other: MappedString, fallbackStart: number, fallbackEnd: number): this {
    if (other.file !== this.file) return this.point(other.value, fallbackStart, fallbackEnd);
    const outer: Range = { start: fallbackStart, end: Math.max(fallbackStart, fallbackEnd) };
    other.forEachPiece((piece, text) => {
      const via = piece.via === undefined ? (within(piece, outer) ? undefined : outer) : within(piece.via, outer) ? piece.via : outer;
      this.push(text, piece.kind, piece.start, piece.end, via);
    });
    return this;
  }

  /** Appends characters of the same file put back together (slices of one string), sources unchanged. */
  extend(other: MappedString): this {
    if (other.file !== this.file) return this.point(other.value, this.anchor, this.anchor);
    other.forEachPiece((piece, text) => this.push(text, piece.kind, piece.start, piece.end, piece.via));
    return this;
  }

  /** Appends the literal text of a template (its runs say where every character came from). */
  appendText(text: Pick<TemplateText, 'value' | 'runs'>): this {
    const runs = text.runs;
    for (let i = 0; i < runs.length; i++) {
      const run = runs[i];
      if (run === undefined) continue;
      const piece = text.value.slice(run.value, runs[i + 1]?.value ?? text.value.length);
      if (run.end - run.start === piece.length) this.copy(piece, run.start);
      else this.point(piece, run.start, run.end);
    }
    return this;
  }

  private forEachPiece(fn: (piece: Piece, text: string) => void): void {
    for (let i = 0; i < this.list.length; i++) {
      const piece = this.list[i];
      if (piece !== undefined) fn(piece, this.value.slice(piece.value, this.list[i + 1]?.value ?? this.value.length));
    }
  }

  /** Index of the piece holding value offset `offset` (which must be inside the value). */
  private pieceAt(offset: number): number {
    let lo = 0;
    let hi = this.list.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.list[mid]?.value ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Where the character at `index` starts (`embed`: characters from elsewhere at what brought them in). */
  private charStart(index: number, embed: boolean): number {
    const at = this.pieceAt(index);
    const piece = this.list[at];
    if (piece === undefined) return this.anchor;
    if (piece.kind === 'after') return this.endBefore(at, embed);
    if (embed && piece.via !== undefined) return piece.via.start;
    return piece.kind === 'copy' ? piece.start + (index - piece.value) : piece.start;
  }

  /** Where the character at `index` ends. */
  private charEnd(index: number, embed: boolean): number {
    const at = this.pieceAt(index);
    const piece = this.list[at];
    if (piece === undefined) return this.anchor;
    if (piece.kind === 'after') return this.endBefore(at, embed);
    if (embed && piece.via !== undefined) return piece.via.end;
    return piece.kind === 'copy' ? piece.start + (index - piece.value) + 1 : piece.end;
  }

  /** Where the last character before piece `at` ends (its own fallback when none does). */
  private endBefore(at: number, embed: boolean): number {
    for (let i = at - 1; i >= 0; i--) {
      const previous = this.list[i];
      if (previous === undefined || previous.kind === 'after') continue;
      return this.charEnd((this.list[i + 1]?.value ?? this.value.length) - 1, embed);
    }
    return this.list[at]?.start ?? this.anchor;
  }

  /** Source offset where the character at `offset` starts; at or past the end, where the last one ends. */
  sourceStart(offset: number): number {
    if (this.list.length === 0) return this.anchor;
    if (offset >= this.value.length) return this.sourceEnd(this.value.length);
    return this.charStart(Math.max(0, offset), false);
  }

  /** Source offset where the character before `offset` ends (the exclusive end of a value range ending at `offset`). */
  sourceEnd(offset: number): number {
    if (this.list.length === 0) return this.anchor;
    if (offset <= 0) return this.sourceStart(0);
    return this.charEnd(Math.min(offset, this.value.length) - 1, false);
  }

  /** Like `sourceStart`, but characters brought in from elsewhere map to the start of what brought them in. */
  embedStart(offset: number): number {
    if (this.list.length === 0) return this.anchor;
    if (offset >= this.value.length) return this.embedEnd(this.value.length);
    return this.charStart(Math.max(0, offset), true);
  }

  /** Like `sourceEnd`, but characters brought in from elsewhere map to the end of what brought them in. */
  embedEnd(offset: number): number {
    if (this.list.length === 0) return this.anchor;
    if (offset <= 0) return this.embedStart(0);
    return this.charEnd(Math.min(offset, this.value.length) - 1, true);
  }

  /** Whether the characters `[from, to)` were all written in one place (none, or all, brought in from elsewhere by one expression). */
  sameOrigin(from: number, to: number): boolean {
    if (to <= from || this.list.length === 0) return true;
    let via: Range | undefined;
    let seen = false;
    for (let i = this.pieceAt(Math.max(0, from)); i < this.list.length; i++) {
      const piece = this.list[i];
      if (piece === undefined || piece.value >= to) break;
      if (piece.kind === 'after') continue;
      if (!seen) via = piece.via;
      else if (!sameRange(via, piece.via)) return false;
      seen = true;
    }
    return true;
  }

  /** The characters `[from, to)` with their sources. */
  slice(from: number, to: number): MappedString {
    const start = Math.max(0, Math.min(from, this.value.length));
    const end = Math.max(start, Math.min(to, this.value.length));
    const out = new MappedString(this.file, this.sourceStart(start));
    if (end === start) return out;
    for (let i = this.pieceAt(start); i < this.list.length; i++) {
      const piece = this.list[i];
      if (piece === undefined || piece.value >= end) break;
      const pieceEnd = this.list[i + 1]?.value ?? this.value.length;
      const a = Math.max(start, piece.value);
      const b = Math.min(end, pieceEnd);
      if (b <= a) continue;
      const text = this.value.slice(a, b);
      if (piece.kind === 'copy') out.copy(text, piece.start + (a - piece.value), piece.via);
      else if (piece.kind === 'point') out.point(text, piece.start, piece.end, piece.via);
      else {
        // What preceded it may be cut off: settle where it is now.
        const at = this.charStart(a, false);
        out.push(text, 'after', at, at, piece.via);
      }
    }
    return out;
  }

  /** The string with each piece's text changed by `fn`, sources kept; undefined when a length changes. */
  transform(fn: (text: string) => string): MappedString | undefined {
    const out = new MappedString(this.file, this.anchor);
    for (let i = 0; i < this.list.length; i++) {
      const piece = this.list[i];
      if (piece === undefined) continue;
      const text = this.value.slice(piece.value, this.list[i + 1]?.value ?? this.value.length);
      const changed = fn(text);
      if (changed.length !== text.length) return undefined;
      out.push(changed, piece.kind, piece.start, piece.end, piece.via);
    }
    return out;
  }

  /** The source range of the whole value when it was copied verbatim from one stretch of text. */
  verbatimRange(): Range | undefined {
    const only = this.list[0];
    if (this.list.length !== 1 || only?.kind !== 'copy' || only.via !== undefined) return undefined;
    return { start: only.start, end: only.end };
  }
}
