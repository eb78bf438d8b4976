import type { ClusterExplanation, Explanation } from '../types.js';
import { LOG_CLASSES, type ClassLevel, type LogClassId } from './classes.js';
import type { LogExplanation } from './explain-log.js';
import type { LogEvent } from './group.js';
import { accessKeyKind } from './identity.js';
import type { InputShape, LogRecord } from './parse.js';
import { isFailure, type IdentitySummary } from './summary.js';

const SHAPES: Readonly<Record<InputShape, string>> = {
  text: 'plain lines',
  'aws-logs-tail': 'aws logs tail output',
  'filter-log-events': 'aws logs filter-log-events JSON',
  'get-log-events': 'aws logs get-log-events JSON',
  'get-query-results': 'Logs Insights get-query-results JSON',
  'json-events': 'JSON list of log events',
  'json-partial': 'cut JSON export, read string by string',
  csv: 'Logs Insights CSV export',
  markdown: 'Logs Insights Markdown table',
};

const MAX_REFS = 8;

/** Callers whose requests all succeeded that are listed one by one; the rest are counted (JSON lists them all). */
const MAX_QUIET_CALLERS = 10;

/**
 * `explain --log` for people: one block per caller (callers with a failure first), one entry per class. A
 * class's meaning and next steps are written at its first entry only, so a thousand lines of one failure
 * over many callers stay short.
 */
