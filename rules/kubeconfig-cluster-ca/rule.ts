import { isPlaceholder } from '../../src/kubeconfig/load.js';
import type { KubeconfigCluster } from '../../src/kubeconfig/model.js';
import { defineRule, type RuleContext } from '../../src/rule.js';

const NOT_AUTH = 'This is a TLS or configuration failure, not an authentication one: aws-auth and access entries are not involved.';
const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;

export default defineRule({
  id: 'kubeconfig-cluster-ca',
  level: 'error',
  tags: ['correctness'],
  summary: 'A kubeconfig cluster has certificate-authority-data that is not base64 PEM, both certificate-authority and certificate-authority-data, or no server.',
  description:
    'certificate-authority-data must be the base64 encoding of the cluster CA in PEM form (what describe-cluster returns as ' +
    'certificateAuthority.data). Anything else fails before a request is sent ("illegal base64 data", "unable to load root ' +
    'certificates: unable to parse bytes as PEM block"). client-go refuses a cluster that sets both certificate-authority and ' +
    'certificate-authority-data, and one without a server ("no server found for cluster"). These look like login problems ' +
    'but have nothing to do with aws-auth.',
  check(model, context) {
    for (const kubeconfig of model.kubeconfigs) {
      for (const cluster of kubeconfig.clusters) checkCluster(cluster, context);
    }
  },
});

function checkCluster(cluster: KubeconfigCluster, context: RuleContext): void {
  const name = cluster.name?.value ?? `clusters[${cluster.index}]`;
  const server = cluster.server?.value?.trim();
  if (server === undefined || server === '') {
    context.report({
      span: cluster.server?.node.span ?? cluster.clusterEntry?.keySpan ?? cluster.name?.node.span ?? cluster.node.span,
      message: `Cluster "${name}" has no server: kubectl stops with "no server found for cluster "${name}"". Set server to the cluster's API endpoint (describe-cluster's endpoint). ${NOT_AUTH}`,
    });
  }
  const data = cluster.certificateAuthorityData;
  const text = data?.value?.trim();
  const file = cluster.certificateAuthority?.value?.trim();
  if (cluster.certificateAuthority !== undefined && file !== undefined && file !== '' && text !== undefined && text !== '') {
    context.report({
      span: cluster.certificateAuthority.keySpan,
      message: `Cluster "${name}" sets both certificate-authority and certificate-authority-data: client-go refuses the kubeconfig ("certificate-authority-data and certificate-authority are both specified"). Keep one of them. ${NOT_AUTH}`,
    });
  }
  if (data === undefined || text === undefined || text === '' || isPlaceholder(text)) return;
  const problem = caDataProblem(text);
  if (problem === undefined) return;
  context.report({ span: data.node.span, message: `certificate-authority-data of cluster "${name}" ${problem} ${NOT_AUTH}` });
}

/** What is wrong with certificate-authority-data, as Go's base64 decoder and crypto/x509 see it. */
function caDataProblem(text: string): string | undefined {
  if (text.includes('-----BEGIN')) {
    return 'is PEM text, not its base64 encoding: kubectl fails to decode it ("illegal base64 data"). Base64-encode the PEM (base64 -w0 ca.crt), or put the file path in certificate-authority.';
  }
  // encoding/json decodes []byte with base64.StdEncoding, which skips line breaks and nothing else.
  const compact = text.replace(/[\r\n]/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) {
    return 'is not valid base64 (padded, standard alphabet): kubectl fails to load the kubeconfig ("illegal base64 data"). Copy certificateAuthority.data from aws eks describe-cluster again.';
  }
  const decoded = Buffer.from(compact, 'base64').toString('latin1');
  if (!PEM_CERTIFICATE.test(decoded)) {
    return 'is base64 but does not decode to a PEM certificate: kubectl fails before any request ("unable to load root certificates: unable to parse bytes as PEM block"). Copy certificateAuthority.data from aws eks describe-cluster again.';
  }
  return undefined;
}
