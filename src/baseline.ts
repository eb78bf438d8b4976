import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { decode } from './input.js';
import { readInput } from './read-inputs.js';
import { repositoryPath } from './repository-path.js';
import type { LintResult } from './lint.js';
import type { Finding } from './rule.js';

/**
 * Baselines: accept the findings a repository has today and report only new ones. A finding is
 * identified without its line number (rule, repository path, its own text, the trimmed offending
 * lines and its message with positions blanked), so edits elsewhere in the file keep it matched.
 */

export const BASELINE_VERSION = 1;
/** The SARIF `partialFingerprints` key. GitHub computes its own `primaryLocationLineHash`; ours sits beside it. */
export const FINGERPRINT_KEY = 'eksAuthLint/v1';

export interface BaselineEntry {
  readonly ruleId: string;
  /** Repository-relative, forward slashes. */
  readonly path: string;
  readonly fingerprint: string;
  /** How many findings this entry accepts: identical findings need one each. */
  readonly count: number;
  /** The first offending line, trimmed: for people reviewing the file, not for matching. */
  readonly context: string;
}

export interface Baseline {
  readonly version: typeof BASELINE_VERSION;
  readonly tool: 'eks-auth-lint';
  readonly findings: readonly BaselineEntry[];
}

/** A finding with its fingerprint and, after `applyBaseline`, its state against the baseline. */
export interface FingerprintedFinding extends Finding {
  readonly fingerprint: string;
  readonly baselineState?: 'new';
}

export type FingerprintedResult = Omit<LintResult, 'findings'> & { readonly findings: readonly FingerprintedFinding[] };

/** A missing, unreadable or malformed baseline file; the message is one line. */
export class BaselineError extends Error {
  override readonly name = 'BaselineError';
}

/** At most this many offending lines count: a finding's span is small, this only bounds odd ones. */
const MAX_CONTEXT_LINES = 10;
const MAX_SHOWN_CONTEXT = 120;

/**
 * Adds a fingerprint to every finding. File text comes from `sources` (in-memory files such as
 * standard input) or from disk; a file that cannot be read contributes no text.
 */
export function withFingerprints(result: LintResult, sources: Sources = new Map()): FingerprintedResult {
  const textOf = textReader(result, sources);
  return { ...result, findings: result.findings.map((finding) => ({ ...finding, fingerprint: fingerprint(result, finding, textOf(finding.span.file)) })) };
}

/** File contents by display path, for files that are not on disk (standard input). */
export type Sources = ReadonlyMap<string, string | Uint8Array>;

/** A file's decoded text, and its lines (split once: a large file can have thousands of findings). */
interface FileText {
  readonly text: string;
  readonly lines: readonly string[];
}

/** Reads each file once. */
function textReader(result: Omit<LintResult, 'findings'>, sources: Sources): (file: string) => FileText | undefined {
  const texts = new Map<string, FileText | undefined>();
  return (file) => {
    if (!texts.has(file)) {
      const text = readText(result, file, sources);
      texts.set(file, text === undefined ? undefined : { text, lines: text.split('\n') });
    }
    return texts.get(file);
  };
}

function readText(result: Omit<LintResult, 'findings'>, file: string, sources: Sources): string | undefined {
  // readInput never blocks on a FIFO and never reads past the size limit, as the lint run itself did.
  const content = sources.get(file) ?? readInput({ path: file, absolutePath: resolve(result.cwd, file), explicit: true }).content;
  // The same decoding as the engine's, so span offsets index this text.
  const decoded = decode({ path: file, content });
  return decoded.ok ? decoded.text : undefined;
}

function fingerprint(result: LintResult, finding: Finding, file: FileText | undefined): string {
  const own = file === undefined ? '' : file.text.slice(finding.span.startOffset, finding.span.endOffset).replace(/\s+/g, ' ').trim();
  const parts = [finding.ruleId, repositoryPath(result, finding.span.file), own, offendingLines(finding, file).join('\n'), positionFree(finding.message)];
  return createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 32);
}

/** The trimmed lines the finding covers (an end at column 1 does not cover its line). */
function offendingLines(finding: Finding, file: FileText | undefined): string[] {
  if (file === undefined) return [];
  const { start, end } = finding.span;
  const last = end.line > start.line && end.column === 1 ? end.line - 1 : end.line;
  return file.lines.slice(start.line - 1, Math.min(last, start.line - 1 + MAX_CONTEXT_LINES)).map((line) => line.trim());
}

/**
 * Messages name other places by line and column ("cluster.yaml line 8", "the ones at lines 9, 10 and 12"):
 * those numbers move with unrelated edits.
 */
function positionFree(message: string): string {
  return message
    .replace(/\b(lines?|columns?)\s+\d+(?:(?:\s*[-–,]\s*|\s+and\s+|,\s*and\s+)\d+)*/gi, '$1 #')
    .replace(/(\.(?:ya?ml|json|tf|tofu)):\d+(?::\d+)?/gi, '$1:#');
}

