import type { Report } from '../../src/rule.js';
import { defineRule } from '../../src/rule.js';
import { lastEntry, lastValue, type MapEntry, type MapNode, type SourceNode } from '../../src/source-node.js';
import type { Span } from '../../src/span.js';

/** The only service eksctl can map (pkg/authconfigmap/service_access.go). */
const SERVICE = 'emr-containers';
const IDENTITY_FIELDS = ['arn', 'username', 'groups'] as const;

export default defineRule({
  id: 'eksctl-identity-mapping',
  level: 'error',
  tags: ['correctness'],
  summary: 'An eksctl iamIdentityMappings entry combines options eksctl rejects, or lacks what it needs (an arn of a user or role, and a username or groups).',
  description:
    'eksctl validates iamIdentityMappings before it creates anything: serviceName with arn, username and groups, ' +
    'serviceName without namespace, namespace without serviceName, and account with any other option stop the ' +
    'whole ClusterConfig. Other problems surface only when eksctl writes the mappings into aws-auth, after the ' +
    'cluster exists: an empty arn, neither username nor groups, an arn that is neither a user nor a role, or a ' +
    'service other than emr-containers. eksctl then stops at that mapping and the ones after it are not written.',
  check(model, context) {
    for (const cluster of model.clusters) {
      if (cluster.carrier !== 'eksctl' || cluster.node === undefined) continue;
      const list = lastValue(cluster.node, 'iamIdentityMappings');
      if (list?.kind !== 'seq') continue;
      list.items.forEach((item, index) => {
        if (item.kind === 'map') for (const report of check(item, index)) context.report(report);
      });
    }
  },
});

