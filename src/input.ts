import type { LineIndex, Span } from './span.js';
import { LineIndex as Lines } from './span.js';

/** One file as the engine receives it: a display path and its bytes or text. */
export interface InputFile {
  /** Path shown in reports (relative to the working directory, forward slashes). */
  readonly path: string;
  readonly content: string | Uint8Array;
  /** Set when the file could not be read at all (permissions, a dangling link). */
  readonly readError?: string;
  /** Set when the file was deliberately not read (too large, not a regular file): a skip unless `explicit`. */
  readonly skipReason?: string;
  /** Named on the command line or piped in: parse failures are reported even if it does not look like EKS auth. */
  readonly explicit?: boolean;
}

export type Decoded =
  | { readonly ok: true; readonly text: string; readonly lines: LineIndex }
  | { readonly ok: false; readonly reason: string; readonly binary: boolean; readonly span?: Span };

/** Larger files are not read: no EKS auth configuration is that big, and memory stays bounded. */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;
export const TOO_LARGE = `file is larger than the ${MAX_FILE_BYTES / 1024 / 1024} MiB limit: not read`;
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Bytes to text: refuses binary files and invalid UTF-8 with a reason, strips a BOM. */
export function decode(file: InputFile): Decoded {
  if (file.readError !== undefined) return { ok: false, reason: file.readError, binary: false };
  if (file.skipReason !== undefined) return { ok: false, reason: file.skipReason, binary: true };
  if (typeof file.content === 'string') return textResult(file.path, file.content);
  const bytes = file.content;
  if (bytes.length > MAX_FILE_BYTES) return { ok: false, reason: TOO_LARGE, binary: true };
  // Windows PowerShell 5 writes UTF-16 with a byte order mark; Go's YAML reads it, so do we.
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : undefined;
  if (utf16 !== undefined) return textResult(file.path, new TextDecoder(utf16).decode(bytes.subarray(2)));
  // Anywhere in the file, not only near its start: neither YAML nor HCL text can hold a NUL byte.
  if (bytes.includes(0)) return { ok: false, reason: 'binary file (contains NUL bytes)', binary: true };
  try {
    return textResult(file.path, decoder.decode(bytes));
  } catch {
    const bad = firstInvalidUtf8(bytes);
    const before = new TextDecoder('utf-8').decode(bytes.subarray(0, bad));
    const lines = new Lines(file.path, before);
    return {
      ok: false,
      reason: `invalid UTF-8 (byte 0x${(bytes[bad] ?? 0).toString(16).padStart(2, '0')} at offset ${bad})`,
      binary: false,
      span: lines.span(before.length, before.length),
    };
  }
}

function textResult(path: string, raw: string): Decoded {
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  return { ok: true, text, lines: new Lines(path, text) };
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (length === 0) return i;
    for (let k = 1; k < length; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    try {
      decoder.decode(bytes.subarray(i, i + length));
    } catch {
      return i;
    }
    i += length;
  }
  return i;
}