/** The baseline of a result: every finding that is not suppressed inline, identical ones counted. */
export function createBaseline(result: FingerprintedResult, sources: Sources = new Map()): Baseline {
  const textOf = textReader(result, sources);
  const entries = new Map<string, { ruleId: string; path: string; fingerprint: string; count: number; context: string }>();
  for (const finding of result.findings) {
    if (finding.suppression !== undefined) continue;
    const existing = entries.get(finding.fingerprint);
    if (existing !== undefined) {
      existing.count++;
      continue;
    }
    const path = repositoryPath(result, finding.span.file);
    // Cut first: the line may be a whole minified file, and redaction only needs what is shown.
    const context = withoutSecrets((offendingLines(finding, textOf(finding.span.file))[0] ?? '').slice(0, MAX_SHOWN_CONTEXT));
    entries.set(finding.fingerprint, { ruleId: finding.ruleId, path, fingerprint: finding.fingerprint, count: 1, context });
  }
  const findings = [...entries.values()].sort((a, b) => compare(a.path, b.path) || compare(a.ruleId, b.ruleId) || compare(a.fingerprint, b.fingerprint));
  return { version: BASELINE_VERSION, tool: 'eks-auth-lint', findings };
}

/** A key whose value is a credential (kubeconfig `token`, `id-token`, `client-key-data`, `password`, ...), in YAML, JSON or HCL. */
const SECRET_VALUE = /(["']?\b[\w.-]*(?:token|password|secret|key-data|private-key)["']?\s*[:=]\s*)("[^"]*"|'[^']*'|[^\s,}\]](?:[^,}\]]*[^\s,}\]])?)/gi;

/**
 * The baseline is committed: its context line must not copy a credential there (kubeconfig-static-token
 * points at the token itself). Matching does not need it: the fingerprint only hashes the text.
 */
function withoutSecrets(line: string): string {
  return line.replace(SECRET_VALUE, '$1(not shown)').replace(/k8s-aws-v1\.[\w.~%=-]+/g, 'k8s-aws-v1.(not shown)');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function serializeBaseline(baseline: Baseline): string {
  return `${JSON.stringify(baseline, null, 2)}\n`;
}

/** Writes the baseline of a result; returns how many findings it accepts. */
export function writeBaseline(file: string, result: FingerprintedResult, sources: Sources = new Map()): number {
  const baseline = createBaseline(result, sources);
  try {
    writeFileSync(file, serializeBaseline(baseline));
  } catch (error) {
    throw new BaselineError(`${file}: cannot write the baseline (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return baseline.findings.reduce((sum, entry) => sum + entry.count, 0);
}

export function readBaseline(file: string, display: string = file): Baseline {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new BaselineError(`${display}: cannot read the baseline file (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return parseBaseline(text, display);
}

/** Parses baseline JSON, naming the first problem. */
export function parseBaseline(text: string, display: string): Baseline {
  const fail = (problem: string): never => {
    throw new BaselineError(`${display}: not an eks-auth-lint baseline: ${problem}`);
  };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return fail(`invalid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!isRecord(data) || data.tool !== 'eks-auth-lint') return fail('"tool" must be "eks-auth-lint"');
  if (data.version !== BASELINE_VERSION) return fail(`"version" must be ${BASELINE_VERSION} (this version of eks-auth-lint reads version ${BASELINE_VERSION})`);
  if (!Array.isArray(data.findings)) return fail('"findings" must be an array');
  const findings = (data.findings as unknown[]).map((entry, index): BaselineEntry => {
    const at = `findings[${index}]`;
    if (!isRecord(entry)) return fail(`${at} must be an object`);
    const { ruleId, path, fingerprint: hash, count, context } = entry;
    if (typeof ruleId !== 'string' || typeof path !== 'string') return fail(`${at} needs "ruleId" and "path" strings`);
    if (typeof hash !== 'string' || !/^[0-9a-f]{32}$/.test(hash)) return fail(`${at}.fingerprint must be 32 hexadecimal digits`);
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) return fail(`${at}.count must be a positive integer`);
    return { ruleId, path, fingerprint: hash, count, context: typeof context === 'string' ? context : '' };
  });
  return { version: BASELINE_VERSION, tool: 'eks-auth-lint', findings };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Drops the findings the baseline accepts (each entry absorbs `count` of them) and marks the rest
 * `new`. Suppressed findings pass through: they neither consume nor need an entry.
 */
export function applyBaseline(result: FingerprintedResult, baseline: Baseline): { readonly result: FingerprintedResult; readonly absorbed: number } {
  const remaining = new Map<string, number>();
  for (const entry of baseline.findings) remaining.set(entry.fingerprint, (remaining.get(entry.fingerprint) ?? 0) + entry.count);
  let absorbed = 0;
  const findings: FingerprintedFinding[] = [];
  for (const finding of result.findings) {
    if (finding.suppression !== undefined) {
      findings.push(finding);
      continue;
    }
    const left = remaining.get(finding.fingerprint) ?? 0;
    if (left > 0) {
      remaining.set(finding.fingerprint, left - 1);
      absorbed++;
    } else {
      findings.push({ ...finding, baselineState: 'new' });
    }
  }
  return { result: { ...result, findings }, absorbed };
}

/** The fingerprint and baseline state of a finding, when it carries them (for the SARIF reporter). */
export function baselineMarks(finding: Finding): { readonly fingerprint?: string; readonly baselineState?: 'new' } {
  const fingerprintOf = 'fingerprint' in finding && typeof finding.fingerprint === 'string' ? { fingerprint: finding.fingerprint } : {};
  return 'baselineState' in finding && finding.baselineState === 'new' ? { ...fingerprintOf, baselineState: 'new' } : fingerprintOf;
}
