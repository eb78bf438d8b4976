import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A temporary repository root (it has a .git directory, so paths are reported relative to it) with these files. */
export function tempRepository(prefix: string, files: Readonly<Record<string, string>>): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  mkdirSync(join(dir, '.git'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** An aws-auth ConfigMap manifest whose mapRoles block holds these lines (indented by four spaces). */
export function awsAuthManifest(mapRoles: string): string {
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws-auth\n  namespace: kube-system\ndata:\n  mapRoles: |\n${mapRoles}`;
}

/** A mapRoles entry, indented for `awsAuthManifest`. */
export function roleEntry(arn: string, username: string, groups: readonly string[]): string {
  return `    - rolearn: ${arn}\n      username: ${username}\n      groups:\n${groups.map((g) => `        - ${g}\n`).join('')}`;
}

/** An eksctl ClusterConfig with this authentication mode and one cluster-admin access entry. */
export function eksctlCluster(name: string, authenticationMode: 'API' | 'API_AND_CONFIG_MAP' | 'CONFIG_MAP'): string {
  return `apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: ${name}
  region: eu-west-1
accessConfig:
  authenticationMode: ${authenticationMode}
  accessEntries:
    - principalARN: arn:aws:iam::210987654321:role/platform-admin
      accessPolicies:
        - policyARN: arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy
          accessScope:
            type: cluster
`;
}
