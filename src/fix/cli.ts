import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { LintOptions, LintResult } from '../lint.js';
import { unifiedDiff } from './diff.js';
import { encodeStored, readStored, type StoredText } from './encoding.js';
import { fixUntilStable, type FixOutcome } from './session.js';

export interface FixRequest {
  readonly cwd: string;
  /** The result of the ordinary lint run. */
  readonly first: LintResult;
  /** Rule settings, mode and configuration of that run (paths and files come from `first`). */
  readonly options: Omit<LintOptions, 'paths' | 'files' | 'cwd' | 'ignorePatterns'>;
  /** Standard input, when it was linted: never written back, its fixed text is returned. */
  readonly stdin?: { readonly path: string; readonly content: Uint8Array };
}

/** Runs the fix passes over every file of a lint result, in memory. */
export async function fixInMemory(request: FixRequest): Promise<FixOutcome> {
  const { cwd, first, options, stdin } = request;
  const bytes = new Map<string, Uint8Array | undefined>();
  const contentOf = async (path: string): Promise<Uint8Array | undefined> => {
    if (path === stdin?.path) return stdin.content;
    if (!bytes.has(path)) bytes.set(path, await readFile(resolve(cwd, path)).catch(() => undefined));
    return bytes.get(path);
  };
  const read = async (path: string): Promise<StoredText | undefined> => {
    const content = await contentOf(path);
    return content === undefined ? undefined : readStored(path, content);
  };
  const relint = async (texts: ReadonlyMap<string, string>): Promise<LintResult> => {
    const { lint } = await import('../lint.js');
    const files: { path: string; content: string | Uint8Array }[] = [];
    for (const { path } of first.files) {
      const content = texts.get(path) ?? (await contentOf(path));
      if (content !== undefined) files.push({ path, content });
    }
    return lint({ ...options, cwd, files });
  };
  return fixUntilStable(first, read, relint);
}

/** `--fix-dry-run`: the unified diff of every file a fix would change, in path order ('' when none). */
export function renderDiff(outcome: FixOutcome): string {
  return outcome.files.map((f) => unifiedDiff(f.path, f.original.text, f.text)).join('');
}

/** `--fix`: writes the fixed files in place, in their original encoding and byte order mark. */
export async function writeFixed(outcome: FixOutcome, cwd: string, stdinPath?: string): Promise<void> {
  for (const file of outcome.files) {
    if (file.path === stdinPath) continue;
    await writeFile(resolve(cwd, file.path), encodeStored(file.text, file.original.encoding));
  }
}

export interface FixStage {
  /** `--fix-dry-run`: the diff to print. */
  readonly diff?: string;
  /** `--fix` on standard input: the fixed text to print, in the encoding it came in. */
  readonly stdinText?: Uint8Array;
  /** `--fix`: what remains to report, linted again after the files were written. */
  readonly result: LintResult;
}

/**
 * The CLI's fix step: `write` fixes files in place (standard input is printed instead) and re-lints;
 * otherwise the diff of what would change is returned and nothing is written.
 */
export async function fixStage(request: FixRequest & { readonly write: boolean; readonly relintFromDisk: () => Promise<LintResult> }): Promise<FixStage> {
  const outcome = await fixInMemory(request);
  if (!request.write) return { diff: renderDiff(outcome), result: outcome.result };
  const stdinPath = request.stdin?.path;
  await writeFixed(outcome, request.cwd, stdinPath);
  if (stdinPath !== undefined) {
    const fixedStdin = outcome.files.find((f) => f.path === stdinPath);
    const bytes = fixedStdin === undefined ? request.stdin?.content ?? new Uint8Array() : encodeStored(fixedStdin.text, fixedStdin.original.encoding);
    return { stdinText: bytes, result: outcome.result };
  }
  return { result: outcome.files.length === 0 ? request.first : await request.relintFromDisk() };
}
