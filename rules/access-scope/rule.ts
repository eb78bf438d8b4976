import { policyKeySpan, scopeOf } from '../../src/cluster/access.js';
import { apiRefusalOutcome, schemaRefusal, termsOf } from '../../src/cluster/terms.js';
import type { AccessEntry, AccessPolicy } from '../../src/model.js';
import { defineRule, type Report } from '../../src/rule.js';
import type { MapNode, SourceNode } from '../../src/source-node.js';
import type { Span } from '../../src/span.js';
import { closest } from '../../src/util/suggest.js';

const SCOPE_TYPES: readonly string[] = ['cluster', 'namespace'];

export default defineRule({
  id: 'access-scope',
  level: 'error',
  tags: ['correctness'],
  summary: 'An access policy scope is malformed: a type other than cluster or namespace, namespace scope without namespaces, cluster scope with namespaces, or a namespace listed twice.',
  description:
    'The access scope type is an enum of the EKS API, `cluster` or `namespace`, in lower case; a `namespace` scope ' +
    'needs at least one namespace. eksctl rejects the whole ClusterConfig for any of these (and for namespaces under ' +
    'a cluster scope), so no access entry is created. A namespace listed twice is rejected as a duplicate item by ' +
    'CloudFormation and shows a copy-paste slip where another namespace was probably meant.',
  check(model, context) {
    for (const entry of model.accessEntries) {
      for (const policy of entry.policies) {
        for (const report of check(entry, policy)) context.report(report);
      }
    }
  },
});

function check(entry: AccessEntry, policy: AccessPolicy): Report[] {
  const scope = policy.scope;
  const where = `accessEntries[${entry.index}]`;
  const t = termsOf(entry);
  const eksctl = entry.carrier === 'eksctl';
  // The AWS provider leaves access_scope's values to the EKS API; only the shape is Terraform's own check.
  const terraform = entry.carrier === 'terraform';
  /** eksctl's own message for eksctl files, CloudFormation's schema constraint for templates; then what the EKS API does. */
  const refused = (eksctlError: string, constraint: string, api: string): string =>
    (eksctl ? `eksctl rejects the file ("${eksctlError}") and ${api}` : terraform ? api : `${schemaRefusal(constraint)}; ${api} too`);
  if (scope?.kind === 'opaque') return [];
  if (scope === undefined || (scope.kind === 'scalar' && scope.value === null)) {
    const span = scope?.span ?? policyKeySpan(policy);
    const refusal = eksctl
      ? `the EKS API requires a scope, and eksctl rejects the file ("${where}.accessScope.type must be set to either "namespace" or "cluster"")`
      : terraform
        ? `Terraform rejects the configuration (an ${t.scope} block is required) and the EKS API requires a scope too`
        : `${schemaRefusal(`${t.policies} items require ${t.scope}`)}; the EKS API requires a scope too`;
    return [{
      span,
      message: `This access policy has ${scope === undefined ? `no ${t.scope}` : `an empty ${t.scope}`}: ${refusal}. Add "${t.scope}: {${t.scopeType}: cluster}" or a namespace scope with its ${t.namespaces}.`,
    }];
  }
  if (scope.kind !== 'map') {
    const example = scope.kind === 'scalar' && scope.text === 'cluster' ? `${t.scope}: {${t.scopeType}: cluster}` : `${t.scope}: {${t.scopeType}: namespace, ${t.namespaces}: [apps]}`;
    const refusal = eksctl ? 'eksctl cannot read this value and rejects the file' : terraform ? `Terraform rejects the configuration (${t.scope} is a block)` : schemaRefusal(`${t.scope}: type object`);
    return [{ span: scope.span, message: `${t.scope} must be a mapping with "${t.scopeType}" (cluster or namespace) and, for a namespace scope, "${t.namespaces}": ${refusal}. Write it as "${example}".` }];
  }
  const { type: typeNode, namespaces } = scopeOf(policy);
  if (typeNode?.kind === 'opaque') return duplicates(entry, namespaces);
  const type = typeNode?.kind === 'scalar' ? typeNode.value : undefined;
  if (typeNode === undefined || type === null || type === '') {
    return [{
      span: typeNode?.span ?? keyOf(policy.node, scope) ?? scope.span,
      message: `This access scope has no ${t.scopeType}: ${refused(`${where}.accessScope.type must be set to either "namespace" or "cluster"`, `${t.scope} requires ${t.scopeType}`, 'the EKS API requires one')}. Set "${t.scopeType}: cluster" or "${t.scopeType}: namespace" with its ${t.namespaces}.`,
    }];
  }
  if (type !== 'cluster' && type !== 'namespace') {
    const written = typeNode.kind === 'scalar' ? typeNode.text : 'a list or mapping';
    const text = typeof type === 'string' ? type.trim() : '';
    const hint = closest(text, SCOPE_TYPES);
    const fix = SCOPE_TYPES.includes(text.toLowerCase())
      ? `Write "${text.toLowerCase()}": the value is case-sensitive`
      : hint === undefined ? 'Use "cluster" or "namespace"' : `Did you mean "${hint}"?`;
    return [{
      span: typeNode.span,
      message: `Access scope type "${written}" is not one of "cluster" or "namespace" (exact, lower case): ${refused(`invalid access scope type "${written}" for ${where}`, `${t.scope}.${t.scopeType}: enum namespace | cluster`, 'the EKS API rejects the association')}. ${fix}${fix.endsWith('?') ? '' : '.'}`,
    }, ...duplicates(entry, namespaces)];
  }
  if (namespaces?.kind === 'opaque') return [];
  const empty = namespaces === undefined || (namespaces.kind === 'scalar' && namespaces.value === null) || (namespaces.kind === 'seq' && namespaces.items.length === 0);
  if (type === 'cluster') {
    if (namespaces === undefined || empty) return [];
    const refusal = eksctl
      ? `eksctl rejects the file ("cannot specify ${where}.accessScope.namespaces when accessScope is set to cluster"), and the EKS API does not document what it makes of them`
      : 'the EKS API does not document what it makes of them';
    return [{
      span: keyOf(scope, namespaces) ?? namespaces.span,
      message: `A cluster scope lists ${t.namespaces}: ${refusal}. Remove "${t.namespaces}" for access to every namespace, or set "${t.scopeType}: namespace" to limit the policy to these.`,
    }];
  }
  if (empty) {
    const refusal = eksctl
      ? `eksctl rejects the file ("at least one namespace must be specified when accessScope is set to namespace: (${where})") and the EKS API requires them`
      : `the EKS API requires at least one${apiRefusalOutcome(entry)}`;
    return [{
      // A `namespaces:` with nothing after it has its key as its span.
      span: namespaces?.span ?? typeNode.span,
      message: `A namespace scope ${namespaces === undefined ? 'without' : 'with an empty list of'} ${t.namespaces}: ${refusal}. List the namespaces (wildcards such as "dev-*" are allowed), or use "${t.scopeType}: cluster".`,
    }];
  }
  if (namespaces.kind !== 'seq') {
    const written = namespaces.kind === 'scalar' ? namespaces.text : undefined;
    const refusal = eksctl ? 'eksctl cannot read it and rejects the file' : terraform ? `Terraform rejects the configuration (${t.namespaces} is a set of strings)` : schemaRefusal(`${t.namespaces}: type array`);
    return [{
      span: namespaces.span,
      message: `${t.namespaces} must be a list of namespace names, not ${written === undefined ? 'a mapping' : `a single value ("${written}")`}: ${refusal}. Write it as a list, e.g. "${t.namespaces}: [${written ?? 'apps'}]".`,
    }];
  }
  return duplicates(entry, namespaces);
}

