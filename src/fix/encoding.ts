import { decode } from '../input.js';

/** How a file's text was stored, so that a fixed file is written back the same way. */
export type Encoding = 'utf8' | 'utf8-bom' | 'utf16le' | 'utf16be';

export interface StoredText {
  /** The decoded text, as the engine sees it (offsets of spans index it); no byte order mark. */
  readonly text: string;
  readonly encoding: Encoding;
}

/** Reads bytes the way the engine does; undefined for binary or invalid text, which is never fixed. */
export function readStored(path: string, content: Uint8Array | string): StoredText | undefined {
  const decoded = decode({ path, content });
  if (!decoded.ok) return undefined;
  if (typeof content === 'string') return { text: decoded.text, encoding: content.charCodeAt(0) === 0xfeff ? 'utf8-bom' : 'utf8' };
  const [b0, b1, b2] = [content[0], content[1], content[2]];
  const encoding: Encoding = b0 === 0xff && b1 === 0xfe ? 'utf16le' : b0 === 0xfe && b1 === 0xff ? 'utf16be' : b0 === 0xef && b1 === 0xbb && b2 === 0xbf ? 'utf8-bom' : 'utf8';
  return { text: decoded.text, encoding };
}

/** The bytes of `text` in `encoding`, byte order mark included where the original had one. */
export function encodeStored(text: string, encoding: Encoding): Buffer {
  switch (encoding) {
    case 'utf8': return Buffer.from(text, 'utf8');
    case 'utf8-bom': return Buffer.from(`\uFEFF${text}`, 'utf8');
    case 'utf16le': return Buffer.from(`\uFEFF${text}`, 'utf16le');
    case 'utf16be': return Buffer.from(`\uFEFF${text}`, 'utf16le').swap16();
  }
}
