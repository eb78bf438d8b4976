import type { Span } from '../span.js';

/** `file:line:col` of where a span starts: the form every place takes in an explanation. */
export function at(span: Span): string {
  return `${span.file}:${span.start.line}:${span.start.column}`;
}
