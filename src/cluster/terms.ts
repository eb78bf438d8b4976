import type { AccessEntry, Cluster } from '../model.js';

/** How each tool spells the access settings, so messages use the words of the file being read. */
export interface Terms {
  readonly tool: string;
  readonly accessConfig: string;
  readonly authenticationMode: string;
  readonly creatorAdmin: string;
  /** Where access entries are declared, for advice ("give them access entries (...)"). */
  readonly accessEntries: string;
  readonly principal: string;
  readonly type: string;
  readonly groups: string;
  readonly username: string;
  readonly policies: string;
  readonly policyArn: string;
  readonly scope: string;
  readonly scopeType: string;
  readonly namespaces: string;
  readonly remoteNetworkConfig: string;
}

const EKSCTL: Terms = {
  tool: 'eksctl',
  accessConfig: 'accessConfig',
  authenticationMode: 'authenticationMode',
  creatorAdmin: 'bootstrapClusterCreatorAdminPermissions',
  accessEntries: 'accessConfig.accessEntries',
  principal: 'principalARN',
  type: 'type',
  groups: 'kubernetesGroups',
  username: 'kubernetesUsername',
  policies: 'accessPolicies',
  policyArn: 'policyARN',
  scope: 'accessScope',
  scopeType: 'type',
  namespaces: 'namespaces',
  remoteNetworkConfig: 'remoteNetworkConfig',
};

const CLOUDFORMATION: Terms = {
  tool: 'CloudFormation',
  accessConfig: 'AccessConfig',
  authenticationMode: 'AuthenticationMode',
  creatorAdmin: 'BootstrapClusterCreatorAdminPermissions',
  accessEntries: 'AWS::EKS::AccessEntry resources',
  principal: 'PrincipalArn',
  type: 'Type',
  groups: 'KubernetesGroups',
  username: 'Username',
  policies: 'AccessPolicies',
  policyArn: 'PolicyArn',
  scope: 'AccessScope',
  scopeType: 'Type',
  namespaces: 'Namespaces',
  remoteNetworkConfig: 'RemoteNetworkConfig',
};

const TERRAFORM: Terms = {
  tool: 'Terraform',
  accessConfig: 'access_config',
  authenticationMode: 'authentication_mode',
  creatorAdmin: 'bootstrap_cluster_creator_admin_permissions',
  accessEntries: 'aws_eks_access_entry resources',
  principal: 'principal_arn',
  type: 'type',
  groups: 'kubernetes_groups',
  username: 'user_name',
  policies: 'aws_eks_access_policy_association resources',
  policyArn: 'policy_arn',
  scope: 'access_scope',
  scopeType: 'type',
  namespaces: 'namespaces',
  remoteNetworkConfig: 'remote_network_config',
};

/** The `--auth-mode` stand-in has no file: use the EKS API's names. */
const API: Terms = { ...EKSCTL, tool: 'the EKS API', principal: 'principalArn', username: 'username', policyArn: 'policyArn' };

export function termsOf(source: Cluster | AccessEntry): Terms {
  if (source.carrier === 'eksctl') return EKSCTL;
  if (source.carrier === 'cloudformation') return CLOUDFORMATION;
  if (source.carrier === 'terraform') return TERRAFORM;
  return API;
}

/**
 * How CloudFormation refuses a value that breaks the resource schema of AWS::EKS::AccessEntry or
 * AWS::EKS::Cluster: `constraint` names the property and the schema keyword, e.g. "AccessScope.Type: enum
 * namespace | cluster".
 */
export function schemaRefusal(constraint: string): string {
  return `CloudFormation checks the resource against its schema (${constraint}) and fails it with "Properties validation failed", so the stack rolls back`;
}

/** What follows when the EKS API refuses what a file asks for: eksctl stops, a CloudFormation stack rolls back. */
export function apiRefusalOutcome(source: Cluster | AccessEntry): string {
  if (source.carrier === 'cloudformation') return ', so the stack rolls back';
  return '';
}
