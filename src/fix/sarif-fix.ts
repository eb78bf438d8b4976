import type * as Sarif from 'sarif';
import type { Fix } from '../rule.js';

/**
 * A finding's fix as SARIF `fixes`: one artifact change per file, one replacement per edit. Regions use
 * line and column (UTF-16 code units, like every location of the log); an empty region is an insertion.
 * No charOffset: offsets index the decoded text, which is not the artifact's bytes when it has a BOM.
 */
export function sarifFixes(fix: Fix | undefined, artifact: (file: string) => Sarif.ArtifactLocation): Pick<Sarif.Result, 'fixes'> {
  if (fix === undefined || fix.edits.length === 0) return {};
  const files = [...new Set(fix.edits.map((e) => e.span.file))];
  return {
    fixes: [
      {
        description: { text: fix.description },
        artifactChanges: files.map((file) => ({
          artifactLocation: artifact(file),
          replacements: fix.edits
            .filter((e) => e.span.file === file)
            .map((e) => ({
              deletedRegion: { startLine: e.span.start.line, startColumn: e.span.start.column, endLine: e.span.end.line, endColumn: e.span.end.column },
              insertedContent: { text: e.text },
            })),
        })),
      },
    ],
  };
}
