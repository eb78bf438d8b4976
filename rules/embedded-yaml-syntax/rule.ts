import type { AwsAuthSection } from '../../src/model.js';
import { templateQuoteFix } from '../../src/fix/template-quote.js';
import { defineRule } from '../../src/rule.js';
import type { Span } from '../../src/span.js';

export default defineRule({
  id: 'embedded-yaml-syntax',
  level: 'error',
  tags: ['lockout'],
  summary: 'The YAML text embedded in mapRoles, mapUsers or mapAccounts does not load, or is cut short by a document separator.',
  description:
    'The authenticator parses each key on its own and keeps no last good copy: when the embedded YAML fails to ' +
    'load, every mapping of that key is dropped, node roles included, and nodes go NotReady. Tabs or non-breaking ' +
    'spaces used for indentation, slips in indentation, unquoted values that start with {, @, ` or *, ": " inside ' +
    'an unquoted value and .inf/.nan all do this. A --- line ends the document: entries after it are ignored.',
  check(model, context) {
    for (const section of model.sections) {
      const content = section.content;
      if (content.kind === 'invalid') {
        for (const problem of content.problems) {
          const fix = templateQuoteFix(context, section, problem.span);
          context.report({
            ...(fix === undefined ? {} : { fix }),
            span: problem.span,
            message: `The embedded ${section.name} YAML does not load: ${problem.message}. The authenticator then drops every ${lost(section)} of ${section.name}${section.name === 'mapRoles' ? ', node roles included (nodes go NotReady)' : ''}.`,
          });
        }
      } else if (content.kind === 'folded') {
        context.report({
          span: indicator(section.value.span),
          message: `${section.name} uses a folded block (">"), which joins its lines before the authenticator reads them: it receives "${preview(content.text)}". Use a literal block ("|").`,
        });
      } else if (content.kind === 'parsed' && content.truncatedAt !== undefined) {
        context.report({
          span: content.truncatedAt,
          message: `A "---" document separator inside ${section.name}: the authenticator reads only the first document, so every entry after this line is ignored without an error. Remove the separator.`,
        });
      }
    }
  },
});

/** A block scalar's span starts at its header: point at the ">" itself, not at the whole block. */
function indicator(block: Span): Span {
  return { ...block, end: { line: block.start.line, column: block.start.column + 1 }, endOffset: block.startOffset + 1 };
}

function lost(section: AwsAuthSection): string {
  return section.name === 'mapAccounts' ? 'account' : 'mapping';
}

function preview(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 77)}...` : flat;
}
