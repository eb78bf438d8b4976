import { parseArn } from '../arn.js';
import type { Mapping } from '../model.js';
import type { SourceNode, StringScalar } from '../source-node.js';

/** Template tokens the authenticator replaces (exact spelling, no spaces). */
export const TEMPLATES: readonly string[] = ['{{AccountID}}', '{{SessionName}}', '{{SessionNameRaw}}', '{{AccessKeyID}}', '{{EC2PrivateDNSName}}'];
/** Tokens whose value the caller picks through its role session name. */
export const SESSION_TEMPLATES: readonly string[] = ['{{SessionName}}', '{{SessionNameRaw}}', '{{EC2PrivateDNSName}}'];

export const EC2_NODE_USERNAME = 'system:node:{{EC2PrivateDNSName}}';
export const SESSION_NODE_USERNAME = 'system:node:{{SessionName}}';

export interface TemplateToken {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** Every `{{...}}` token in a username or group string. */
export function templateTokens(text: string): TemplateToken[] {
  return [...text.matchAll(/\{\{[^{}]*\}\}/g)].map((m) => ({ text: m[0], start: m.index, end: m.index + m[0].length }));
}

/** The string scalars of a `groups` value (others are `non-string-value`'s business). */
export function groupScalars(mapping: Mapping): StringScalar[] {
  const groups = mapping.groups;
  if (groups?.kind !== 'seq') return [];
  return groups.items.flatMap((g) => stringScalar(g) ?? []);
}

export function groupNames(mapping: Mapping): string[] {
  return groupScalars(mapping).map((g) => g.value);
}

function isStringScalar(node: SourceNode | undefined): node is StringScalar {
  return node?.kind === 'scalar' && typeof node.value === 'string';
}

export function stringScalar(node: SourceNode | undefined): StringScalar | undefined {
  return isStringScalar(node) ? node : undefined;
}

export function usernameOf(mapping: Mapping): string | undefined {
  return stringScalar(mapping.username)?.value;
}

/** What a mapping grants, for messages: `username "x", groups a, b` (`none` for either). */
export function describeIdentity(mapping: Mapping): string {
  const username = usernameOf(mapping);
  const groups = groupNames(mapping);
  return `username ${username === undefined ? 'none' : `"${username}"`}, groups ${groups.length === 0 ? 'none' : groups.join(', ')}`;
}

export function principalOf(mapping: Mapping): string | undefined {
  return stringScalar(mapping.principal)?.value;
}

/** Name of the mapped role or user, for hints such as "windows" or "fargate" in it. */
export function principalName(mapping: Mapping): string {
  return principalArn(mapping)?.name ?? '';
}

/** The mapped ARN, parsed; ARNs match case-insensitively, so any spelling parses. */
export function principalArn(mapping: Mapping): ReturnType<typeof parseArn> {
  const arn = principalOf(mapping);
  return arn === undefined ? undefined : parseArn(arn.trim());
}

/**
 * Who calls through this mapping without a role session, in whatever section it is written: IAM users,
 * the account root and federated users. Their session templates render empty.
 */
export function sessionlessCaller(mapping: Mapping): string | undefined {
  const kind = principalArn(mapping)?.kind;
  if (kind === 'user') return 'an IAM user';
  if (kind === 'root') return 'the account root';
  if (kind === 'federated-user') return 'a federated user';
  if (kind === undefined || kind === 'other') return mapping.kind === 'user' ? 'an IAM user (mapUsers entry)' : undefined;
  return undefined;
}

export type NodeKind = 'ec2-linux' | 'ec2-windows' | 'fargate' | 'hybrid';

/**
 * Which kind of node a mapping is meant for, or undefined for a mapping of people or services.
 * A role the cluster declares for a node group or Fargate profile settles it. Otherwise the evidence: the `system:node:` username EKS writes, the Fargate-only `system:node-proxier`
 * group, both node groups together, or a node-like role name next to `system:nodes`.
 */
export function nodeKind(mapping: Mapping): NodeKind | undefined {
  if (mapping.declaredNodeKind !== undefined) return mapping.declaredNodeKind;
  const username = usernameOf(mapping) ?? '';
  const groups = new Set(groupNames(mapping));
  const name = principalName(mapping).toLowerCase();
  const nodeIntent =
    username.startsWith('system:node:') ||
    groups.has('system:node-proxier') ||
    (groups.has('system:nodes') && groups.has('system:bootstrappers')) ||
    (groups.has('system:nodes') && /node|worker|nodegroup|fargate|karpenter|instance|hybrid/.test(name));
  if (!nodeIntent || mapping.kind !== 'role') return undefined;
  // Name hints are weak: cluster names end up in node group role names ("eksctl-fargate-demo-nodegroup-...").
  const ec2Named = /nodeinstancerole|node-?group|karpenter/.test(name);
  if (groups.has('system:node-proxier') || /pod-?execution/.test(name) || (name.includes('fargate') && !ec2Named)) return 'fargate';
  if (name.includes('hybrid') && !ec2Named) return 'hybrid';
  if (groups.has('eks:kube-proxy-windows') || (name.includes('windows') && !name.includes('linux'))) return 'ec2-windows';
  // Only Fargate and hybrid nodes use the session name; without the Fargate group it is hybrid.
  if (username === SESSION_NODE_USERNAME) return 'hybrid';
  return 'ec2-linux';
}
