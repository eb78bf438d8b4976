import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, type Stats } from 'node:fs';
import type { DiscoveredFile } from './discover.js';
import { MAX_FILE_BYTES, TOO_LARGE, type InputFile } from './input.js';
import { looksRelevant } from './load-file.js';

/** How much of a file over the size limit is read to tell whether it looks like EKS auth configuration. */
const HEAD_BYTES = 64 * 1024;
/** Opening a FIFO for reading blocks until a writer appears; non-blocking, it returns at once and fstat tells. */
const OPEN_FLAGS = constants.O_RDONLY | (process.platform === 'win32' ? 0 : constants.O_NONBLOCK);
/** Found by discovery, gone when read (a build step or an editor replaced it): nothing left to lint. */
const DISAPPEARED = 'the file disappeared before it could be read';

/**
 * Reads discovered files from disk, in order, one open file at a time (100,000 files must not run into the
 * open-file limit), never blocking on a FIFO and never reading more than the size limit into memory.
 * Synchronous inside on purpose: for many small files, a promise per system call costs more than the reads.
 * What cannot or should not be read carries a reason instead of content: an error finding when the file
 * was named explicitly or looks relevant, a skip otherwise.
 */
export function readInputs(files: readonly DiscoveredFile[]): Promise<InputFile[]> {
  return Promise.resolve(files.map(readInput));
}

export function readInput(file: DiscoveredFile): InputFile {
  const base = { path: file.path, content: '', explicit: file.explicit };
  const skipUnlessExplicit = (reason: string): InputFile => (file.explicit ? { ...base, readError: reason } : { ...base, skipReason: reason });
  let fd: number;
  try {
    fd = openSync(file.absolutePath, OPEN_FLAGS);
  } catch (error) {
    const code = codeOf(error);
    if (code === 'ELOOP') return skipUnlessExplicit('symbolic link loop: not read');
    if (code === 'ENOENT') return skipUnlessExplicit(isLink(file.absolutePath) ? 'dangling symbolic link (its target does not exist): not read' : DISAPPEARED);
    return { ...base, readError: code === 'EACCES' || code === 'EPERM' ? `permission denied (${code})` : `cannot open the file (${code})` };
  }
  try {
    const stats = fstatSync(fd);
    if (stats.isDirectory()) return skipUnlessExplicit(isLink(file.absolutePath) ? 'symbolic link to a directory: not followed' : 'a directory, not a file: not read');
    if (!stats.isFile()) return skipUnlessExplicit(`not a regular file (${kindOf(stats)}): not read`);
    const content = stats.size > MAX_FILE_BYTES ? undefined : readAtMost(fd, stats.size, MAX_FILE_BYTES);
    if (content !== undefined) return { ...base, content };
    return file.explicit || looksRelevant(file.path, head(fd)) ? { ...base, readError: TOO_LARGE } : { ...base, skipReason: TOO_LARGE };
  } catch (error) {
    return { ...base, readError: `cannot read the file (${codeOf(error)})` };
  } finally {
    closeSync(fd);
  }
}

/** The whole file, or undefined when it holds more than `limit` bytes (it may have grown since it was measured). */
function readAtMost(fd: number, expected: number, limit: number): Uint8Array | undefined {
  let buffer = Buffer.allocUnsafe(Math.min(expected, limit) + 1);
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (length > limit) return undefined;
      const grown = Buffer.allocUnsafe(Math.min(buffer.length * 2, limit + 1));
      buffer.copy(grown);
      buffer = grown;
    }
    const bytesRead = readSync(fd, buffer, length, buffer.length - length, length);
    if (bytesRead === 0) return buffer.subarray(0, length);
    length += bytesRead;
  }
}

/** The beginning of the file as text, for the relevance test of a file too large to read. */
function head(fd: number): string {
  const buffer = Buffer.alloc(HEAD_BYTES);
  const bytes = buffer.subarray(0, readSync(fd, buffer, 0, HEAD_BYTES, 0));
  const encoding = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : 'utf-8';
  return new TextDecoder(encoding).decode(bytes);
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

function kindOf(stats: Stats): string {
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  return 'unknown type';
}

function codeOf(error: unknown): string {
  const code = error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined;
  return code ?? 'error';
}
