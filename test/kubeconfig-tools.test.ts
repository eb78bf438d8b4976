import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { runEngine } from '../src/engine.js';

/**
 * Kubeconfigs exactly as the tools write them (key order, quoting, `env: null`, `preferences: {}`, extensions):
 * what they write today must lint clean, and the older shapes only with the findings that apply to them.
 */

/** A real (self-signed, throw-away) CA certificate, base64 PEM, as describe-cluster returns certificateAuthority.data. */
const CA =
  'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJmakNDQVNXZ0F3SUJBZ0lVQngxc09ZNittS3RHMTllZWk0d1dFYXorc2hjd0NnWUlLb1pJemowRUF3SXcKRlRFVE1CRUdBMVVFQXd3S2EzVmlaWEp1WlhSbGN6QWVGdzB5TmpFeE1qZ3hPREl3TXpaYUZ3MHpOakV4TWpVeApPREl3TXpaYU1CVXhFekFSQmdOVkJBTU1DbXQxWW1WeWJtVjBaWE13V1RBVEJnY3Foa2pPUFFJQkJnZ3Foa2pPClBRTUJCd05DQUFTb0tnR2ZVNXR5b244eTBtOVRaTm84Y214cDl4Y083MmJBbDRKMWVkM1lDaERCMTExQ084ZVcKUDJjcjNjTTkzZ0FQSUk3a1RuT0dPZTc0THZIbkk0VFBvMU13VVRBZEJnTlZIUTRFRmdRVVRpK1EzS2dLZ0FwMgp1VDJvcTFrS2dhZThGVHN3SHdZRFZSMGpCQmd3Rm9BVVRpK1EzS2dLZ0FwMnVUMm9xMWtLZ2FlOEZUc3dEd1lEClZSMFRBUUgvQkFVd0F3RUIvekFLQmdncWhrak9QUVFEQWdOSEFEQkVBaUJQMWVkcWFSOUlPK1J1S2pNUW1EL0UKeE1HQzYrbmhpMUw5T2FpdzVSczlPd0lnSlc4MkdXRG5nNStpYUhCaHM1MjBJa1NBSDZ4RW0xWVJVWWVyZ01PTgpFV2s9Ci0tLS0tRU5EIENFUlRJRklDQVRFLS0tLS0K';
const ARN = 'arn:aws:eks:us-west-2:210987654321:cluster/prod';
const SERVER = 'https://0123456789ABCDEF0123456789ABCDEF.gr7.us-west-2.eks.amazonaws.com';

/** `aws eks update-kubeconfig --name prod --region us-west-2` with AWS CLI 2.11.1 or later (and 1.27.86 or later). */
const UPDATE_KUBECONFIG = `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: ${CA}
    server: ${SERVER}
  name: ${ARN}
contexts:
- context:
    cluster: ${ARN}
    user: ${ARN}
  name: ${ARN}
current-context: ${ARN}
kind: Config
preferences: {}
users:
- name: ${ARN}
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      args:
      - --region
      - us-west-2
      - eks
      - get-token
      - --cluster-name
      - prod
      - --output
      - json
      command: aws
`;

/** The same with `--alias prod-admin --user-alias prod-admin --role-arn ... --profile prod`. */
const UPDATE_KUBECONFIG_OPTIONS = `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: ${CA}
    server: ${SERVER}
  name: ${ARN}
contexts:
- context:
    cluster: ${ARN}
    user: prod-admin
  name: prod-admin
current-context: prod-admin
kind: Config
preferences: {}
users:
- name: prod-admin
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      args:
      - --region
      - us-west-2
      - eks
      - get-token
      - --cluster-name
      - prod
      - --output
      - json
      - --role
      - arn:aws:iam::210987654321:role/platform/ProdAdmin
      command: aws
      env:
      - name: AWS_PROFILE
        value: prod
`;

