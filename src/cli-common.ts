import { relative } from 'node:path';
import type { Config } from './config/load.js';

/** A mistake in how the command was called: one line on stderr and exit code 2, never a stack trace. */
export class UsageError extends Error {}

/** Runs node:util parseArgs (strict) so that an unknown or malformed option becomes a UsageError. */
export function parsingOptions<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** The configuration file: the one named by --config, else the nearest above the working directory. */
export async function readConfig(named: string | undefined): Promise<Config | undefined> {
  const [{ loadConfig, ConfigError }, { findConfig }] = await Promise.all([import('./config/load.js'), import('./config/discover.js')]);
  const file = named ?? findConfig(process.cwd());
  if (file === undefined) return undefined;
  try {
    return loadConfig(file, named ?? relative(process.cwd(), file));
  } catch (error) {
    throw error instanceof ConfigError ? new UsageError(error.message) : error;
  }
}

/** Colours on a terminal, unless NO_COLOR; FORCE_COLOR wins either way. */
export function colorByDefault(): boolean {
  const force = process.env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  return process.stdout.isTTY;
}

/** Standard input up to one byte past `limit`: enough for the caller's decoder to report it as too large. */
export async function readStdin(limit: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    length += (chunk as Buffer).length;
    if (length > limit) break;
  }
  return Buffer.concat(chunks);
}
