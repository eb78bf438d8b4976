import type { LintResult } from '../lint.js';
import { github } from './github.js';
import { json } from './json.js';
import { sarif } from './sarif.js';
import { stylish } from './stylish.js';

export interface FormatOptions {
  /** ANSI colours, for the stylish format on a terminal. */
  readonly color?: boolean;
}

export type FormatName = 'stylish' | 'json' | 'sarif' | 'github';

/** Reporters are pure functions of one complete result. */
export const FORMATS: Readonly<Record<FormatName, (result: LintResult, options: FormatOptions) => string>> = {
  stylish,
  json,
  sarif,
  github,
};

export function format(name: FormatName, result: LintResult, options: FormatOptions = {}): string {
  return FORMATS[name](result, options);
}
