import type { Span } from './span.js';
import { LineIndex } from './span.js';

/** The three directive forms, written in a `#` comment (YAML, HCL) or a `//` comment (HCL). */
export type DirectiveKind = 'disable-next-line' | 'disable-line' | 'disable-file';

export interface Directive {
  readonly kind: DirectiveKind;
  /** The rule ids named, in order, as written. */
  readonly ruleIds: readonly string[];
  /** The text after ` -- `; undefined when the directive gives no reason. */
  readonly justification?: string;
  /** The comment that holds the directive. */
  readonly span: Span;
  /** 1-based line whose findings it suppresses (`disable-file`: the directive's own line, unused). */
  readonly targetLine: number;
}

const PREFIX = 'eks-auth-lint-';
const HCL_EXTENSION = /\.(?:tf|tofu|hcl)$/i;

/**
 * Finds suppression directives in the raw text of one file. A directive is a comment that starts at
 * the beginning of a line or after whitespace, so it also works on the comment lines of embedded
 * `mapRoles: |` blocks (they are lines of the outer file too).
 */
export function scanDirectives(file: string, text: string): Directive[] {
  const hcl = HCL_EXTENSION.test(file);
  const pattern = hcl
    ? /(?:^|\s)((?:#|\/\/)\s*eks-auth-lint-(disable-next-line|disable-line|disable-file)(?=\s|$)(.*))$/
    : /(?:^|\s)(#\s*eks-auth-lint-(disable-next-line|disable-line|disable-file)(?=\s|$)(.*))$/;
  if (!text.includes(PREFIX)) return [];
  const index = new LineIndex(file, text);
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  const isComment = (line: string): boolean => {
    const trimmed = line.trimStart();
    return trimmed.startsWith('#') || (hcl && trimmed.startsWith('//'));
  };
  const directives: Directive[] = [];
  lines.forEach((line, i) => {
    const match = pattern.exec(line);
    if (match === null) return;
    const comment = (match[1] ?? '').trimEnd();
    const kind = match[2] as DirectiveKind;
    const body = match[3] ?? '';
    const start = index.lineStart(i + 1) + line.length - (match[1] ?? '').length;
    const span = index.span(start, start + comment.length);
    const separator = /\s--(?:\s|$)/.exec(body);
    const names = separator === null ? body : body.slice(0, separator.index);
    const reason = separator === null ? '' : body.slice(separator.index + separator[0].length).trim();
    const ruleIds = names.split(',').map((n) => n.trim()).filter((n) => n !== '');
    let targetLine = i + 1;
    if (kind === 'disable-next-line') {
      targetLine = i + 2;
      while (targetLine <= lines.length && isComment(lines[targetLine - 1] ?? '')) targetLine++;
    }
    directives.push({ kind, ruleIds, ...(reason === '' ? {} : { justification: reason }), span, targetLine });
  });
  return directives;
}

/** Whether a directive covers a finding of `ruleId` that starts on `line` of the directive's file. */
export function covers(directive: Directive, ruleId: string, line: number): boolean {
  if (!directive.ruleIds.includes(ruleId)) return false;
  return directive.kind === 'disable-file' || directive.targetLine === line;
}
