import { relative, resolve, sep } from 'node:path';
import type { LintResult } from '../lint.js';
import type { Finding, Level } from '../rule.js';
import { countByLevel, describeCounts } from './counts.js';

const COMMAND: Readonly<Record<Level, string>> = { error: 'error', warning: 'warning', note: 'notice' };
const ORDER: readonly Level[] = ['error', 'warning', 'note'];

/**
 * GitHub Actions workflow commands, one annotation per finding, errors first (GitHub shows the
 * first ten of each level per step). `stepSummary` renders all of them as a Markdown table.
 */
export function github(result: LintResult): string {
  const findings = result.findings.filter((f) => f.suppression === undefined).sort((a, b) => ORDER.indexOf(a.level) - ORDER.indexOf(b.level));
  const lines = findings.map((finding) => annotation(result, finding));
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

function annotation(result: LintResult, finding: Finding): string {
  const { start, end } = finding.span;
  const properties = [
    `file=${escapeProperty(repositoryPath(result, finding.span.file))}`,
    `line=${start.line}`,
    `endLine=${end.line}`,
    `col=${start.column}`,
    `endColumn=${end.column}`,
    `title=${escapeProperty(`eks-auth-lint (${finding.ruleId})`)}`,
  ];
  return `::${COMMAND[finding.level]} ${properties.join(',')}::${escapeData(finding.message)}`;
}

export function stepSummary(all: LintResult): string {
  const result = { ...all, findings: all.findings.filter((f) => f.suppression === undefined) };
  const counts = countByLevel(result.findings);
  const lines = ['## eks-auth-lint', ''];
  if (result.findings.length === 0) {
    lines.push('No problems found.', '');
    return lines.join('\n');
  }
  lines.push(describeCounts(counts), '', '| Level | Location | Rule | Message |', '|---|---|---|---|');
  for (const f of result.findings) {
    const where = `${repositoryPath(result, f.span.file)}:${f.span.start.line}:${f.span.start.column}`;
    lines.push(`| ${f.level} | \`${where}\` | [${f.ruleId}](https://github.com/eks-auth-lint/eks-auth-lint/blob/main/rules/${f.ruleId}/README.md) | ${escapeCell(f.message)} |`);
  }
  lines.push('');
  return lines.join('\n');
}

/** Annotations resolve `file` against the repository root. */
function repositoryPath(result: LintResult, file: string): string {
  return relative(result.root, resolve(result.cwd, file)).split(sep).join('/');
}

function escapeData(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

function escapeCell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}