/** `kubectl config view` of an update-kubeconfig entry moved to exec v1, and of an Outposts local cluster (its CA omitted, as without --raw). */
const KUBECTL_VIEW_V1 = `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: ${CA}
    server: ${SERVER}
  name: ${ARN}
- cluster:
    certificate-authority-data: DATA+OMITTED
    server: https://10.0.4.21
  name: arn:aws:eks:us-west-2:210987654321:cluster/edge
contexts:
- context:
    cluster: ${ARN}
    namespace: default
    user: ${ARN}
  name: prod
- context:
    cluster: arn:aws:eks:us-west-2:210987654321:cluster/edge
    user: arn:aws:eks:us-west-2:210987654321:cluster/edge
  name: edge
current-context: prod
kind: Config
preferences: {}
users:
- name: ${ARN}
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1
      args:
      - --region
      - us-west-2
      - eks
      - get-token
      - --cluster-name
      - prod
      - --output
      - json
      command: aws
      env: null
      interactiveMode: IfAvailable
      provideClusterInfo: false
- name: arn:aws:eks:us-west-2:210987654321:cluster/edge
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      args:
      - --region
      - us-west-2
      - eks
      - get-token
      - --cluster-id
      - 0a1b2c3d-4e5f-6789-abcd-ef0123456789
      - --output
      - json
      command: aws
      env: null
      interactiveMode: IfAvailable
      provideClusterInfo: false
`;

/** `kubectl config view --raw -o json`. */
const KUBECTL_VIEW_JSON = JSON.stringify(
  {
    kind: 'Config',
    apiVersion: 'v1',
    preferences: {},
    clusters: [{ name: ARN, cluster: { server: SERVER, 'certificate-authority-data': CA } }],
    users: [
      {
        name: ARN,
        user: {
          exec: {
            command: 'aws',
            args: ['--region', 'us-west-2', 'eks', 'get-token', '--cluster-name', 'prod', '--output', 'json'],
            env: null,
            apiVersion: 'client.authentication.k8s.io/v1beta1',
            provideClusterInfo: false,
            interactiveMode: 'IfAvailable',
          },
        },
      },
    ],
    contexts: [{ name: ARN, context: { cluster: ARN, user: ARN } }],
    'current-context': ARN,
  },
  null,
  4,
);

/** `eksctl utils write-kubeconfig` with aws on PATH, and with aws-iam-authenticator on PATH. */
const EKSCTL = `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: ${CA}
    server: https://9F86D081884C7D659A2FEAA0C55AD015.gr7.eu-west-1.eks.amazonaws.com
  name: dev.eu-west-1.eksctl.io
- cluster:
    certificate-authority-data: ${CA}
    server: https://2C26B46B68FFC68FF99B453C1D304134.sk1.ap-southeast-2.eks.amazonaws.com
  name: batch.ap-southeast-2.eksctl.io
contexts:
- context:
    cluster: dev.eu-west-1.eksctl.io
    user: alice@dev.eu-west-1.eksctl.io
  name: alice@dev.eu-west-1.eksctl.io
- context:
    cluster: batch.ap-southeast-2.eksctl.io
    user: i-0123456789abcdef0@batch.ap-southeast-2.eksctl.io
  name: i-0123456789abcdef0@batch.ap-southeast-2.eksctl.io
current-context: alice@dev.eu-west-1.eksctl.io
kind: Config
preferences: {}
users:
- name: alice@dev.eu-west-1.eksctl.io
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      args:
      - eks
      - get-token
      - --output
      - json
      - --cluster-name
      - dev
      - --region
      - eu-west-1
      command: aws
      env:
      - name: AWS_STS_REGIONAL_ENDPOINTS
        value: regional
      provideClusterInfo: false
- name: i-0123456789abcdef0@batch.ap-southeast-2.eksctl.io
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      args:
      - token
      - -i
      - batch
      command: aws-iam-authenticator
      env:
      - name: AWS_STS_REGIONAL_ENDPOINTS
        value: regional
      - name: AWS_DEFAULT_REGION
        value: ap-southeast-2
      provideClusterInfo: false
`;

