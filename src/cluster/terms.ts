import type { AccessEntry, Cluster } from '../model.js';

/** How each tool spells the access settings, so messages use the words of the file being read. */
export interface Terms {
  readonly tool: string;
  readonly authenticationMode: string;
  readonly creatorAdmin: string;
  readonly principal: string;
  readonly type: string;
  readonly groups: string;
  readonly username: string;
  readonly policies: string;
  readonly policyArn: string;
  readonly scope: string;
  readonly scopeType: string;
  readonly namespaces: string;
}

const EKSCTL: Terms = {
  tool: 'eksctl',
  authenticationMode: 'authenticationMode',
  creatorAdmin: 'bootstrapClusterCreatorAdminPermissions',
  principal: 'principalARN',
  type: 'type',
  groups: 'kubernetesGroups',
  username: 'kubernetesUsername',
  policies: 'accessPolicies',
  policyArn: 'policyARN',
  scope: 'accessScope',
  scopeType: 'type',
  namespaces: 'namespaces',
};

const CLOUDFORMATION: Terms = {
  tool: 'CloudFormation',
  authenticationMode: 'AuthenticationMode',
  creatorAdmin: 'BootstrapClusterCreatorAdminPermissions',
  principal: 'PrincipalArn',
  type: 'Type',
  groups: 'KubernetesGroups',
  username: 'Username',
  policies: 'AccessPolicies',
  policyArn: 'PolicyArn',
  scope: 'AccessScope',
  scopeType: 'Type',
  namespaces: 'Namespaces',
};

/** The `--auth-mode` stand-in has no file: use the EKS API's names. */
const API: Terms = { ...EKSCTL, tool: 'the EKS API', principal: 'principalArn', username: 'username', policyArn: 'policyArn' };

export function termsOf(source: Cluster | AccessEntry): Terms {
  if (source.carrier === 'eksctl') return EKSCTL;
  if (source.carrier === 'cloudformation') return CLOUDFORMATION;
  return API;
}
