import type { LintResult } from '../lint.js';
import type { Span } from '../span.js';
import { countByLevel } from './counts.js';

/**
 * The stable JSON format (documented in docs/output-formats.md). Fields are only ever added.
 * Positions are 1-based; `endColumn` is exclusive; columns count UTF-16 code units.
 */
export function json(result: LintResult): string {
  // Counts are of the findings that count: suppressed ones are listed but not counted.
  const counts = countByLevel(result.findings.filter((f) => f.suppression === undefined));
  const report = {
    tool: { name: 'eks-auth-lint', version: result.toolVersion },
    summary: {
      errors: counts.error,
      warnings: counts.warning,
      notes: counts.note,
      filesLinted: result.files.filter((f) => f.status === 'linted').length,
      filesSkipped: result.files.filter((f) => f.status === 'skipped').length,
      filesFailed: result.files.filter((f) => f.status === 'failed').length,
    },
    findings: result.findings.map((f) => ({
      ruleId: f.ruleId,
      level: f.level,
      message: f.message,
      ...location(f.span),
      related: f.related.map((r) => ({ ...location(r.span), message: r.message })),
      ...(f.suppression === undefined ? {} : { suppressed: { justification: f.suppression.justification } }),
      ...(f.fix === undefined ? {} : { fix: { description: f.fix.description, edits: f.fix.edits.map((e) => ({ ...location(e.span), text: e.text })) } }),
    })),
    files: result.files.filter((f) => f.status !== 'not-relevant').map((f) => (f.reason === undefined ? { path: f.path, status: f.status } : { path: f.path, status: f.status, reason: f.reason })),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

export function location(span: Span): { file: string; line: number; column: number; endLine: number; endColumn: number } {
  return { file: span.file, line: span.start.line, column: span.start.column, endLine: span.end.line, endColumn: span.end.column };
}