/** GKE, AKS (kubelogin), kind, minikube (extensions), OIDC kubelogin on an EKS endpoint, and Rancher. */
const OTHER_PROVIDERS = `apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority-data: ${CA}
    server: https://34.123.45.67
  name: gke_my-project_us-central1_c1
- cluster:
    certificate-authority-data: ${CA}
    server: https://aks1-dns-abc123.hcp.westeurope.azmk8s.io:443
  name: aks1
- cluster:
    certificate-authority-data: ${CA}
    server: https://127.0.0.1:40123
  name: kind-kind
- cluster:
    certificate-authority: /home/user/.minikube/ca.crt
    extensions:
    - extension:
        last-update: Mon, 01 Jan 2024 10:00:00 UTC
        provider: minikube.sigs.k8s.io
        version: v1.32.0
      name: cluster_info
    server: https://192.168.49.2:8443
  name: minikube
- cluster:
    certificate-authority-data: ${CA}
    server: ${SERVER}
  name: eks-oidc
- name: "rancher-prod"
  cluster:
    server: "https://rancher.example.com/k8s/clusters/c-m-abc123"
contexts:
- context: {cluster: gke_my-project_us-central1_c1, user: gke_my-project_us-central1_c1}
  name: gke_my-project_us-central1_c1
- context: {cluster: aks1, user: clusterUser_rg_aks1}
  name: aks1
- context: {cluster: kind-kind, user: kind-kind}
  name: kind-kind
- context:
    cluster: minikube
    extensions:
    - extension:
        provider: minikube.sigs.k8s.io
      name: context_info
    namespace: default
    user: minikube
  name: minikube
- context: {cluster: eks-oidc, user: oidc}
  name: eks-oidc
- name: "rancher-prod"
  context:
    user: "rancher-prod"
    cluster: "rancher-prod"
current-context: minikube
preferences: {}
users:
- name: gke_my-project_us-central1_c1
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: gke-gcloud-auth-plugin
      installHint: Install gke-gcloud-auth-plugin for use with kubectl by following
        https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl#install_plugin
      provideClusterInfo: true
- name: clusterUser_rg_aks1
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      args: [get-token, --environment, AzurePublicCloud, --server-id, 6dae42f8-4368-4678-94ff-3960e28e3630, --login, devicecode]
      command: kubelogin
      env: null
- name: kind-kind
  user:
    client-certificate-data: ${CA}
    client-key-data: ${CA}
- name: minikube
  user:
    client-certificate: /home/user/.minikube/profiles/minikube/client.crt
    client-key: /home/user/.minikube/profiles/minikube/client.key
- name: oidc
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      args: [oidc-login, get-token, --oidc-issuer-url=https://issuer.example.com, --oidc-client-id=eks]
      command: kubectl
      env: null
      interactiveMode: IfAvailable
      provideClusterInfo: false
- name: "rancher-prod"
  user:
    token: "kubeconfig-user-abcde.c-m-abc123:zq8d6l8xrbwmkvk7s7t5w2xjjd9ftv4xlp2rvtcd4xq6gbmt9bjtsc"
`;

