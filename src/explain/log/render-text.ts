import type { ClusterExplanation, Explanation } from '../types.js';
import { LOG_CLASSES, type ClassLevel, type LogClassId } from './classes.js';
import type { LogExplanation } from './explain-log.js';
import type { LogEvent } from './group.js';
import { accessKeyKind } from './identity.js';
import type { InputShape, LogRecord } from './parse.js';
import type { IdentitySummary } from './summary.js';

const SHAPES: Readonly<Record<InputShape, string>> = {
  text: 'plain lines',
  'aws-logs-tail': 'aws logs tail output',
  'filter-log-events': 'aws logs filter-log-events JSON',
  'get-log-events': 'aws logs get-log-events JSON',
  'get-query-results': 'Logs Insights get-query-results JSON',
  'json-events': 'JSON list of log events',
  'json-partial': 'cut JSON export, read string by string',
  csv: 'Logs Insights CSV export',
};

const MAX_REFS = 8;

/** `explain --log` for people: one block per caller, one entry per class with its meaning and next steps. */
export function renderLogText(result: LogExplanation, color = false): string {
  const paint = painter(color);
  const out: string[] = [header(result)];
  for (const identity of result.identities) {
    out.push('', paint.bold(identity.key));
    const facts = identityFacts(identity);
    if (facts !== '') out.push(`  ${facts}`);
    for (const { classId } of identity.counts) {
      out.push(...classBlock(classId, identity.events.filter((event) => event.classId === classId), paint));
    }
    const explanation = identity.canonicalArn === undefined ? undefined : result.arnExplanations.get(identity.canonicalArn);
    if (explanation !== undefined) out.push(...explanationBlock(explanation));
  }
  out.push('', footer(result));
  return `${out.join('\n')}\n`;
}

function header(result: LogExplanation): string {
  const noun = result.shape === 'text' || result.shape === 'aws-logs-tail' ? 'line' : 'event';
  const parts = [`Read ${plural(result.records, noun)} (${SHAPES[result.shape]})`];
  if (result.truncated > 0) parts.push(`${plural(result.truncated, noun)} cut in the middle`);
  if (result.unrecognized > 0) parts.push(`${plural(result.unrecognized, noun)} not recognised`);
  return `${parts.join('; ')}.`;
}

function footer(result: LogExplanation): string {
  if (result.events.length === 0) return 'Nothing to explain: no authenticator line and no known kubectl message.';
  const failed = result.events.filter((event) => LOG_CLASSES[event.classId].failure);
  const counts = result.counts.map((count) => `${count.classId} ${count.events}`).join(', ');
  const verdict = failed.length === 0 ? 'no failure' : plural(failed.length, 'failure');
  return `${verdict} in ${plural(result.events.length, 'event')} from ${plural(result.identities.length, 'caller')}: ${counts}.`;
}

function identityFacts(identity: IdentitySummary): string {
  const facts: string[] = [];
  if (identity.rawArns.length > 0) facts.push(`as ${identity.rawArns.join(', ')}`);
  if (identity.accountIds.length > 0 && identity.kind !== 'arn') facts.push(`account ${identity.accountIds.join(', ')}`);
  for (const key of identity.accessKeyIds) {
    const kind = accessKeyKind(key);
    if (key !== identity.key) facts.push(kind === undefined ? `access key ${key}` : `access key ${key} (${kind})`);
  }
  if (identity.stsEndpoints.length > 0) facts.push(`STS ${identity.stsEndpoints.join(', ')}`);
  if (identity.usernames.length > 0) facts.push(`username ${identity.usernames.join(', ')}`);
  return facts.join('; ');
}