function check(item: MapNode, index: number): Report[] {
  const at = `iamIdentityMappings[${index}]`;
  const field = (key: string): MapEntry | undefined => lastEntry(item, key);
  const service = field('serviceName');
  const namespace = field('namespace');
  const account = field('account');
  const reports: Report[] = [];

  // ClusterConfig validation (pkg/apis/eksctl.io/v1alpha5/identitymapping.go): the first error stops eksctl.
  if (service !== undefined && isSet(service)) {
    const identity = IDENTITY_FIELDS.map(field).filter(present);
    if (identity.length === IDENTITY_FIELDS.length) {
      return [{
        span: service.keySpan,
        message: `${at} sets serviceName together with arn, username and groups: eksctl rejects the ClusterConfig ("cannot use arn, username, and groups with serviceName"). A service mapping is written by eksctl itself; remove arn, username and groups, or remove serviceName and namespace to map your own principal.`,
      }];
    }
    if (identity[0] !== undefined) {
      const names = list(identity.map((e) => e.key));
      reports.push({
        span: identity[0].keySpan,
        message: `${at} sets ${names} next to serviceName: eksctl ignores ${identity.length === 1 ? 'it' : 'them'} without a word and maps only the service's own role (AWSServiceRoleForAmazonEMRContainers as user "${SERVICE}"). Remove ${names}, or move ${identity.length === 1 ? 'it' : 'them'} to a mapping of its own.`,
      });
    }
    if (!isSet(namespace)) {
      return [...reports, {
        span: namespace === undefined ? service.keySpan : spanOf(namespace),
        message: `${at} sets serviceName without a namespace: eksctl rejects the ClusterConfig ("namespace is required when using serviceName"). Add the namespace the service runs its jobs in, e.g. "namespace: spark-jobs".`,
      }];
    }
  } else if (namespace !== undefined && isSet(namespace)) {
    return [{
      span: namespace.keySpan,
      message: `${at} sets namespace without serviceName: eksctl rejects the ClusterConfig ("serviceName is required when using namespace"). An IAM identity mapping has no namespace; limit it with RBAC bound to its username or groups, and remove namespace.`,
    }];
  }
  if (account !== undefined && isSet(account)) {
    const others = [...IDENTITY_FIELDS, 'serviceName', 'namespace'].map(field).filter(present);
    if (others.length > 0) {
      return [...reports, {
        span: account.keySpan,
        message: `${at} sets account together with ${list(others.map((e) => e.key))}: eksctl rejects the ClusterConfig ("account cannot be configured with any other options"). Put the account in a mapping of its own, or remove it.`,
      }];
    }
    return reports;
  }
  if (service !== undefined && isSet(service)) {
    const name = service.value.kind === 'scalar' ? service.value.value : undefined;
    if (typeof name === 'string' && name !== SERVICE) {
      reports.push({
        span: service.value.span,
        message: `serviceName "${name}" is not a service eksctl can map: eksctl creates the cluster, then stops at this mapping ("invalid service name "${name}"") and writes none of the mappings after it. The only supported value is "${SERVICE}".`,
      });
    }
    return reports;
  }

  // Applied after the cluster is created (pkg/iam/mapping.go NewIdentity): eksctl stops at the first failure.
  const arn = field('arn');
  const after = 'eksctl creates the cluster, then stops at this mapping';
  if (arn === undefined || !isSet(arn)) {
    const span = arn === undefined ? (item.entries[0]?.keySpan ?? item.span) : spanOf(arn);
    return [{ span, message: `${at} has no arn: ${after} ("expected a valid arn but got empty string") and writes none of the mappings after it. Add "arn:" with the IAM role or user to map, or "account:" to admit a whole account.` }];
  }
  if (!isSet(field('username')) && !isSet(field('groups'))) {
    reports.push({
      span: arn.keySpan,
      message: `${at} has neither username nor groups: ${after} ("neither username nor group are set for iam identity") and writes none of the mappings after it. Add the username and the groups to grant.`,
    });
  }
  const text = arn.value.kind === 'scalar' && typeof arn.value.value === 'string' ? arn.value.value : undefined;
  const type = text === undefined ? undefined : resourceType(text);
  if (type !== undefined && type !== 'user' && type !== 'role') {
    const lower = type.toLowerCase();
    const fix = lower === 'user' || lower === 'role'
      ? `eksctl compares the resource type case-sensitively: write "${lower}/"`
      : 'Map the IAM role (arn:PARTITION:iam::ACCOUNT:role/NAME) or user instead, or use "account:" for a whole account';
    reports.push({
      span: arn.value.span,
      message: `arn "${text ?? ''}" has the resource type "${type}", neither an IAM user nor a role: ${after} ("arn is neither user nor role") and writes none of the mappings after it. ${fix}.`,
    });
  }
  return reports;
}

/** `a`, `a and b`, `a, b and c`. */
function list(names: readonly string[]): string {
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1) ?? ''}`;
}

/** The written value, or the key when nothing is written after it. */
function spanOf(entry: MapEntry): Span {
  const span = entry.value.span;
  return span.startOffset === span.endOffset ? entry.keySpan : span;
}

/** Set as eksctl sees it: a non-empty string, a non-empty list, or anything it cannot know. */
function isSet(entry: MapEntry | undefined): boolean {
  return entry !== undefined && !isEmpty(entry.value);
}

function present(entry: MapEntry | undefined): entry is MapEntry {
  return isSet(entry);
}

function isEmpty(node: SourceNode): boolean {
  if (node.kind === 'scalar') return node.value === null || node.value === '';
  if (node.kind === 'seq') return node.items.length === 0;
  return false;
}

/**
 * The resource type as eksctl reads it (aws-sdk-go arn.Parse: an exact `arn:` prefix and six sections;
 * the type is the resource up to its first `/`, compared case-sensitively). Undefined when eksctl cannot
 * parse the ARN at all, which is invalid-arn's finding.
 */
function resourceType(arn: string): string | undefined {
  if (!arn.startsWith('arn:')) return undefined;
  const sections = arn.split(':');
  if (sections.length < 6) return undefined;
  const resource = sections.slice(5).join(':');
  const slash = resource.indexOf('/');
  return slash < 0 ? resource : resource.slice(0, slash);
}