/** What AWS CLI 1.16.158 to 1.23.8 wrote (v1alpha1, no --output json), 1.16.156 (no --region), and 1.16.18 to 1.16.155. */
const OLD_AWS_CLI = `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: ${CA}
    server: https://0123456789ABCDEF0123456789ABCDEF.gr7.us-east-1.eks.amazonaws.com
  name: arn:aws:eks:us-east-1:210987654321:cluster/legacy
- cluster:
    certificate-authority-data: ${CA}
    server: https://FEDCBA9876543210FEDCBA9876543210.gr7.us-east-1.eks.amazonaws.com
  name: arn:aws:eks:us-east-1:210987654321:cluster/older
- cluster:
    certificate-authority-data: ${CA}
    server: https://AAAABBBBCCCCDDDDEEEEFFFF00001111.sk1.us-east-1.eks.amazonaws.com
  name: arn:aws:eks:us-east-1:210987654321:cluster/oldest
contexts:
- context:
    cluster: arn:aws:eks:us-east-1:210987654321:cluster/legacy
    user: arn:aws:eks:us-east-1:210987654321:cluster/legacy
  name: arn:aws:eks:us-east-1:210987654321:cluster/legacy
- context:
    cluster: arn:aws:eks:us-east-1:210987654321:cluster/older
    user: arn:aws:eks:us-east-1:210987654321:cluster/older
  name: arn:aws:eks:us-east-1:210987654321:cluster/older
- context:
    cluster: arn:aws:eks:us-east-1:210987654321:cluster/oldest
    user: arn:aws:eks:us-east-1:210987654321:cluster/oldest
  name: arn:aws:eks:us-east-1:210987654321:cluster/oldest
current-context: arn:aws:eks:us-east-1:210987654321:cluster/legacy
kind: Config
preferences: {}
users:
- name: arn:aws:eks:us-east-1:210987654321:cluster/legacy
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1alpha1
      args:
      - --region
      - us-east-1
      - eks
      - get-token
      - --cluster-name
      - legacy
      command: aws
- name: arn:aws:eks:us-east-1:210987654321:cluster/older
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1alpha1
      args:
      - eks
      - get-token
      - --cluster-name
      - older
      - --role
      - arn:aws:iam::210987654321:role/Ops
      command: aws
- name: arn:aws:eks:us-east-1:210987654321:cluster/oldest
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1alpha1
      args:
      - token
      - -i
      - oldest
      command: aws-iam-authenticator
`;

/** `path:line:column ruleId` of every finding, all rules; the files listed in `own` are given with --kubeconfig. */
function findings(files: Readonly<Record<string, string>>, own: readonly string[] = []): string[] {
  const inputs = Object.entries(files).map(([path, content]) => ({ path, content, explicit: true }));
  return runEngine(inputs, { rules, kubeconfigList: own }).findings.map((f) => `${f.span.file}:${f.span.start.line}:${f.span.start.column} ${f.ruleId}`);
}

describe('kubeconfigs as the tools write them today', () => {
  it('aws eks update-kubeconfig, kubectl config view (YAML, JSON, exec v1) and eksctl lint clean in a repository', () => {
    expect(
      findings({
        'update-kubeconfig.yaml': UPDATE_KUBECONFIG,
        'view-v1.yaml': KUBECTL_VIEW_V1,
        'view.json': KUBECTL_VIEW_JSON,
        'eksctl.yaml': EKSCTL,
      }),
    ).toEqual([]);
  });

  it('--role-arn, --alias and --user-alias are clean; --profile is a note in a repository and nothing in your own kubeconfig', () => {
    const files = { 'deploy/kubeconfig.yaml': UPDATE_KUBECONFIG_OPTIONS };
    expect(findings(files)).toEqual(['deploy/kubeconfig.yaml:33:15 kubeconfig-aws-profile-env']);
    expect(findings(files, ['deploy/kubeconfig.yaml'])).toEqual([]);
  });

  it('a merged ~/.kube/config of several tools and providers is clean, static tokens aside', () => {
    const own = { 'update-kubeconfig.yaml': UPDATE_KUBECONFIG, 'eksctl.yaml': EKSCTL, 'others.yaml': OTHER_PROVIDERS };
    const list = Object.keys(own);
    expect(findings(own, list)).toEqual([]);
    // In a repository the Rancher token is a credential shared with every reader; nothing else changes.
    expect(findings(own)).toEqual(['others.yaml:92:12 kubeconfig-static-token']);
  });
});

describe('kubeconfigs older AWS CLI versions wrote', () => {
  it('reports v1alpha1 and the missing --output json, and nothing the old forms do right', () => {
    expect(findings({ 'old.yaml': OLD_AWS_CLI }, ['old.yaml'])).toEqual([
      'old.yaml:35:19 kubeconfig-exec-api-version',
      'old.yaml:40:9 kubeconfig-output-json',
      'old.yaml:47:19 kubeconfig-exec-api-version',
      'old.yaml:50:9 kubeconfig-output-json',
      'old.yaml:59:19 kubeconfig-exec-api-version',
    ]);
  });
});
