import type { LintResult } from '../lint.js';
import type { Finding, Level } from '../rule.js';
import { countByLevel, describeCounts, plural } from './counts.js';
import type { FormatOptions } from './index.js';

const COLORS: Readonly<Record<Level | 'dim' | 'underline' | 'bold', string>> = {
  error: '\u001b[31m', warning: '\u001b[33m', note: '\u001b[36m', dim: '\u001b[2m', underline: '\u001b[4m', bold: '\u001b[1m',
};
const RESET = '\u001b[0m';

/** Human output: findings grouped by file, aligned columns, a closing count. */
export function stylish(all: LintResult, options: FormatOptions): string {
  // Findings suppressed by an inline directive are listed only by the json and sarif formats.
  const result = { ...all, findings: all.findings.filter((f) => f.suppression === undefined) };
  const paint = (style: keyof typeof COLORS, text: string): string => (options.color === true ? `${COLORS[style]}${text}${RESET}` : text);
  const lines: string[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const finding of result.findings) byFile.set(finding.span.file, [...(byFile.get(finding.span.file) ?? []), finding]);
  for (const [file, findings] of byFile) {
    lines.push(paint('underline', file));
    const positionWidth = Math.max(...findings.map((f) => position(f).length));
    const levelWidth = Math.max(...findings.map((f) => f.level.length));
    for (const finding of findings) {
      const pos = position(finding).padEnd(positionWidth);
      lines.push(`  ${paint('dim', pos)}  ${paint(finding.level, finding.level.padEnd(levelWidth))}  ${finding.message}  ${paint('dim', finding.ruleId)}`);
      for (const related of finding.related) {
        const where = related.span.file === file ? `${related.span.start.line}:${related.span.start.column}` : `${related.span.file}:${related.span.start.line}:${related.span.start.column}`;
        lines.push(`  ${' '.repeat(positionWidth + levelWidth + 4)}${paint('dim', `related: ${where} ${related.message}`)}`);
      }
    }
    lines.push('');
  }
  const skipped = result.files.filter((f) => f.status === 'skipped');
  for (const file of skipped) lines.push(paint('dim', `skipped ${file.path}: ${file.reason ?? ''}`));
  if (skipped.length > 0) lines.push('');
  const counts = countByLevel(result.findings);
  const linted = result.files.filter((f) => f.status === 'linted').length;
  if (result.findings.length === 0) {
    lines.push(`No problems found (${plural(linted, 'file')} with EKS auth configuration).`);
  } else {
    const worst: Level = counts.error > 0 ? 'error' : counts.warning > 0 ? 'warning' : 'note';
    lines.push(paint(worst, paint('bold', `✖ ${describeCounts(counts)}`)));
  }
  return `${lines.join('\n')}\n`;
}

function position(finding: Finding): string {
  return `${finding.span.start.line}:${finding.span.start.column}`;
}
