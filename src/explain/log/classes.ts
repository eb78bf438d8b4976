/**
 * Classes of authenticator log lines and kubectl messages (reference client-side.md §8.2), with what each
 * means and what to check next. `failure` says whether a line of the class means a request failed: it
 * decides the exit code.
 */

export type ClassLevel = 'error' | 'warning' | 'note';

export interface LogClass {
  readonly id: string;
  readonly level: ClassLevel;
  readonly failure: boolean;
  /** A few words, for lists. */
  readonly title: string;
  readonly meaning: string;
  readonly next: readonly string[];
}

const REGENERATE = 'Let kubectl generate the token on every call with an `exec` entry running `aws eks get-token` (or `aws-iam-authenticator token`).';

export const LOG_CLASSES = {
  'log-token-expired': {
    level: 'error',
    failure: true,
    title: 'token expired',
    meaning: 'The token was signed more than 15 minutes before it reached the cluster: a stored token (kubeconfig `token:`, Terraform `aws_eks_cluster_auth` in a long apply, CI that fetched one token at the start), or a client clock running behind.',
    next: [REGENERATE, 'Compare the client clock with UTC (the time after "expiration" is when the token was signed).'],
  },
  'log-token-not-eks': {
    level: 'error',
    failure: true,
    title: 'not an EKS token',
    meaning: 'A bearer token without the `k8s-aws-v1.` prefix reached the authenticator: a service-account or OIDC token the API server did not accept, or a token of another kind of cluster.',
    next: ['Use the EKS exec entry for this cluster in the kubeconfig (`aws eks update-kubeconfig --name <cluster>`).'],
  },
  'log-token-malformed': {
    level: 'error',
    failure: true,
    title: 'malformed token',
    meaning: 'The token is not a pre-signed STS GetCallerIdentity URL the authenticator accepts: it was cut or altered on the way, or made by a home-grown generator.',
    next: ['Regenerate it with `aws eks get-token --cluster-name <cluster>` and pass it unchanged (no quoting, wrapping or truncation).'],
  },
  'log-token-cluster-header-unsigned': {
    level: 'error',
    failure: true,
    title: 'cluster header not signed',
    meaning: 'The token generator did not sign the `x-k8s-aws-id` header that binds a token to a cluster name.',
    next: ['Generate tokens with `aws eks get-token` or `aws-iam-authenticator token`, which sign the header.'],
  },
  'log-sts-host-rejected': {
    level: 'error',
    failure: true,
    title: 'STS host rejected',
    meaning: 'The token was signed for an STS host the authenticator does not accept: another partition (a `cn-` region for a commercial cluster), a custom or VPC endpoint URL, or (authenticator v0.7.4 and older) a region it did not know.',
    next: ['Check `--region`, `AWS_REGION`/`AWS_DEFAULT_REGION` and any STS endpoint override (`AWS_ENDPOINT_URL_STS`) of the process that runs kubectl.'],
  },
  'log-cluster-name-mismatch': {
    level: 'error',
    failure: true,
    title: 'cluster name mismatch',
    meaning: 'STS answered SignatureDoesNotMatch: the token was signed for another cluster name than this cluster\'s (`--cluster-name`/`-i` in the kubeconfig exec args, often after a rename or a reused `--user-alias`); less often the client clock is ahead.',
    next: ['Compare the cluster name in the kubeconfig `exec` args with this cluster\'s name (run eks-auth-lint on the kubeconfig).', 'If they match, check the client clock.'],
  },
  'log-sts-credentials': {
    level: 'error',
    failure: true,
    title: 'credentials rejected by STS',
    meaning: 'STS refused the signing credentials: invalid or expired keys (InvalidClientTokenId, ExpiredToken), or STS is deactivated in the signing region for the account / the opt-in region is not enabled (RegionDisabledException).',
    next: ['Run `aws sts get-caller-identity` with the same profile and environment as kubectl.', 'Refresh the credentials, or sign in another region (`--region`).'],
  },
  'log-sts-unreachable': {
    level: 'warning',
    failure: true,
    title: 'STS unreachable',
    meaning: 'The authenticator could not reach the STS host named in the token, often because the region name is misspelt.',
    next: ['Check the region given to `aws eks get-token` (`--region`, `AWS_REGION`, the profile).'],
  },
  'log-sts-throttled': {
    level: 'note',
    failure: true,
    title: 'STS throttled',
    meaning: 'STS throttled the authenticator\'s GetCallerIdentity call; the request failed, but this is transient and not a configuration problem.',
    next: ['Retry; reduce the number of parallel kubectl clients if it persists.'],
  },
  'log-not-mapped': {
    level: 'error',
    failure: true,
    title: 'identity not mapped',
    meaning: 'STS confirmed the caller, but no aws-auth entry and no access entry of the cluster maps its IAM identity.',
    next: ['Map the ARN shown (role ARNs without their path) in aws-auth or as an access entry, or make kubectl use an identity that is mapped.', 'Run `aws sts get-caller-identity` with the same profile and environment as kubectl to see which identity it uses.'],
  },
  'log-arn-userid-mismatch': {
    level: 'error',
    failure: true,
    title: 'principal recreated',
    meaning: 'The access entry was created for an IAM principal that has since been deleted and recreated with the same ARN: its unique ID changed.',
    next: ['Delete and recreate the access entry for this ARN.'],
  },
  'log-template-render': {
    level: 'error',
    failure: true,
    title: 'username template failed',
    meaning: 'The mapping that matched uses a node-style username template (`{{EC2PrivateDNSName}}`, `{{SessionName}}` as an instance id) but the caller is not an EC2 instance.',
    next: ['Give this caller its own mapping with a plain username, or use the role only on EC2 nodes.'],
  },
  'log-reserved-username': {
    level: 'error',
    failure: true,
    title: 'reserved username',
    meaning: 'The mapping that matched gives a username with a prefix the authenticator reserves (`system:`, `aws:`, `amazon:`, `eks:`, `iam:`).',
    next: ['Change the mapped username so it does not start with a reserved prefix.'],
  },
  'log-denied-other': {
    level: 'error',
    failure: true,
    title: 'access denied',
    meaning: 'The authenticator denied the request for a reason not in the known list.',
    next: ['Read the `error` text shown; compare with the reference table of authenticator errors.'],
  },
  'log-request-invalid': {
    level: 'warning',
    failure: true,
    title: 'invalid webhook request',
    meaning: 'The authenticator received a malformed webhook request from the API server; this is not caused by kubeconfig or aws-auth.',
    next: ['Nothing to change in your configuration; report it to AWS support if it persists.'],
  },
  'log-access-granted': {
    level: 'note',
    failure: false,
    title: 'access granted',
    meaning: 'Authentication worked. A remaining failure for this identity is authorization (RBAC, `Forbidden`) or another request.',
    next: ['If kubectl still fails with Forbidden, check the RBAC bindings of the username and groups shown.'],
  },
  'log-sts-response': {
    level: 'note',
    failure: false,
    title: 'STS response',
    meaning: 'STS verified the token and named the caller; the mapping decision follows on the next line of the same client.',
    next: [],
  },
  'log-global-sts-endpoint': {
    level: 'note',
    failure: false,
    title: 'global STS endpoint',
    meaning: 'The client signs for the global STS endpoint `sts.amazonaws.com` (AWS CLI v1 before 1.42.0 in legacy mode, or `AWS_STS_REGIONAL_ENDPOINTS=legacy`).',
    next: ['Prefer regional STS endpoints: upgrade the AWS CLI or set `AWS_STS_REGIONAL_ENDPOINTS=regional`.'],
  },
  'log-other': {
    level: 'note',
    failure: false,
    title: 'other authenticator line',
    meaning: 'An authenticator line that is not about a request decision (start-up, configuration reload).',
    next: [],
  },
  'client-exec-api-version': {
    level: 'error',
    failure: true,
    title: 'exec apiVersion mismatch',
    meaning: 'kubectl, the kubeconfig `exec.apiVersion` and the credential plugin disagree on the ExecCredential version (v1alpha1 is refused by kubectl 1.24+; v1 needs `interactiveMode` and client-go 1.22+).',
    next: ['Regenerate the kubeconfig with a current AWS CLI (`aws eks update-kubeconfig`), which writes `client.authentication.k8s.io/v1beta1`.', 'Upgrade the AWS CLI or aws-iam-authenticator if the plugin answers an old version.'],
  },
  'client-exec-decode': {
    level: 'error',
    failure: true,
    title: 'plugin output not JSON',
    meaning: 'The credential plugin printed something that is not an ExecCredential JSON document, typically because the AWS profile sets `output = text` or `table`.',
    next: ['Add `--output`, `json` to the exec args (newer `aws eks update-kubeconfig` writes it).'],
  },
  'client-exec-missing': {
    level: 'error',
    failure: true,
    title: 'plugin not found',
    meaning: 'The process running kubectl cannot find the credential plugin (`aws`, `aws-iam-authenticator`) on its PATH: IDEs, CI images and containers often have another PATH.',
    next: ['Install the plugin there, or put its directory on the PATH of the process that runs kubectl (an IDE or CI job may not read your shell profile).', 'Check the command name in the kubeconfig: `aws2` and `heptio-authenticator-aws` are old names.'],
  },
  'client-exec-failed': {
    level: 'error',
    failure: true,
    title: 'plugin failed',
    meaning: 'The credential plugin ran and failed before any request: a missing profile, no credentials, no region, an expired SSO session or a refused AssumeRole.',
    next: ['Run the exec command of the kubeconfig by hand with the same environment (`AWS_PROFILE`, `--profile`, `--role-arn`) and read its error.'],
  },
  'client-kubeconfig': {
    level: 'error',
    failure: true,
    title: 'kubeconfig invalid',
    meaning: 'kubectl could not use the kubeconfig before any credential was involved: `current-context` names a context that does not exist, a name appears twice in one list, or a context names a missing cluster (kubectl then falls back to `localhost:8080`).',
    next: ['Lint the kubeconfig kubectl reads: `eks-auth-lint --kubeconfig-env` (kubeconfig-dangling-reference, kubeconfig-duplicate-name).'],
  },
  'client-tls': {
    level: 'error',
    failure: true,
    title: 'TLS trust failure',
    meaning: 'The cluster\'s certificate is not trusted: `server` and `certificate-authority-data` belong to different clusters, or the CA is stale. This is not an authentication problem.',
    next: ['Regenerate the cluster entry with `aws eks update-kubeconfig --name <cluster>`.'],
  },
  'client-unauthorized': {
    level: 'note',
    failure: true,
    title: 'Unauthorized',
    meaning: 'The API server rejected the credentials; the reason is only in the authenticator log of the cluster.',
    next: ['Read the authenticator log of the cluster for the same minute (log group `/aws/eks/<cluster>/cluster`, streams `authenticator-*`) and pass it to `explain --log`.'],
  },
  'client-forbidden': {
    level: 'note',
    failure: true,
    title: 'Forbidden',
    meaning: 'Authentication worked; Kubernetes RBAC refused the action for the user named in the message.',
    next: ['Check the RoleBindings and ClusterRoleBindings of that user and of the groups mapped to it.'],
  },
} as const satisfies Readonly<Record<string, Omit<LogClass, 'id'>>>;

export type LogClassId = keyof typeof LOG_CLASSES;

export function logClass(id: LogClassId): LogClass {
  return { id, ...LOG_CLASSES[id] };
}
