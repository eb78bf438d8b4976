import type { LintResult } from '../lint.js';
import type { Fix } from '../rule.js';
import { applyFixes } from './apply.js';
import type { StoredText } from './encoding.js';

/** ESLint's bound too: fixes that keep producing new fixes stop here. */
export const MAX_PASSES = 10;

export interface FixedFile {
  readonly path: string;
  readonly original: StoredText;
  readonly text: string;
}

export interface FixOutcome {
  /** Files whose text changed, in path order. */
  readonly files: readonly FixedFile[];
  /** The lint result over the fixed texts. */
  readonly result: LintResult;
  readonly applied: number;
  readonly passes: number;
}

/**
 * Lint, fix, lint again until no fix applies (or MAX_PASSES): a pass applies the fixes that do not overlap,
 * the next lint finds the rest on the changed text. Suppressed findings are accepted as they are and
 * never fixed. `read` gives a file's stored text; `relint` lints every file with the given texts in place.
 */
export async function fixUntilStable(
  first: LintResult,
  read: (path: string) => Promise<StoredText | undefined>,
  relint: (texts: ReadonlyMap<string, string>) => Promise<LintResult>,
): Promise<FixOutcome> {
  const originals = new Map<string, StoredText | undefined>();
  const texts = new Map<string, string>();
  let result = first;
  let applied = 0;
  let passes = 0;
  // A fix offered again, identically, after it was applied did not resolve its finding: applying it again
  // would repeat the edit on every pass (an insertion ten times over), so it is dropped.
  const done = new Set<string>();
  while (passes < MAX_PASSES) {
    const byFile = fixesByFile(result);
    let changed = false;
    for (const [path, offered] of [...byFile].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (!originals.has(path)) originals.set(path, await read(path));
      const original = originals.get(path);
      if (original === undefined) continue;
      const before = texts.get(path) ?? original.text;
      const fixes = offered.filter((fix) => !done.has(signature(fix)));
      const outcome = applyFixes(path, before, fixes);
      if (outcome.text === before) continue;
      texts.set(path, outcome.text);
      applied += outcome.applied.length;
      for (const fix of outcome.applied) done.add(signature(fix));
      changed = true;
    }
    if (!changed) break;
    passes++;
    result = await relint(texts);
  }
  const files = [...texts]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .flatMap(([path, text]) => {
      const original = originals.get(path);
      return original === undefined || original.text === text ? [] : [{ path, original, text }];
    });
  return { files, result, applied, passes };
}

function fixesByFile(result: LintResult): Map<string, Fix[]> {
  const byFile = new Map<string, Fix[]>();
  for (const finding of result.findings) {
    const file = finding.fix?.edits[0]?.span.file;
    if (finding.fix === undefined || file === undefined || finding.suppression !== undefined) continue;
    byFile.set(file, [...(byFile.get(file) ?? []), finding.fix]);
  }
  return byFile;
}

/** What a fix does, where: its description and each edit's position and text. */
function signature(fix: Fix): string {
  return JSON.stringify([fix.description, fix.edits.map((e) => [e.span.file, e.span.start.line, e.span.start.column, e.span.end.line, e.span.end.column, e.text])]);
}
