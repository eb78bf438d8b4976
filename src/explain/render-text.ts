import { NODE_ENTRY_TYPES } from '../cluster/access.js';
import type { ClusterExplanation, Explanation, Grant } from './types.js';

const STYLES = { mapped: '\u001b[32m', denied: '\u001b[31m', unknown: '\u001b[33m', dim: '\u001b[2m', bold: '\u001b[1m' } as const;
const RESET = '\u001b[0m';
const LABELS = { mapped: 'MAPPED', denied: 'DENIED', unknown: 'UNKNOWN' } as const;

export interface RenderOptions {
  readonly color?: boolean;
}

/** The explanation for people: the caller, then one block per cluster, then a one-line result. */
export function renderExplanation(explanation: Explanation, options: RenderOptions = {}): string {
  const paint = (style: keyof typeof STYLES, text: string): string => (options.color === true ? `${STYLES[style]}${text}${RESET}` : text);
  const { caller } = explanation;
  const lines: string[] = [];
  lines.push(`${paint('bold', 'Caller')}  ${caller.arn}`);
  const session = caller.sessionName === null || caller.sessionName === '' ? '' : ` (session "${caller.sessionName}")`;
  lines.push(`        matched as ${caller.canonicalArn}${session}`);
  for (const note of explanation.callerNotes) lines.push(`        ${note}`);
  for (const cluster of explanation.clusters) lines.push('', ...renderCluster(cluster, paint));
  if (explanation.unreadable.length > 0) {
    lines.push('', 'Files that could not be read (mappings in them are unknown):');
    for (const file of explanation.unreadable) lines.push(`  ${file.at}  ${file.message}`);
  }
  lines.push('', summary(explanation));
  return `${lines.join('\n')}\n`;
}

function renderCluster(cluster: ClusterExplanation, paint: (style: keyof typeof STYLES, text: string) => string): string[] {
  const lines = [paint('bold', cluster.cluster.label), `  mode     ${cluster.cluster.authModeDescription}`];
  const label = LABELS[cluster.outcome];
  lines.push(`  ${paint(cluster.outcome, label)}${' '.repeat(9 - label.length)}${cluster.reason}`);
  if (cluster.grant !== null) lines.push(...renderGrant(cluster.grant, cluster.outcome === 'denied'));
  if (cluster.shadowed.length > 0) {
    lines.push('  also matching, not used:');
    for (const s of cluster.shadowed) lines.push(`    ${s.at}  ${s.via} "${s.principal}": ${s.reason}`);
  }
  if (cluster.nearMisses.length > 0) {
    lines.push('  near misses:');
    for (const miss of cluster.nearMisses) lines.push(`    ${miss.at}  ${miss.message}`);
  }
  for (const warning of cluster.warnings) lines.push(`  ${paint('dim', 'note')}     ${warning}`);
  return lines;
}

function renderGrant(grant: Grant, refused: boolean): string[] {
  const lines: string[] = [];
  const template = (written: string | null, rendered: string | null): string => {
    if (written === null) return rendered === null ? '(not known from the files)' : rendered === '' ? '(none)' : rendered;
    if (rendered === null) return `${written} (${refused ? 'cannot be rendered for this caller' : 'rendered when the caller connects'})`;
    return rendered === written ? (rendered === '' ? '(empty)' : rendered) : `${rendered === '' ? '(empty)' : rendered}  (from ${written})`;
  };
  if (grant.entryType !== null) lines.push(`  type     ${grant.entryType}`);
  lines.push(`  username ${template(grant.usernameTemplate, grant.username)}`);
  // EKS sets the groups of node-type access entries itself, whatever the files say.
  const nodeEntry = grant.entryType !== null && NODE_ENTRY_TYPES.includes(grant.entryType);
  if (grant.groups.length === 0) lines.push(`  groups   ${nodeEntry ? '(the node groups EKS sets)' : '(none)'}`);
  grant.groups.forEach((group, i) => {
    lines.push(`  ${i === 0 ? 'groups  ' : '        '} ${template(grant.groupTemplates[i] ?? null, group)}`);
  });
  if (grant.via === 'access-entry') {
    if (grant.policies.length === 0) lines.push('  policies (none)');
    grant.policies.forEach((policy, i) => {
      const scope = policy.scope === null ? 'scope unknown' : policy.scope === 'cluster' ? 'cluster-wide' : `namespaces ${policy.namespaces.join(', ') || '(none)'}`;
      lines.push(`  ${i === 0 ? 'policies' : '        '} ${policy.name ?? policy.arn}, ${scope}  ${policy.at}`);
    });
  }
  return lines;
}

function summary(explanation: Explanation): string {
  const total = explanation.clusters.length;
  if (total === 0) return 'Result: the scanned files define no cluster and hold no aws-auth ConfigMap, so nothing can map this caller.';
  const mapped = explanation.clusters.filter((c) => c.outcome === 'mapped').length;
  if (explanation.mapped) return total === 1 ? 'Result: mapped.' : `Result: mapped in all ${total} clusters.`;
  return total === 1 ? 'Result: not mapped.' : `Result: mapped in ${mapped} of ${total} clusters.`;
}
