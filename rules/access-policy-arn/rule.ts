import { PARTITIONS } from '../../src/arn.js';
import { isRegion, parsePolicyArn, partitionOfRegion, policyKeySpan, scopeOf } from '../../src/cluster/access.js';
import { ACCESS_POLICIES } from '../../src/cluster/access-policies.js';
import { apiRefusalOutcome, schemaRefusal, termsOf } from '../../src/cluster/terms.js';
import type { AccessEntry, AccessPolicy } from '../../src/model.js';
import { defineRule, type Report } from '../../src/rule.js';
import { substringSpan, type ScalarNode, type SourceNode } from '../../src/source-node.js';

const FORM = 'arn:PARTITION:eks::aws:cluster-access-policy/NAME';

export default defineRule({
  id: 'access-policy-arn',
  level: 'error',
  tags: ['correctness'],
  summary: "An access policy ARN is missing, not of the form arn:PARTITION:eks::aws:cluster-access-policy/NAME, or in another partition than the cluster's region, or one policy is associated twice to the same access entry.",
  description:
    'Access policies are EKS objects, not IAM policies: their ARN has service eks, no region, the literal account ' +
    '"aws" and the resource cluster-access-policy/NAME. Any other ARN names no access policy, so eksctl rejects the ' +
    'file or the EKS API rejects the association, and the entry is left without the permissions it was meant to ' +
    'grant. The partition must be the one of the cluster\'s region (arn:aws-cn:... in cn-north-1). A policy can be ' +
    'associated with an entry only once; a second association of the same policy replaces ' +
    'the scope of the first instead of adding to it.',
  check(model, context) {
    for (const entry of model.accessEntries) {
      const seen = new Map<string, { policy: AccessPolicy; arn: SourceNode }>();
      for (const policy of entry.policies) {
        const arn = policy.arn;
        if (arn?.kind === 'opaque') continue;
        const text = arn?.kind === 'scalar' && typeof arn.value === 'string' ? arn.value : undefined;
        if (arn === undefined || text === '' || (arn.kind === 'scalar' && arn.value === null)) {
          context.report(missing(entry, policy, arn));
          continue;
        }
        if (text === undefined) {
          const refusal = entry.carrier === 'eksctl'
            ? 'eksctl cannot read this value and rejects the file'
            : entry.carrier === 'terraform' ? 'Terraform rejects the configuration (policy_arn is a string)' : schemaRefusal(`${termsOf(entry).policyArn}: type string`);
          context.report({ span: arn.span, message: `The policy ARN must be a string of the form ${FORM}; ${refusal}.` });
          continue;
        }
        const parsed = parsePolicyArn(text);
        if (parsed === undefined || !PARTITIONS.includes(parsed.partition)) {
          context.report({ span: arn.span, message: malformed(entry, text) });
          continue;
        }
        const expected = regionPartition(entry);
        if (expected !== undefined && parsed.partition !== expected && arn.kind === 'scalar') context.report(otherPartition(entry, arn, parsed, expected));
        const first = seen.get(parsed.name);
        if (first === undefined) {
          seen.set(parsed.name, { policy, arn });
          continue;
        }
        context.report({
          span: arn.span,
          message: twice(entry, parsed.name, first.policy, policy, first.arn),
          related: [{ span: first.arn.span, message: `${parsed.name} is first associated here` }],
        });
      }
    }
  },
});

function missing(entry: AccessEntry, policy: AccessPolicy, arn: SourceNode | undefined): Report {
  const key = termsOf(entry).policyArn;
  const refusal = entry.carrier === 'eksctl'
    ? `eksctl rejects the file ("accessEntries[${entry.index}].policyARN must be set to a valid AWS ARN") and the EKS API requires one`
    : entry.carrier === 'terraform'
      ? `Terraform rejects the configuration (${key} is required) and the EKS API requires one too`
      : `${schemaRefusal(`${termsOf(entry).policies} items require ${key}`)}; the EKS API requires one too`;
  return {
    span: arn?.span ?? policyKeySpan(policy),
    message: `This access policy has ${arn === undefined ? `no ${key}` : `an empty ${key}`}: ${refusal}. Add "${key}: ${FORM}", e.g. arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy.`,
  };
}