function classBlock(classId: LogClassId, events: readonly LogEvent[], paint: Painter): string[] {
  const known = LOG_CLASSES[classId];
  const records = events.flatMap((event) => event.records);
  const times = events.length > 1 ? ` x${events.length}` : '';
  const lines = [`  ${paint.level(known.level)} ${known.title}${times} (${refs(records)}) [${classId}]`, `    ${known.meaning}`];
  const details = [...new Set(events.flatMap((event) => event.details))];
  for (const detail of details.slice(0, MAX_REFS)) lines.push(`    - ${detail}`);
  if (details.length > MAX_REFS) lines.push(`    - and ${details.length - MAX_REFS} more`);
  for (const step of known.next) lines.push(`    next: ${step}`);
  const notes = [...new Set(events.flatMap((event) => event.notes))];
  for (const note of notes) lines.push(`    ${paint.level(LOG_CLASSES[note].level)} ${LOG_CLASSES[note].meaning} [${note}]`, ...LOG_CLASSES[note].next.map((step) => `    next: ${step}`));
  return lines;
}

const OUTCOMES = { mapped: 'MAPPED', denied: 'DENIED', unknown: 'UNKNOWN' } as const;

/** Up to this many clusters or unreadable files are listed whatever they say; beyond, only those with something to say. */
const FEW = 3;

/**
 * What `explain ARN` says about the caller, in a few lines per cluster (the full form is `explain ARN` itself).
 * The log comes from one cluster: with many in the files, those where nothing is close to the caller are counted.
 */
function explanationBlock(explanation: Explanation): string[] {
  const lines = [`  explain ${explanation.caller.arn} against the scanned files:`];
  // Notes on how a hand-typed ARN was read do not apply to the canonical ARN a decision line carries.
  if (explanation.caller.arn !== explanation.caller.canonicalArn) for (const note of explanation.callerNotes) lines.push(`    ${note}`);
  if (explanation.clusters.length === 0) lines.push('    no cluster, aws-auth mapping or access entry in the scanned files');
  const telling = (cluster: ClusterExplanation) => cluster.outcome !== 'denied' || cluster.grant !== null || cluster.nearMisses.some((miss) => miss.kind !== 'other-cluster');
  const shown = explanation.clusters.length <= FEW ? explanation.clusters : explanation.clusters.filter(telling);
  for (const cluster of shown) {
    lines.push(`    ${OUTCOMES[cluster.outcome]} in ${cluster.cluster.label}: ${cluster.reason}`);
    if (cluster.grant !== null) lines.push(`      ${cluster.grant.at}  matched by ${cluster.grant.via} "${cluster.grant.principal}"`);
    for (const miss of cluster.nearMisses) lines.push(`      ${miss.at}  ${miss.message}`);
    for (const warning of cluster.warnings) lines.push(`      ${warning}`);
  }
  const quiet = explanation.clusters.length - shown.length;
  if (quiet > 0) lines.push(`    DENIED in ${plural(quiet, 'other cluster')}, with no entry close to this caller`);
  const { unreadable } = explanation;
  if (unreadable.length <= FEW) for (const file of unreadable) lines.push(`    ${file.at}  not read: ${file.message}`);
  else lines.push(`    ${plural(unreadable.length, 'file')} could not be read: mappings in them are unknown (explain ARN lists them)`);
  return lines;
}

/** `lines 3, 4, 9` or `events 2, 5 (lines 12, 30)`; long lists are cut. */
function refs(records: readonly LogRecord[]): string {
  const numbers = records.map((record) => record.event ?? record.line);
  const unique = [...new Set(numbers)];
  const shown = unique.slice(0, MAX_REFS).join(', ');
  const more = unique.length > MAX_REFS ? `, +${unique.length - MAX_REFS} more` : '';
  const noun = records.some((record) => record.event !== undefined) ? 'event' : 'line';
  return `${unique.length === 1 ? noun : `${noun}s`} ${shown}${more}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

interface Painter {
  bold(text: string): string;
  level(level: ClassLevel): string;
}

const LEVEL_COLORS: Readonly<Record<ClassLevel, string>> = { error: '31', warning: '33', note: '36' };

function painter(color: boolean): Painter {
  const wrap = (code: string, text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
  return {
    bold: (text) => wrap('1', text),
    level: (level) => wrap(LEVEL_COLORS[level], level.padEnd(7)),
  };
}
