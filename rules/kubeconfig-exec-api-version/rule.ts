import type { KubeconfigUser, KubeExec } from '../../src/kubeconfig/model.js';
import { defineRule, type RuleContext } from '../../src/rule.js';

const GROUP = 'client.authentication.k8s.io';
const V1 = `${GROUP}/v1`;
const V1BETA1 = `${GROUP}/v1beta1`;
const V1ALPHA1 = `${GROUP}/v1alpha1`;
const INTERACTIVE_MODES: readonly string[] = ['Never', 'IfAvailable', 'Always'];

export default defineRule({
  id: 'kubeconfig-exec-api-version',
  level: 'error',
  tags: ['lockout'],
  summary: 'A kubeconfig exec plugin has an apiVersion kubectl rejects (v1alpha1, missing or unknown), or v1 without a valid interactiveMode.',
  description:
    'client-go accepts only client.authentication.k8s.io/v1beta1 and /v1 for exec credential plugins since Kubernetes 1.24: ' +
    'a kubeconfig written by an old AWS CLI with v1alpha1 fails before any request ("exec plugin: invalid apiVersion"). ' +
    'A missing apiVersion is a configuration error, and /v1 requires interactiveMode (Never, IfAvailable or Always), ' +
    'which v1beta1 defaults to IfAvailable.',
  check(model, context) {
    for (const kubeconfig of model.kubeconfigs) {
      for (const user of kubeconfig.users) {
        if (user.exec?.node !== undefined) checkExec(user, user.exec, context);
      }
    }
  },
});

function checkExec(user: KubeconfigUser, exec: KubeExec, context: RuleContext): void {
  const name = user.name?.value ?? `users[${user.index}]`;
  const who = `user "${name}"`;
  const apiVersion = exec.apiVersion;
  const version = apiVersion?.value?.trim();
  const fix = `Set apiVersion: ${V1BETA1} (or rerun aws eks update-kubeconfig with a current AWS CLI).`;
  if (apiVersion === undefined || version === undefined || version === '') {
    context.report({
      span: apiVersion?.node.span ?? exec.keySpan,
      message: `The exec plugin of ${who} has no apiVersion: kubectl refuses the kubeconfig ("apiVersion must be specified for ${name} to use exec authentication plugin"). ${fix}`,
    });
  } else if (version === V1ALPHA1) {
    context.report({
      span: apiVersion.node.span,
      message: `The exec plugin of ${who} uses ${V1ALPHA1}, which kubectl and client-go 1.24 and later reject ("exec plugin: invalid apiVersion"): every command with this user fails before reaching the cluster. ${fix}`,
    });
  } else if (version !== V1BETA1 && version !== V1) {
    context.report({
      span: apiVersion.node.span,
      message: `The exec plugin of ${who} has apiVersion "${version}", which client-go does not know ("exec plugin: invalid apiVersion"): use ${V1BETA1} or ${V1}.`,
    });
  }
  const mode = exec.interactiveMode;
  const modeValue = mode?.value?.trim();
  if (mode !== undefined && modeValue !== undefined && modeValue !== '' && !INTERACTIVE_MODES.includes(modeValue)) {
    context.report({
      span: mode.node.span,
      message: `interactiveMode "${modeValue}" of ${who} is not one client-go accepts ("invalid interactiveMode"): use Never, IfAvailable or Always (IfAvailable for aws eks get-token).`,
    });
  } else if (version === V1 && apiVersion !== undefined && (modeValue === undefined || modeValue === '')) {
    context.report({
      span: apiVersion.node.span,
      message: `The exec plugin of ${who} uses ${V1} without interactiveMode: for v1 client-go has no default and refuses the kubeconfig ("interactiveMode must be specified for ${name} to use exec authentication plugin"). Add interactiveMode: IfAvailable (or Never for CI), or use ${V1BETA1}.`,
    });
  }
}