/** What is wrong with a policy ARN, what the tools do with it, and the ARN that was probably meant. */
function malformed(entry: AccessEntry, text: string): string {
  const where = `accessEntries[${entry.index}]`;
  const problems: string[] = [];
  let eksctl: string | undefined;
  let name: string | undefined;
  let partition: string | undefined;
  if (/\s/.test(text)) problems.push('it contains whitespace');
  const trimmed = text.trim();
  if (!trimmed.startsWith('arn:')) {
    if (/^[A-Za-z0-9]+$/.test(trimmed)) {
      problems.push('it is a policy name, not an ARN');
      name = trimmed;
    } else {
      problems.push('it does not start with "arn:"');
    }
    eksctl = `invalid ARN "${text}"`;
  } else {
    const parts = trimmed.split(':');
    const [, written = '', service = '', region = '', account = ''] = parts;
    if (PARTITIONS.includes(written)) partition = written;
    const last = trimmed.split(/[/:]/).pop() ?? '';
    if (/^[A-Za-z0-9]+$/.test(last)) name = last;
    if (parts.length < 6) {
      problems.push(`it has ${parts.length} colon-separated parts instead of 6`);
      eksctl = `invalid ARN "${text}"`;
    } else {
      const resource = parts.slice(5).join(':');
      if (partition === undefined) {
        problems.push(PARTITIONS.includes(written.toLowerCase()) ? `the partition "${written}" must be lower case` : `"${written}" is not an AWS partition`);
      }
      if (service !== 'eks') {
        problems.push(service === 'iam' ? 'it is an IAM ARN, but access policies belong to EKS and are not IAM policies' : `the service is "${service}", not "eks"`);
      }
      if (region !== '') problems.push(`it has a region ("${region}"), which access policy ARNs never have`);
      if (account !== 'aws') problems.push(`the account field is ${account === '' ? 'empty' : `"${account}"`}, not the literal "aws"`);
      const slash = resource.indexOf('/');
      const kind = slash < 0 ? resource : resource.slice(0, slash);
      if (kind !== 'cluster-access-policy') problems.push(`the resource is "${resource}", not cluster-access-policy/NAME`);
      else if (resource.includes('/', slash + 1)) problems.push('access policy names have no path');
      else if (name === undefined) problems.push(last === '' ? 'the policy name is missing' : `"${last}" is not a policy name`);
      if (slash < 0) eksctl = `invalid ${where}.policyARN`;
      else if (kind !== 'cluster-access-policy') eksctl = `${where}.policyARN must be a cluster-access-policy resource`;
    }
  }
  const consequence = entry.carrier !== 'eksctl'
    ? `No access policy has this ARN, so the EKS API rejects the association${apiRefusalOutcome(entry)}`
    : eksctl === undefined
      ? 'eksctl does not check this part of the ARN, but no access policy has this ARN, so the EKS API rejects the association and the entry gets none of its permissions'
      : `eksctl rejects the file ("${eksctl}") and the EKS API would reject the association`;
  // Only a case slip is corrected here; other unknown names are unknown-access-policy's once the ARN is fixed.
  const known = name === undefined ? undefined : ACCESS_POLICIES.find((p) => p.toLowerCase() === name.toLowerCase());
  const fixed = `arn:${regionPartition(entry) ?? partition ?? 'aws'}:eks::aws:cluster-access-policy/${known ?? name ?? 'NAME'}`;
  return `Policy ARN "${text}" is not of the form ${FORM}: ${problems.join('; ')}. ${consequence}. Write "${fixed}".`;
}

/** The partition of the entry's cluster, from its region; undefined when the region is unknown or not a region name. */
function regionPartition(entry: AccessEntry): string | undefined {
  const region = entry.cluster?.region?.trim();
  return region === undefined || !isRegion(region) ? undefined : partitionOfRegion(region);
}

/** A well-formed policy ARN of another partition than the cluster's: no such policy exists where the cluster is. */
function otherPartition(entry: AccessEntry, arn: ScalarNode, parsed: { partition: string; name: string }, expected: string): Report {
  const text = String(arn.value);
  const region = entry.cluster?.region?.trim() ?? '';
  const name = ACCESS_POLICIES.find((p) => p.toLowerCase() === parsed.name.toLowerCase()) ?? parsed.name;
  const outcome = entry.carrier === 'eksctl' ? ' (eksctl does not check the partition)' : apiRefusalOutcome(entry);
  return {
    span: substringSpan(arn, 4, 4 + parsed.partition.length),
    message: `Policy ARN "${text}" is in partition "${parsed.partition}", but the cluster's region ${region} is in partition "${expected}": access policies exist only in the cluster's partition, so the EKS API rejects the association${outcome}, and the entry gets none of this policy's permissions. Write "arn:${expected}:eks::aws:cluster-access-policy/${name}".`,
  };
}

function twice(entry: AccessEntry, name: string, first: AccessPolicy, second: AccessPolicy, firstArn: SourceNode): string {
  const line = firstArn.span.start.line;
  const a = describeScope(first);
  const b = describeScope(second);
  if (a === b) {
    // Two equal items break the schema's uniqueItems; with another ARN spelling or scope, only EKS sees the repeat.
    const schema = entry.carrier === 'cloudformation' && sameItem(first, second) ? `; ${schemaRefusal(`${termsOf(entry).policies}: uniqueItems`)}` : '';
    return `${name} is already associated to this entry (line ${line}) with the same scope (${a}): a policy can be associated with an access entry only once${schema}. Remove this duplicate.`;
  }
  return `${name} is already associated to this entry (line ${line}): a policy can be associated with an access entry only once, and associating it again replaces the scope instead of adding to it, so only one of "${a}" and "${b}" takes effect. Merge them into one association (one scope, with all the namespaces).`;
}

/** The same ARN text and the same scope, as written: what a uniqueItems check compares. */
function sameItem(a: AccessPolicy, b: AccessPolicy): boolean {
  const text = (node: SourceNode | undefined): string | undefined => (node?.kind === 'scalar' ? String(node.value) : undefined);
  return text(a.arn) === text(b.arn) && describeScope(a) === describeScope(b);
}

function describeScope(policy: AccessPolicy): string {
  const { type, namespaces } = scopeOf(policy);
  const kind = type?.kind === 'scalar' ? String(type.value) : 'no type';
  const names = namespaces?.kind === 'seq' ? namespaces.items.map((n) => (n.kind === 'scalar' ? String(n.value) : '?')) : [];
  return names.length === 0 ? kind : `${kind}: ${names.join(', ')}`;
}
