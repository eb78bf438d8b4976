/**
 * Bytes of a log file to text. Unlike configuration files (16 MiB, strict UTF-8), a log export of 100k
 * lines is tens of megabytes, and a file cut with `head -c` may end inside a multi-byte character: such
 * bytes become U+FFFD instead of refusing the whole file.
 */

/** About a million authenticator lines; well below the longest string V8 can hold. */
export const MAX_LOG_BYTES = 256 * 1024 * 1024;

export type DecodedLog = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly reason: string };

export function decodeLog(bytes: Uint8Array): DecodedLog {
  if (bytes.length > MAX_LOG_BYTES) return { ok: false, reason: `larger than the ${MAX_LOG_BYTES / 1024 / 1024} MiB limit for a log: not read (filter it first, e.g. with a Logs Insights query)` };
  // Windows PowerShell 5 redirection (`aws logs tail ... > out.log`) writes UTF-16 with a byte order mark.
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : undefined;
  if (utf16 !== undefined) return { ok: true, text: new TextDecoder(utf16).decode(bytes.subarray(2)) };
  if (bytes.includes(0)) return { ok: false, reason: 'binary file (contains NUL bytes)' };
  return { ok: true, text: new TextDecoder('utf-8').decode(bytes) };
}
