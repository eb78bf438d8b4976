/** 1-based line and column; columns count UTF-16 code units, as SARIF declares. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** A source range in one file. `end` is exclusive; offsets index the decoded file text. */
export interface Span {
  readonly file: string;
  readonly start: Position;
  readonly end: Position;
  readonly startOffset: number;
  readonly endOffset: number;
}

/** Converts offsets of one text into positions; built once per file. */
export class LineIndex {
  private readonly lineStarts: number[] = [0];

  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
    }
  }

  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: clamped - (this.lineStarts[lo] ?? 0) + 1 };
  }

  span(startOffset: number, endOffset: number): Span {
    const end = Math.max(startOffset, endOffset);
    return {
      file: this.file,
      start: this.position(startOffset),
      end: this.position(end),
      startOffset,
      endOffset: end,
    };
  }

  /** Offset where the given 1-based line starts. */
  lineStart(line: number): number {
    return this.lineStarts[line - 1] ?? this.text.length;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }
}

export function compareSpans(a: Span, b: Span): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.startOffset - b.startOffset || a.endOffset - b.endOffset;
}
