import type { AwsAuthConfigMap } from '../model.js';
import type { Fix, RuleContext } from '../rule.js';
import { spanAt } from './edits.js';

/**
 * Adds `namespace: kube-system` to the metadata of a ConfigMap named aws-auth that has none, as a sibling of
 * `name` with its indentation and the file's line ending: after the name line in YAML and HCL, before it
 * in JSON (where the comma then stays right). Only for block layouts whose `name` has a line of its own.
 */
export function namespaceFix(context: RuleContext, configMap: AwsAuthConfigMap): Fix | undefined {
  const metadata = configMap.metadata;
  const name = metadata?.entries.find((e) => e.key === 'name' && e.merged !== true);
  const text = context.sourceText?.(configMap.file);
  // A namespace key that is written but empty (`namespace:`, `~`, null) would become a duplicate key; a ConfigMap
  // with another name (or one known only at apply time) may belong to something else and is not moved.
  if (metadata === undefined || name === undefined || text === undefined || metadata.entries.some((e) => e.key === 'namespace')) return undefined;
  if (configMap.name?.value !== 'aws-auth') return undefined;
  const syntax = /\.json$/i.test(configMap.file) ? 'json' : configMap.carrier === 'terraform' ? 'hcl' : 'yaml';
  // Terraform's JSON syntax gives a key the range of its text, without the quotes.
  const unquoted = syntax === 'json' && text.charAt(name.keySpan.startOffset) !== '"' && text.charAt(name.keySpan.startOffset - 1) === '"';
  const keyStart = name.keySpan.startOffset - (unquoted ? 1 : 0);
  const lineStart = text.lastIndexOf('\n', keyStart - 1) + 1;
  const indent = text.slice(lineStart, keyStart);
  if (!/^[ \t]*$/.test(indent) || name.value.span.end.line !== name.keySpan.start.line) return undefined;
  const lineEnd = text.indexOf('\n', name.value.span.endOffset);
  if (lineEnd < 0) return undefined;
  const eol = text.charAt(lineEnd - 1) === '\r' ? '\r\n' : '\n';
  const rest = text.slice(name.value.span.endOffset, lineEnd).trim();
  let at: number;
  let insert: string;
  if (syntax === 'json') {
    if (text.charAt(keyStart) !== '"') return undefined;
    at = keyStart;
    insert = `"namespace": "kube-system",${eol}${indent}`;
  } else {
    // Nothing but a comment may follow the name on its line (a one-line HCL block or YAML flow mapping would).
    if ((rest !== '' && !rest.startsWith('#') && !(syntax === 'hcl' && rest.startsWith('//'))) || (syntax === 'yaml' && text.charAt(metadata.span.startOffset) === '{')) return undefined;
    if (syntax === 'yaml' && indent.includes('\t')) return undefined;
    at = lineEnd + 1;
    insert = `${indent}${syntax === 'hcl' ? 'namespace = "kube-system"' : 'namespace: kube-system'}${eol}`;
  }
  const span = spanAt(context, configMap.file, at, at);
  return span === undefined ? undefined : { description: 'Add namespace kube-system to the metadata.', edits: [{ span, text: insert }] };
}
