import type { EksExec, EksPlugin, ExecValue } from '../../src/kubeconfig/exec-args.js';
import type { KubeListItem } from '../../src/kubeconfig/model.js';
import { eksUsers, valueSpan, wordSpan } from '../../src/kubeconfig/eks-users.js';
import { defineRule, type Report } from '../../src/rule.js';
import type { SourceNode } from '../../src/source-node.js';

const CLUSTER_OPTIONS: readonly string[] = ['--cluster-name', '--cluster-id', '-i'];

export default defineRule({
  id: 'kubeconfig-cluster-id-missing',
  level: 'error',
  tags: ['lockout'],
  summary: 'An EKS exec plugin names no cluster (aws eks get-token without --cluster-name or --cluster-id, aws-iam-authenticator token without -i), or get-token names two.',
  description:
    'The token is signed for one cluster name, so the plugin must be told which. aws eks get-token stops with "Either ' +
    'parameter --cluster-name or --cluster-id must be specified." when neither is given, and refuses both at once; ' +
    'aws-iam-authenticator token stops with "Error: cluster ID not specified" without -i (or KUBERNETES_AWS_AUTHENTICATOR_CLUSTER_ID). ' +
    'Every kubectl command with this user then fails with "getting credentials: exec: executable ... failed".',
  check(model, context) {
    for (const { exec, user } of eksUsers(model)) {
      const report = exec.plugin === 'aws-cli' ? checkGetToken(exec) : checkAuthenticator(exec);
      if (report !== undefined) context.report(misspelled(exec, user.exec?.args ?? []) ?? report);
    }
  },
});

/**
 * Options written instead of the cluster option, each plugin's: update-kubeconfig's `--name` copied into get-token,
 * get-token's `--cluster-name` given to aws-iam-authenticator. The plugin stops with a usage error on them.
 */
const MISSPELLED: Readonly<Record<EksPlugin, readonly string[]>> = {
  'aws-cli': ['--name', '-n', '--cluster', '--clustername', '--cluster_name', '-i'],
  'aws-iam-authenticator': ['--cluster-name', '--name', '-n', '--cluster', '--clusterid', '--cluster_id'],
};

/** A missing cluster that is a misspelled option: the finding sits on that option and names the right one. */
function misspelled(exec: EksExec<SourceNode>, args: readonly KubeListItem[]): Report | undefined {
  // Only where no cluster is given at all: an empty or dangling right option is reported as such.
  if (exec.clusterName !== undefined || exec.clusterId !== undefined) return undefined;
  for (const arg of args) {
    const text = arg.value;
    if (text === undefined) continue;
    const written = text.split('=')[0] ?? text;
    if (!MISSPELLED[exec.plugin].includes(written)) continue;
    const [command, right] = exec.plugin === 'aws-cli' ? [`${exec.commandName} eks get-token`, '--cluster-name'] : [`${exec.commandName} token`, '-i'];
    const origin = exec.plugin === 'aws-cli' && written === '--name' ? " (it is aws eks update-kubeconfig's)" : '';
    return {
      span: wordSpan({ text: written, at: arg.node }),
      message:
        `"${written}" is not an option of ${command}${origin}: it stops with a usage error, no cluster is named, and every kubectl command ` +
        `with this user fails before reaching the cluster. Write ${right} instead.`,
    };
  }
  return undefined;
}

function checkGetToken(exec: EksExec<SourceNode>): Report | undefined {
  const { clusterName: name, clusterId: id } = exec;
  if (name !== undefined && id !== undefined) {
    const later = name.at.span.startOffset > id.at.span.startOffset ? name : id;
    return {
      span: valueSpan(later),
      message:
        `${exec.commandName} eks get-token is given both --cluster-name "${name.value}" and --cluster-id "${id.value}": the AWS CLI refuses the pair ` +
        '("The key ... cannot be specified when one of the following keys are also specified") and kubectl gets no token. ' +
        'Keep --cluster-name, or --cluster-id for an Outposts local cluster only.',
    };
  }
  const given = name ?? id;
  if (given !== undefined && given.value !== '') return undefined;
  return missing(exec, given, `${exec.commandName} eks get-token`, '"Either parameter --cluster-name or --cluster-id must be specified."', '--cluster-name <cluster name>');
}

function checkAuthenticator(exec: EksExec<SourceNode>): Report | undefined {
  const name = exec.clusterName;
  // A configuration file (-c) can hold clusterID; what it says is not known here.
  if ((name !== undefined && name.value !== '') || exec.configFile) return undefined;
  return missing(exec, name, `${exec.commandName} token`, '"Error: cluster ID not specified"', '-i <cluster name>');
}

function missing(exec: EksExec<SourceNode>, empty: ExecValue<SourceNode> | undefined, command: string, error: string, fix: string): Report {
  const fails = 'and every kubectl command with this user fails before reaching the cluster';
  if (empty !== undefined) {
    return { span: valueSpan(empty), message: `${empty.via} is empty: ${command} stops with ${error} ${fails}. Write the cluster's name.` };
  }
  const dangling = exec.missingValues.find((option) => CLUSTER_OPTIONS.includes(option.via) || option.via.startsWith('--cluster-'));
  if (dangling !== undefined) {
    const usage = exec.plugin === 'aws-cli' ? '"expected one argument"' : '"flag needs an argument"';
    return { span: valueSpan(dangling), message: `${dangling.via} has no value: ${command} stops with a usage error (${usage}) ${fails}. Write ${fix}.` };
  }
  return { span: wordSpan(exec.operation), message: `${command} names no cluster: it stops with ${error} ${fails}. Add ${fix}.` };
}
