import { kustomizeNamespace } from '../../src/aws-auth/kustomize.js';
import { namespaceFix } from '../../src/fix/namespace-insert.js';
import { defineRule } from '../../src/rule.js';
import { lastValue } from '../../src/source-node.js';

export default defineRule({
  id: 'aws-auth-location',
  level: 'error',
  tags: ['lockout'],
  summary: 'A ConfigMap carries mapRoles, mapUsers or mapAccounts but is not kube-system/aws-auth.',
  description:
    'The authenticator watches exactly one object: the ConfigMap named aws-auth in namespace kube-system. ' +
    'Mappings in a ConfigMap with another name or namespace are never read. A manifest without a namespace ' +
    'lands in the namespace of the current kubectl context, usually default.',
  check(model, context) {
    for (const configMap of model.configMaps) {
      if (configMap.sections.length === 0) continue;
      const terraform = configMap.carrier === 'terraform';
      // A name or namespace known only at apply time (a Terraform variable) is not judged.
      const unknown = (key: string): boolean => (configMap.metadata === undefined ? false : lastValue(configMap.metadata, key)?.kind === 'opaque');
      const name = configMap.name?.value;
      if (name !== 'aws-auth' && !unknown('name')) {
        context.report({
          span: configMap.name?.span ?? configMap.metadata?.span ?? configMap.anchor,
          message:
            name === undefined
              ? `This ConfigMap carries aws-auth mappings but has no name; the authenticator only reads the ConfigMap named "aws-auth" in "kube-system". Set ${terraform ? 'name = "aws-auth" in its metadata block' : 'metadata.name: aws-auth'}.`
              : `ConfigMap "${String(name)}" carries aws-auth mappings, but the authenticator only reads the one named "aws-auth"; these mappings are ignored. Rename it to aws-auth.`,
        });
      }
      // kustomize's namespace transformer sets the namespace of every resource it lists, replacing one written there.
      const kustomized = kustomizeNamespace(model, configMap);
      const namespace = kustomized ?? configMap.namespace?.value ?? undefined;
      if (namespace === 'kube-system' || (kustomized === undefined && unknown('namespace'))) continue;
      if (namespace === undefined) {
        const fix = namespaceFix(context, configMap);
        context.report({
          ...(fix === undefined ? {} : { fix }),
          span: configMap.name?.span ?? configMap.metadata?.span ?? configMap.anchor,
          message: terraform
            ? 'The aws-auth ConfigMap has no namespace in its metadata block: the kubernetes provider uses "default", where the authenticator never looks. Add namespace = "kube-system".'
            : 'The aws-auth ConfigMap has no metadata.namespace: kubectl apply puts it in the current namespace (usually "default"), where the authenticator never looks. Add namespace: kube-system.',
        });
      } else {
        context.report({
          span: configMap.namespace?.span ?? configMap.name?.span ?? configMap.metadata?.span ?? configMap.anchor,
          message:
            kustomized === undefined
              ? `The aws-auth ConfigMap is in namespace "${String(namespace)}"; the authenticator only reads kube-system/aws-auth, so every mapping here is ignored. Use ${terraform ? 'namespace = "kube-system"' : 'namespace: kube-system'}.`
              : `A kustomization.yaml that lists this file sets namespace "${kustomized}", so kustomize moves the aws-auth ConfigMap there and the authenticator, which only reads kube-system/aws-auth, ignores every mapping. Build aws-auth from a kustomization with namespace: kube-system.`,
        });
      }
    }
  },
});