/** A namespace written twice in one scope: the later one is reported, pointing back at the first. */
function duplicates(entry: AccessEntry, namespaces: SourceNode | undefined): Report[] {
  if (namespaces?.kind !== 'seq') return [];
  // eksctl creates each access entry through a CloudFormation stack, so the schema's uniqueItems applies to both.
  const refusal = entry.carrier === 'eksctl'
    ? 'CloudFormation rejects it (Namespaces must be unique)'
    : entry.carrier === 'terraform' ? 'Terraform keeps one of them (namespaces is a set)' : schemaRefusal('Namespaces: uniqueItems');
  const seen = new Map<string, Span>();
  const reports: Report[] = [];
  for (const item of namespaces.items) {
    if (item.kind !== 'scalar' || typeof item.value !== 'string') continue;
    const first = seen.get(item.value);
    if (first === undefined) {
      seen.set(item.value, item.span);
      continue;
    }
    reports.push({
      span: item.span,
      message: `Namespace "${item.value}" is listed twice in this scope (first at ${first.start.line === item.span.start.line ? `column ${first.start.column}` : `line ${first.start.line}`}): the duplicate adds nothing, ${refusal}, and it often stands where another namespace was meant. Remove it or fix the name.`,
      related: [{ span: first, message: `"${item.value}" is first listed here` }],
    });
  }
  return reports;
}

function keyOf(map: MapNode, value: SourceNode): Span | undefined {
  return [...map.entries].reverse().find((e) => e.value === value)?.keySpan;
}
