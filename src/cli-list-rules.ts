import { rules } from '../rules/index.js';
import { ruleDocUri } from './package-info.js';

/** The rule catalog, as a table for people or JSON for tools. */
export function listRules(style: 'text' | 'json'): string {
  if (style === 'json') {
    const entries = rules.map((r) => ({ id: r.id, level: r.level, tags: r.tags, summary: r.summary, ...(r.securitySeverity === undefined ? {} : { securitySeverity: r.securitySeverity }), helpUri: ruleDocUri(r.id) }));
    return `${JSON.stringify(entries, null, 2)}\n`;
  }
  const idWidth = Math.max(...rules.map((r) => r.id.length));
  return `${rules.map((r) => `${r.id.padEnd(idWidth)}  ${r.level.padEnd(7)}  ${r.tags.join(',').padEnd(20)}  ${r.summary}`).join('\n')}\n`;
}
