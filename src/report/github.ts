import type { LintResult } from '../lint.js';
import { repositoryPath } from '../repository-path.js';
import type { Finding, Level } from '../rule.js';
import { countByLevel, describeCounts, plural } from './counts.js';

const COMMAND: Readonly<Record<Level, string>> = { error: 'error', warning: 'warning', note: 'notice' };
const ORDER: readonly Level[] = ['error', 'warning', 'note'];

/**
 * GitHub shows at most 10 error, 10 warning and 10 notice annotations per step and drops the rest
 * silently, so no more than this many of each level are emitted.
 */
export const ANNOTATIONS_PER_LEVEL = 10;
/** GitHub refuses a step summary over 1 MiB; the table stops short of that. */
const SUMMARY_LIMIT_BYTES = 1_000_000;

/**
 * GitHub Actions workflow commands: the most severe findings first, then by file and position, at
 * most ANNOTATIONS_PER_LEVEL per level. When some are left out, a last notice says how many, and
 * `stepSummary` lists all of them.
 */
export function github(result: LintResult): string {
  const findings = shownFindings(result);
  const byLevel = (level: Level): Finding[] => findings.filter((f) => f.level === level);
  const overflow = ORDER.some((level) => byLevel(level).length > ANNOTATIONS_PER_LEVEL);
  // The closing notice is a notice too: it takes the tenth place, so that GitHub still shows it.
  const cap = (level: Level): number => (overflow && level === 'note' ? ANNOTATIONS_PER_LEVEL - 1 : ANNOTATIONS_PER_LEVEL);
  const lines = ORDER.flatMap((level) => byLevel(level).slice(0, cap(level)).map((finding) => annotation(result, finding)));
  if (overflow) {
    const left = { error: 0, warning: 0, note: 0 };
    for (const level of ORDER) left[level] = Math.max(0, byLevel(level).length - cap(level));
    lines.push(omissionNotice(left));
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

function omissionNotice(left: Readonly<Record<Level, number>>): string {
  const total = left.error + left.warning + left.note;
  const parts = ORDER.filter((level) => left[level] > 0).map((level) => plural(left[level], level));
  const message = `${plural(total, 'more finding')} (${parts.join(', ')}) not shown as annotations: GitHub shows ${ANNOTATIONS_PER_LEVEL} per level and step. The job summary lists them all.`;
  return `::notice title=${escapeProperty('eks-auth-lint')}::${escapeData(message)}`;
}

/** Findings the annotations and the summary show: not suppressed, most severe first, then by place. */
function shownFindings(result: LintResult): Finding[] {
  return result.findings
    .filter((f) => f.suppression === undefined)
    .map((finding) => ({ finding, path: repositoryPath(result, finding.span.file) }))
    .sort((a, b) => ORDER.indexOf(a.finding.level) - ORDER.indexOf(b.finding.level)
      || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)
      || a.finding.span.start.line - b.finding.span.start.line
      || a.finding.span.start.column - b.finding.span.start.column)
    .map(({ finding }) => finding);
}

function annotation(result: LintResult, finding: Finding): string {
  const { start, end } = finding.span;
  // GitHub takes columns only on a one-line annotation; an end at column 1 does not cover its line.
  const endLine = end.line > start.line && end.column === 1 ? end.line - 1 : end.line;
  const columns = end.line === start.line ? [`col=${start.column}`, `endColumn=${end.column}`] : [];
  const properties = [
    `file=${escapeProperty(repositoryPath(result, finding.span.file))}`,
    `line=${start.line}`,
    `endLine=${endLine}`,
    ...columns,
    `title=${escapeProperty(`eks-auth-lint (${finding.ruleId})`)}`,
  ];
  return `::${COMMAND[finding.level]} ${properties.join(',')}::${escapeData(finding.message)}`;
}

/** A Markdown job summary of every finding that counts, in the order of the annotations. */
export function stepSummary(result: LintResult): string {
  const findings = shownFindings(result);
  const lines = ['## eks-auth-lint', ''];
  if (findings.length === 0) {
    lines.push('No problems found.', '');
    return lines.join('\n');
  }
  lines.push(describeCounts(countByLevel(findings)), '', '| Level | Location | Rule | Message |', '|---|---|---|---|');
  let bytes = Buffer.byteLength(lines.join('\n'));
  for (const [index, f] of findings.entries()) {
    const where = `${repositoryPath(result, f.span.file)}:${f.span.start.line}:${f.span.start.column}`;
    const row = `| ${f.level} | ${codeCell(where)} | [${f.ruleId}](https://github.com/eks-auth-lint/eks-auth-lint/blob/main/rules/${f.ruleId}/README.md) | ${escapeCell(f.message)} |`;
    bytes += Buffer.byteLength(row) + 1;
    if (bytes > SUMMARY_LIMIT_BYTES) {
      lines.push('', `${plural(findings.length - index, 'more finding')} not listed: GitHub limits a step summary to 1 MiB. The SARIF report has them all.`);
      break;
    }
    lines.push(row);
  }
  lines.push('');
  return lines.join('\n');
}

/** Workflow command data: the runner decodes these escapes. */
export function escapeData(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

/** Workflow command property values: `:` and `,` separate properties, so they are escaped too. */
export function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

/**
 * Message text (it quotes file content: ARNs with `*`, `<...>` placeholders) as literal Markdown in one
 * table cell: punctuation that Markdown or HTML would read is backslash-escaped, line breaks become spaces.
 */
function escapeCell(text: string): string {
  return text.replace(/[\\`*_[\]<>|~]/g, '\\$&').replace(/\r?\n|\r/g, ' ');
}

/**
 * A file path as inline code in a table cell: a code span shows backslashes and Markdown literally, its
 * fence is longer than any run of backticks in the path, and `|` is still escaped (GFM splits cells on
 * it even inside code).
 */
function codeCell(text: string): string {
  const fence = '`'.repeat(Math.max(0, ...Array.from(text.matchAll(/`+/g), (m) => m[0].length)) + 1);
  const padded = text.startsWith('`') || text.endsWith('`') ? ` ${text} ` : text;
  return `${fence}${padded.replaceAll('|', '\\|').replace(/\r?\n|\r/g, ' ')}${fence}`;
}
