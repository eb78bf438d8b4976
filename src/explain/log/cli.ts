import { readFile } from 'node:fs/promises';
import type { Config } from '../../config/load.js';
import type { AuthMode } from '../../model.js';
import { readStdin } from '../../cli-common.js';
import { decodeLog, MAX_LOG_BYTES } from './decode.js';
import { explainLog, notMappedCallers, withArnExplanations, type ArnExplainer } from './explain-log.js';
import { Redactor } from './redact.js';
import { logJsonChunks } from './render-json.js';
import { renderLogText } from './render-text.js';

export interface ExplainLogOptions {
  /** A file with authenticator lines or an export of them; `-` reads standard input. */
  readonly log: string;
  /** Files and directories whose aws-auth and access entries "not mapped" callers are explained against. */
  readonly paths: readonly string[];
  readonly format: 'text' | 'json';
  readonly color?: boolean;
  /** Replace account ids, access key ids, session names and IP addresses by placeholders (`<account-1>`...). */
  readonly redact?: boolean;
  /** As for `explain ARN`: the configuration file, ignore patterns and the mode of clusters the files do not define. */
  readonly config?: Config;
  readonly ignorePatterns?: readonly string[];
  readonly authMode?: AuthMode;
  /** Where output goes (standard output by default). */
  readonly write?: (text: string) => void;
  /** Where problems with the input go (standard error by default). */
  readonly warn?: (text: string) => void;
}

const EXIT_UNREADABLE = 2;

/**
 * `eks-auth-lint explain --log FILE|-`: exit 0 when no line shows a failed request, 1 when one does, 2 when
 * the input cannot be read.
 */
export async function explainLogMain(options: ExplainLogOptions): Promise<number> {
  const write = options.write ?? ((text: string) => process.stdout.write(text));
  const warn = options.warn ?? ((text: string) => process.stderr.write(text));
  const input = await readInput(options.log);
  if (!input.ok) {
    warn(`eks-auth-lint: ${input.reason}\n`);
    return EXIT_UNREADABLE;
  }
  const analysed = explainLog(input.text);
  // The configuration is read when paths are given, or when a caller needs explaining (then `.` by default).
  const needed = options.paths.length > 0 || notMappedCallers(analysed).length > 0;
  const explainer = needed ? await arnExplainer(options) : undefined;
  if (typeof explainer === 'string') {
    warn(`eks-auth-lint: ${explainer}\n`);
    return EXIT_UNREADABLE;
  }
  const result = explainer === undefined ? analysed : withArnExplanations(analysed, explainer);
  const redactor = options.redact === true ? new Redactor(result) : undefined;
  if (options.format === 'json') writeBatched(logJsonChunks(result, redactor?.json), write);
  else {
    const text = renderLogText(result, options.color ?? false);
    write(redactor === undefined ? text : redactor.text(text));
  }
  return result.failed ? 1 : 0;
}

/** Written in pieces of about a megabyte: one write per event would cost a system call each. */
const WRITE_BATCH_CHARS = 1 << 20;

function writeBatched(chunks: Iterable<string>, write: (text: string) => void): void {
  let batch: string[] = [];
  let size = 0;
  for (const chunk of chunks) {
    batch.push(chunk);
    size += chunk.length;
    if (size >= WRITE_BATCH_CHARS) {
      write(batch.join(''));
      batch = [];
      size = 0;
    }
  }
  if (batch.length > 0) write(batch.join(''));
}

async function readInput(log: string): Promise<{ ok: true; text: string } | { ok: false; reason: string }> {
  const name = log === '-' ? '<stdin>' : log;
  let content: Uint8Array;
  try {
    content = log === '-' ? await readStdin(MAX_LOG_BYTES) : await readFile(log);
  } catch (error) {
    return { ok: false, reason: `cannot read ${name} (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  const decoded = decodeLog(content);
  return decoded.ok ? decoded : { ok: false, reason: `cannot read ${name}: ${decoded.reason}` };
}

/** `explain ARN` over the configuration the paths hold, loaded as the explain command loads it; a string is a usage problem. */
async function arnExplainer(options: ExplainLogOptions): Promise<ArnExplainer | string> {
  const [{ loadModel }, { explainIdentity, CallerError }] = await Promise.all([import('../../lint.js'), import('../index.js')]);
  const loaded = await loadModel({
    paths: options.paths.length === 0 ? ['.'] : options.paths,
    ...(options.ignorePatterns === undefined ? {} : { ignorePatterns: options.ignorePatterns }),
    ...(options.authMode === undefined ? {} : { authMode: options.authMode }),
    ...(options.config === undefined ? {} : { config: options.config }),
  });
  if (loaded.unmatched.length > 0) return `no such file, directory or match: ${loaded.unmatched.join(', ')}`;
  return (arn, extras) => {
    try {
      return explainIdentity(loaded.model, arn, { ...extras, ...(options.authMode === undefined ? {} : { authMode: options.authMode }) });
    } catch (error) {
      // An ARN the authenticator itself would reject has nothing to match; the line's class says enough.
      if (error instanceof CallerError) return undefined;
      throw error;
    }
  };
}
