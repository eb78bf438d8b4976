import type { Body, Comment, HclError } from './ast.js';
import { lex, MAX_ERRORS } from './lexer.js';
import { Parser } from './parser.js';

export type * from './ast.js';
export { MAX_DEPTH } from './parser.js';
export { literalString, stringWithHoles, type LiteralString, type StringWithHoles } from './template.js';
export { textToSource } from './text.js';
export { traversalPath, walkExpressions } from './walk.js';

export interface HclParseResult {
  readonly body: Body;
  /** Sorted by position; at most 100. Empty for a valid file. */
  readonly errors: HclError[];
  /** Every comment, in source order (for suppression comments). */
  readonly comments: Comment[];
}

/**
 * Parses HCL2 native syntax (`.tf`, `.tofu`). Never throws: problems are returned as errors
 * with exact ranges, and parsing goes on after each one, so later blocks are still in `body`.
 *
 * ```ts
 * const { body, errors } = parseHcl(text);
 * for (const block of body.blocks) {
 *   if (block.type !== 'resource' || block.labels[0]?.value !== 'aws_eks_access_entry') continue;
 *   const arn = block.body.attributes.find((a) => a.name === 'principal_arn');
 *   const literal = arn && literalString(arn.expr); // undefined when it has ${...}
 *   if (literal) report(literal.value, literal.toSource(0), literal.toSource(literal.value.length));
 * }
 * ```
 */
export function parseHcl(text: string): HclParseResult {
  try {
    const lexed = lex(text);
    const parser = new Parser(text, lexed.tokens, { truncated: lexed.truncated });
    const body = parser.parseFile();
    const errors = [...lexed.errors, ...parser.errors].sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end).slice(0, MAX_ERRORS);
    return { body, errors, comments: lexed.comments };
  } catch (error) {
    // A bug, not bad input: still no exception for the caller.
    return {
      body: { kind: 'body', range: { start: 0, end: text.length }, items: [], attributes: [], blocks: [] },
      errors: [{ message: `internal HCL parser error: ${error instanceof Error ? error.message : String(error)}`, range: { start: 0, end: 0 } }],
      comments: [],
    };
  }
}