export function renderLogText(result: LogExplanation, color = false): string {
  const paint = painter(color);
  const out: string[] = [header(result)];
  const explained = new Set<LogClassId>();
  const failing = result.identities.filter((identity) => identity.events.some(isFailure));
  const quiet = result.identities.filter((identity) => !identity.events.some(isFailure));
  const shown = [...failing, ...quiet.slice(0, MAX_QUIET_CALLERS)];
  for (const identity of shown) {
    out.push('', paint.bold(identity.key));
    const facts = identityFacts(identity);
    if (facts !== '') out.push(`  ${facts}`);
    for (const { classId } of identity.counts) {
      out.push(...classBlock(classId, identity.events.filter((event) => event.classId === classId), explained, paint));
    }
    const explanation = identity.canonicalArn === undefined ? undefined : result.arnExplanations.get(identity.canonicalArn);
    if (explanation !== undefined) out.push(...explanationBlock(explanation));
  }
  if (quiet.length > MAX_QUIET_CALLERS) {
    out.push('', `${plural(quiet.length - MAX_QUIET_CALLERS, 'more caller')} without a failure (--format json lists them).`);
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
  if (identity.rawArns.length > 0) facts.push(`as ${some(identity.rawArns)}`);
  if (identity.accountIds.length > 0 && identity.kind !== 'arn') facts.push(`account ${some(identity.accountIds)}`);
  const keys = identity.accessKeyIds.filter((key) => key !== identity.key);
  for (const key of keys.slice(0, FEW_FACTS)) {
    const kind = accessKeyKind(key, identity.canonicalArn);
    facts.push(kind === undefined ? `access key ${key}` : `access key ${key} (${kind})`);
  }
  if (keys.length > FEW_FACTS) facts.push(plural(keys.length - FEW_FACTS, 'more access key'));
  if (identity.stsEndpoints.length > 0) facts.push(`STS ${some(identity.stsEndpoints)}`);
  if (identity.usernames.length > 0) facts.push(`username ${some(identity.usernames)}`);
  return facts.join('; ');
}

/** Values of one fact listed about a caller; a role assumed in thousands of sessions names a few of them. */
const FEW_FACTS = 3;

function some(values: readonly string[]): string {
  const shown = values.slice(0, FEW_FACTS).join(', ');
  return values.length > FEW_FACTS ? `${shown} and ${String(values.length - FEW_FACTS)} more` : shown;
}

function classBlock(classId: LogClassId, events: readonly LogEvent[], explained: Set<LogClassId>, paint: Painter): string[] {
  const known = LOG_CLASSES[classId];
  const records = events.flatMap((event) => event.records);
  const times = events.length > 1 ? ` x${events.length}` : '';
  const lines = [`  ${paint.level(known.level)} ${known.title}${times} (${refs(records)}) [${classId}]`];
  const first = !explained.has(classId);
  explained.add(classId);
  if (first) lines.push(`    ${known.meaning}`);
  for (const detail of collapseDetails(events.flatMap((event) => event.details))) lines.push(`    - ${detail}`);
  if (first) for (const step of known.next) lines.push(`    next: ${step}`);
  const notes = [...new Set(events.flatMap((event) => event.notes))];
  for (const note of notes) {
    const noteFirst = !explained.has(note);
    explained.add(note);
    const { level, meaning, title, next } = LOG_CLASSES[note];
    lines.push(`    ${paint.level(level)} ${noteFirst ? meaning : title} [${note}]`);
    if (noteFirst) lines.push(...next.map((step) => `    next: ${step}`));
  }
  return lines;
}

/**
 * Distinct details, in order. Details that differ only in their digits (a signing time, a session number)
 * are one family: a large family shows its first and last member around a count.
 */
export function collapseDetails(details: readonly string[]): string[] {
  const families = new Map<string, string[]>();
  for (const detail of new Set(details)) {
    const family = detail.replace(/\d+/g, '#');
    const members = families.get(family);
    if (members === undefined) families.set(family, [detail]);
    else members.push(detail);
  }
  const lines: string[] = [];
  for (const members of families.values()) {
    const [firstMember] = members;
    const last = members.at(-1);
    if (members.length <= 3 || firstMember === undefined || last === undefined) lines.push(...members);
    else lines.push(firstMember, `… ${members.length - 2} more like this …`, last);
  }
  if (lines.length <= MAX_REFS) return lines;
  return [...lines.slice(0, MAX_REFS), `and ${lines.length - MAX_REFS} more`];
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
  if (explanation.clusters.some((cluster) => cluster.outcome === 'mapped')) {
    lines.push('    The log says this caller is not mapped, yet the scanned files map it: the cluster does not run these files (not applied yet, another cluster or account), or they changed since the log was written.');
  }
  const quiet = explanation.clusters.length - shown.length;
  if (quiet > 0) lines.push(`    DENIED in ${plural(quiet, 'other cluster')}, with no entry close to this caller`);
  const { unreadable } = explanation;
  if (unreadable.length <= FEW) for (const file of unreadable) lines.push(`    ${file.at}  not read: ${file.message}`);
  else lines.push(`    ${plural(unreadable.length, 'file')} could not be read: mappings in them are unknown (explain ARN lists them)`);
  return lines;
}

/** `lines 3, 4, 9`, `lines 1-1000` or `events 2, 5-7`; long lists are cut. */
function refs(records: readonly LogRecord[]): string {
  const numbers = [...new Set(records.map((record) => record.event ?? record.line))].sort((a, b) => a - b);
  const ranges: string[] = [];
  for (let i = 0; i < numbers.length; ) {
    let end = i;
    while (end + 1 < numbers.length && numbers[end + 1] === (numbers[end] ?? 0) + 1) end++;
    ranges.push(end === i ? String(numbers[i]) : `${String(numbers[i])}-${String(numbers[end])}`);
    i = end + 1;
  }
  const shown = ranges.slice(0, MAX_REFS).join(', ');
  const more = ranges.length > MAX_REFS ? `, +${numbers.length - countIn(ranges.slice(0, MAX_REFS))} more` : '';
  const noun = records.some((record) => record.event !== undefined) ? 'event' : 'line';
  return `${numbers.length === 1 ? noun : `${noun}s`} ${shown}${more}`;
}

/** How many numbers `3`, `5-9` ranges cover. */
function countIn(ranges: readonly string[]): number {
  return ranges.reduce((sum, range) => {
    const [from, to] = range.split('-').map(Number);
    return sum + (to === undefined || from === undefined ? 1 : to - from + 1);
  }, 0);
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
