import type { AwsAuthSection } from '../model.js';
import type { RuleContext, TextEdit } from '../rule.js';
import type { ScalarNode, SourceNode } from '../source-node.js';
import { LineIndex, type Span } from '../span.js';
import { TF_JSON_EXTENSION } from '../terraform/tf-json.js';

/**
 * Characters that read the same in every place a value can sit (plain, quoted or block YAML, a JSON
 * string, an HCL string or heredoc): no quote, backslash, comment, template or line break. Fixes write
 * only these, so they never need escaping.
 */
const INERT = /^[A-Za-z0-9:/_+=,.@-]*$/;

export function isInert(text: string): boolean {
  return INERT.test(text);
}

/**
 * An edit that replaces `span` with `replacement`, offered only when the file holds exactly `expected`
 * there: the value's characters were written one for one (no escape, folding or interpolation), so the
 * position mapping is exact.
 */
export function exactEdit(context: RuleContext, span: Span, expected: string, replacement: string): TextEdit | undefined {
  const text = context.sourceText?.(span.file);
  if (text?.slice(span.startOffset, span.endOffset) !== expected) return undefined;
  return { span, text: replacement };
}

/** Replaces `value.slice(start, end)` of a string scalar with inert text, where that part is written literally. */
export function replaceInValue(context: RuleContext, scalar: ScalarNode & { readonly value: string }, start: number, end: number, replacement: string): TextEdit | undefined {
  if (!isInert(replacement) || scalar.locate === undefined) return undefined;
  return exactEdit(context, scalar.locate(start, end), scalar.value.slice(start, end), replacement);
}

/**
 * How a value can be quoted where it is written: the quote characters that need no escaping in the text
 * that carries it. `hcl`: a Terraform value (yamlencode/jsonencode argument), quoted as an HCL string;
 * `inJsonString`: that expression is itself inside a JSON string (`.tf.json`), where its quotes are `\"`.
 */
export type QuoteCarrier = { readonly kind: 'yaml'; readonly quotes: readonly ('"' | "'")[] } | { readonly kind: 'hcl'; readonly inJsonString: boolean };

/** The carrier of a yamlencode/jsonencode argument in `file`: Terraform's JSON syntax writes expressions in JSON strings. */
export function encodedCarrier(file: string): QuoteCarrier {
  return { kind: 'hcl', inJsonString: TF_JSON_EXTENSION.test(file) };
}

/**
 * Quote characters an embedded YAML value can gain inside the outer scalar that carries it: both in a
 * literal block or a heredoc, the other quote inside a quoted (or JSON, or HCL) string.
 */
export function embeddedQuoteCarrier(outer: SourceNode): QuoteCarrier | undefined {
  if (outer.kind !== 'scalar') return undefined;
  switch (outer.style) {
    case 'literal': return { kind: 'yaml', quotes: ['"', "'"] };
    case 'double':
    case 'json': return { kind: 'yaml', quotes: ["'"] };
    case 'single': return { kind: 'yaml', quotes: ['"'] };
    default: return undefined; // plain or folded: line folding makes inserted text risky
  }
}

