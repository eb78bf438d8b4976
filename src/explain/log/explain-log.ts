import type { Explanation } from '../types.js';
import { classify } from './classify.js';
import { groupRecords, type LogEvent } from './group.js';
import { parseLog, type InputShape } from './parse.js';
import { countByClass, isFailure, summarizeByIdentity, type ClassCount, type IdentitySummary } from './summary.js';

/** Answers `explain ARN` for the caller of a "not mapped" line, against the scanned configuration. */
export type ArnExplainer = (arn: string, extras: { readonly accessKeyId?: string; readonly userId?: string }) => Explanation | undefined;

export interface LogExplanation {
  readonly shape: InputShape;
  /** Lines or events read. */
  readonly records: number;
  /** Plain lines that are neither authenticator lines nor known kubectl messages. */
  readonly unrecognized: number;
  readonly truncated: number;
  readonly events: readonly LogEvent[];
  readonly identities: readonly IdentitySummary[];
  readonly counts: readonly ClassCount[];
  /** Some line of the input shows a failed request. */
  readonly failed: boolean;
  /** `explain ARN` for each caller with a "not mapped" line, by canonical ARN. */
  readonly arnExplanations: ReadonlyMap<string, Explanation>;
}

/** Reads, classifies and groups the lines of one input; with `explainArn`, explains its "not mapped" callers. */
export function explainLog(input: string, explainArn?: ArnExplainer): LogExplanation {
  const parsed = parseLog(input);
  const classified = parsed.records.map((record) => classify(record));
  const recognized = classified.filter((item) => item !== undefined);
  const events = groupRecords(recognized);
  const result: LogExplanation = {
    shape: parsed.shape,
    records: parsed.records.length,
    unrecognized: classified.length - recognized.length,
    truncated: parsed.records.filter((record) => record.truncated).length,
    events,
    identities: summarizeByIdentity(events),
    counts: countByClass(events),
    failed: events.some(isFailure),
    arnExplanations: new Map(),
  };
  return explainArn === undefined ? result : withArnExplanations(result, explainArn);
}

/** Callers with a "not mapped" line: what `explain ARN` is asked about. */
export function notMappedCallers(result: LogExplanation): IdentitySummary[] {
  return result.identities.filter((identity) => identity.canonicalArn !== undefined && identity.events.some((event) => event.classId === 'log-not-mapped'));
}

/** Adds `explain ARN` for each caller with a "not mapped" line. */
export function withArnExplanations(result: LogExplanation, explainArn: ArnExplainer): LogExplanation {
  const arnExplanations = new Map<string, Explanation>();
  for (const identity of notMappedCallers(result)) {
    const notMapped = identity.events.find((event) => event.classId === 'log-not-mapped');
    if (identity.canonicalArn === undefined || notMapped === undefined) continue;
    // The raw STS ARN carries the session name, which `explain ARN` reads too.
    const arn = notMapped.identity.arn ?? identity.canonicalArn;
    const { accessKeyId, userId } = notMapped.identity;
    const explanation = explainArn(arn, { ...(accessKeyId === undefined ? {} : { accessKeyId }), ...(userId === undefined ? {} : { userId }) });
    if (explanation !== undefined) arnExplanations.set(identity.canonicalArn, explanation);
  }
  return { ...result, arnExplanations };
}
