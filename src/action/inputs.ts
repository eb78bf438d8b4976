import type { FailOn } from '../config/load.js';

/** The action's inputs, as action.yml declares them. */
export interface ActionInputs {
  readonly paths: readonly string[];
  readonly workingDirectory: string;
  /** Empty: the nearest configuration file above the working directory. */
  readonly config: string;
  /** Undefined: the configuration file's `failOn`, else `error`. */
  readonly failOn: FailOn | undefined;
  readonly annotations: boolean;
  /** Empty: no SARIF file. */
  readonly sarifFile: string;
  /** Empty: no baseline. */
  readonly baseline: string;
}

/** An input value the action cannot use; the message names the input. */
export class InputError extends Error {
  override readonly name = 'InputError';
}

const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'note', 'none'];

/**
 * The runner passes input `name` as the variable INPUT_<NAME>: upper case, spaces as underscores,
 * hyphens kept (INPUT_FAIL-ON). Defaults from action.yml are already filled in.
 */
function input(env: NodeJS.ProcessEnv, name: string): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

export function readInputs(env: NodeJS.ProcessEnv): ActionInputs {
  const failOn = input(env, 'fail-on');
  if (failOn !== '' && !(FAIL_ON as readonly string[]).includes(failOn)) throw new InputError(`input fail-on must be one of ${FAIL_ON.join(', ')}, got "${failOn}"`);
  const paths = pathList(input(env, 'paths'));
  return {
    paths: paths.length === 0 ? ['.'] : paths,
    workingDirectory: input(env, 'working-directory') || '.',
    config: input(env, 'config'),
    failOn: failOn === '' ? undefined : (failOn as FailOn),
    annotations: booleanInput(env, 'annotations', true),
    sarifFile: input(env, 'sarif-file'),
    baseline: input(env, 'baseline'),
  };
}

/**
 * Several lines: one path per line, so that a path may contain spaces (`paths: |` in the workflow).
 * One line: paths separated by spaces.
 */
function pathList(value: string): string[] {
  const items = value.includes('\n') ? value.split('\n').map((line) => line.trim()) : value.split(/\s+/);
  return items.filter((p) => p !== '');
}

/** YAML 1.2 core schema booleans, as @actions/core's getBooleanInput accepts them. */
function booleanInput(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const value = input(env, name);
  if (value === '') return fallback;
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  if (['false', 'False', 'FALSE'].includes(value)) return false;
  throw new InputError(`input ${name} must be true or false, got "${value}"`);
}