/** The quoted form of `text`, in the first quote style that needs no escaping of its content. */
export function quoted(text: string, carrier: QuoteCarrier): string | undefined {
  if (carrier.kind === 'hcl') return !isInert(text) ? undefined : carrier.inJsonString ? `\\"${text}\\"` : `"${text}"`;
  for (const quote of carrier.quotes) {
    if (quote === '"' && !/["\\]/.test(text)) return `"${text}"`;
    if (quote === "'" && !text.includes("'")) return `'${text}'`;
  }
  return undefined;
}

/** Quotes a plain scalar written exactly as its text (a YAML 1.1 boolean or number that must be a string). */
export function quoteScalar(context: RuleContext, scalar: ScalarNode, carrier: QuoteCarrier): TextEdit | undefined {
  if (scalar.style !== 'plain' || scalar.text === '' || /[\r\n]/.test(scalar.text)) return undefined;
  if (carrier.kind === 'hcl' && !encodesAsWritten(scalar)) return undefined;
  const replacement = quoted(scalar.text, carrier);
  return replacement === undefined ? undefined : exactEdit(context, scalar.span, scalar.text, replacement);
}

/**
 * Whether yamlencode writes an HCL literal the way it is written (`12`, `0.5`, `true`), so that its quoted text
 * is the text the older parser kept. `012`, `1.0` and `1.5e3` are encoded as 12, 1 and 1500: quoting them would
 * change the value.
 */
function encodesAsWritten(scalar: ScalarNode): boolean {
  return scalar.type === 'bool' ? scalar.text === 'true' || scalar.text === 'false' : String(Number(scalar.text)) === scalar.text;
}

/** A span of the file from offsets, when the rule knows offsets but not positions. */
export function spanAt(context: RuleContext, file: string, start: number, end: number): Span | undefined {
  const text = context.sourceText?.(file);
  return text === undefined ? undefined : new LineIndex(file, text).span(start, end);
}

/**
 * Keeps an edit of a section's content only where it is safe to make: inside the text of the section itself
 * (a value written elsewhere, such as a Terraform local, may be used by other resources too), not in a
 * folded (`>`) block, which reaches the rules only when it folds nothing but could start folding after an edit,
 * and not in a section with a YAML anchor that an alias outside it reads (an eksctl access entry's
 * `principalARN: *admin` would change with the identity mapping).
 */
export function sectionEdit(context: RuleContext, section: AwsAuthSection, edit: TextEdit | undefined): TextEdit | undefined {
  const own = section.value.span;
  if (edit === undefined || (section.value.kind === 'scalar' && section.value.style === 'folded')) return undefined;
  const inside = edit.span.file === own.file && edit.span.startOffset >= own.startOffset && edit.span.endOffset <= own.endOffset;
  return inside && writtenAtKey(context, section) && !sharesAnchor(context, section) ? edit : undefined;
}

/** Between a key and its own value: `: `, ` = `, `": "`, and a `yamlencode(`/`jsonencode(` call opened there (`"${yamlencode(` in .tf.json). */
const KEY_TO_VALUE = /^["']?\s*[:=]\s*"?(?:\$\{)?(?:(?:yamlencode|jsonencode)\(\s*)?$/;

/**
 * Whether the section's value is written at its key (`mapRoles = <<-EOT`), not elsewhere and referred to
 * (`mapRoles = local.roles`): a local may feed other resources, such as an access entry that needs the path.
 */
function writtenAtKey(context: RuleContext, section: AwsAuthSection): boolean {
  const key = section.keySpan;
  const value = section.value.span;
  if (key.file !== value.file || value.startOffset < key.endOffset) return false;
  const text = context.sourceText?.(key.file);
  return text !== undefined && KEY_TO_VALUE.test(text.slice(key.endOffset, value.startOffset));
}

/** Per section (a section is asked once per fix in it, and a large one has thousands). */
const sharedAnchors = new WeakMap<AwsAuthSection, boolean>();

function sharesAnchor(context: RuleContext, section: AwsAuthSection): boolean {
  const known = sharedAnchors.get(section);
  if (known !== undefined) return known;
  const own = section.value.span;
  const text = context.sourceText?.(own.file);
  // From the section's key on: an anchor can sit before the value (`mapRoles: &roles |`).
  const start = section.keySpan.file === own.file ? Math.min(section.keySpan.startOffset, own.startOffset) : own.startOffset;
  const shared = text === undefined || anchorUsedOutside(text, start, Math.max(own.endOffset, start));
  sharedAnchors.set(section, shared);
  return shared;
}

const ANCHOR = /(?:^|[\s[{,])&([^\s[\]{},]+)/g;

/**
 * Whether an anchor defined in `text.slice(start, end)` is aliased outside that range. Read from the text, so
 * an `&` or `*` that is not YAML syntax can only make this answer yes, which withholds a fix, never a wrong edit.
 */
export function anchorUsedOutside(text: string, start: number, end: number): boolean {
  const region = text.slice(start, end);
  const outside = `${text.slice(0, start)}\n${text.slice(end)}`;
  for (const [, name] of region.matchAll(ANCHOR)) {
    if (name === undefined) continue;
    const alias = new RegExp(`(?:^|[\\s[{,])\\*${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=$|[\\s\\]},])`, 'm');
    if (alias.test(outside)) return true;
  }
  return false;
}
