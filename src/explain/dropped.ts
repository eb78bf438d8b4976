import { intendedSectionKey } from '../aws-auth/configmap.js';
import { kustomizeNamespace } from '../aws-auth/kustomize.js';
import type { AwsAuthConfigMap, AwsAuthOwner, AwsAuthSection, Model } from '../model.js';
import { SECTION_NAMES } from '../model.js';
import { lastValue, substringSpan, walkNodes, type ScalarNode, type SourceNode } from '../source-node.js';
import type { Span } from '../span.js';
import { compareArn } from './arn-compare.js';
import { at } from './location.js';
import type { Caller, NearMiss } from './types.js';

/** Why the authenticator never reads this ConfigMap (not kube-system/aws-auth), or undefined when it does. */
export function ignoredBecause(model: Model, owner: AwsAuthOwner): string | undefined {
  if ('accessEntries' in owner) return undefined;
  // A name or namespace only known at deploy time (a Terraform variable) is taken to be right.
  const opaque = (key: string): boolean => owner.metadata !== undefined && lastValue(owner.metadata, key)?.kind === 'opaque';
  const name = owner.name?.value;
  if (name !== 'aws-auth' && !opaque('name')) {
    return `it is ConfigMap ${name === undefined || name === null ? '(no name)' : `"${String(name)}"`}, and the authenticator reads only the one named aws-auth`;
  }
  const kustomized = kustomizeNamespace(model, owner);
  const namespace = kustomized ?? owner.namespace?.value ?? undefined;
  if (namespace === 'kube-system' || (kustomized === undefined && opaque('namespace'))) return undefined;
  if (namespace === undefined) return 'the ConfigMap has no namespace, so it lands in the current one (usually default), and the authenticator reads only kube-system/aws-auth';
  const how = kustomized === undefined ? '' : ' (set by a kustomization that lists the file)';
  return `the ConfigMap is in namespace "${String(namespace)}"${how}, and the authenticator reads only kube-system/aws-auth`;
}

/**
 * Why the whole ConfigMap never reaches the cluster although it is kube-system/aws-auth: a data value that is not a
 * string makes the API server refuse the object, so its other, well-formed keys are not applied either.
 */
export function refusedBecause(owner: AwsAuthOwner): string | undefined {
  if ('accessEntries' in owner) return undefined;
  // Terraform turns a number or bool into a string for a map(string); only a list or map is refused there.
  const refused = owner.sections.find((s) => s.content.kind === 'not-string' && (owner.carrier !== 'terraform' || s.value.kind !== 'scalar'));
  if (refused === undefined) return undefined;
  const what = refused.value.kind === 'seq' ? 'a YAML list' : refused.value.kind === 'map' ? 'a YAML mapping' : 'a value that is not a string';
  return `${refused.label} (line ${String(refused.keySpan.start.line)}) holds ${what} where a string belongs, so the ConfigMap is refused and none of it is applied`;
}

/**
 * The caller's ARN written where the authenticator never reads it although it looks like aws-auth content:
 * a section that fails to load (YAML error, folded block, not a string), entries after a `---`, and data keys
 * that are not spelled exactly mapRoles, mapUsers or mapAccounts.
 */
export function droppedMentions(caller: Caller, owner: AwsAuthOwner, sections: readonly AwsAuthSection[]): NearMiss[] {
  const found: NearMiss[] = [];
  for (const section of sections) {
    const content = section.content;
    const value = section.value;
    if (content.kind === 'invalid') {
      const problem = content.problems[0];
      const why = problem === undefined ? 'it does not load' : `${problem.message} (${at(problem.span)})`;
      for (const span of mentions(caller, value)) {
        found.push({ kind: 'yaml-error', at: at(span), written: null, message: `${section.label} cannot be loaded: ${why}. The authenticator drops every entry of ${section.label}, this one included.` });
      }
    } else if (content.kind === 'folded') {
      for (const span of mentions(caller, value)) {
        found.push({ kind: 'yaml-error', at: at(span), written: null, message: `${section.label} is a folded block (>): its lines are joined into one, so the entries are not what is written and this one does not load. Use a literal block (|).` });
      }
    } else if (content.kind === 'not-string') {
      for (const span of mentions(caller, value)) {
        found.push({ kind: 'yaml-error', at: at(span), written: null, message: `${section.label} holds a YAML ${value.kind === 'seq' ? 'list' : 'mapping'} where a string belongs (no | after the key): the API server refuses the ConfigMap, so none of it is applied.` });
      }
    } else if (content.kind === 'parsed' && content.truncatedAt !== undefined) {
      const cut = content.truncatedAt;
      for (const span of mentions(caller, value).filter((s) => s.startOffset >= cut.startOffset)) {
        found.push({ kind: 'yaml-error', at: at(span), written: null, message: `This entry comes after the "---" at ${at(cut)} in ${section.label}: the authenticator reads only the first YAML document and ignores it.` });
      }
    }
  }
  if (!('accessEntries' in owner)) found.push(...misspelledKeys(caller, owner));
  return found;
}

function misspelledKeys(caller: Caller, configMap: AwsAuthConfigMap): NearMiss[] {
  const found: NearMiss[] = [];
  for (const entry of configMap.data?.entries ?? []) {
    const intended = intendedSectionKey(entry.key);
    if (intended === undefined || (SECTION_NAMES as readonly string[]).includes(entry.key)) continue;
    const spans = intended === 'mapAccounts' ? accountMentions(caller, entry.value) : mentions(caller, entry.value);
    for (const span of spans) {
      found.push({
        kind: 'ignored-data-key',
        at: at(span),
        written: entry.key,
        message: `This ${intended === 'mapAccounts' ? "item lists the caller's account, but it" : 'entry'} is under the data key "${entry.key}" (${at(entry.keySpan)}): the authenticator reads exactly "${intended}", case-sensitively, and ignores this key.`,
      });
    }
  }
  return found;
}

/** Where ARNs that match the caller are written inside a value, embedded text or a YAML tree. */
function mentions(caller: Caller, value: SourceNode): Span[] {
  const spans: Span[] = [];
  walkNodes(value, (node) => {
    if (node.kind === 'scalar' && typeof node.value === 'string') spans.push(...mentionsIn(caller, node as ScalarNode & { value: string }));
  });
  return spans;
}

/** Where the caller's account id is written as a whole word inside a value. */
function accountMentions(caller: Caller, value: SourceNode): Span[] {
  const spans: Span[] = [];
  walkNodes(value, (node) => {
    if (node.kind !== 'scalar' || node.value === null) return;
    const embedded = typeof node.value === 'string';
    for (const m of (embedded ? node.value : node.text).matchAll(/(?<!\d)\d{12}(?!\d)/g)) {
      if (m[0] === caller.accountId) spans.push(embedded ? substringSpan(node, m.index, m.index + m[0].length) : node.span);
    }
  });
  return spans;
}

function mentionsIn(caller: Caller, scalar: ScalarNode & { value: string }): Span[] {
  return [...scalar.value.matchAll(/arn:[^\s"'`,\]}#]+/gi)]
    .filter((m) => compareArn(caller, m[0], 'aws-auth')?.kind === 'match')
    .map((m) => substringSpan(scalar, m.index, m.index + m[0].length));
}
