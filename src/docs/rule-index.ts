import { rules } from '../../rules/index.js';

/** Markdown table of every rule, grouped as in the catalog contract. */
export function renderRuleIndex(): string {
  const lines = [
    '# Rules',
    '',
    'Every rule, its default level and tags. Each id links to its page: why it matters, examples, how to fix.',
    'Levels can be changed with `--rule ID=off|error|warning|note`.',
    '',
    '| Rule | Level | Tags | Detects |',
    '|---|---|---|---|',
    ...rules.map((r) => `| [\`${r.id}\`](../rules/${r.id}/README.md) | ${r.level} | ${r.tags.join(', ')}${r.securitySeverity === undefined ? '' : ` (severity ${r.securitySeverity})`} | ${r.summary.replaceAll('|', '\\|')} |`),
    '',
  ];
  return lines.join('\n');
}
