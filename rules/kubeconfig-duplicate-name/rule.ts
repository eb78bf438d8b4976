import type { KubeconfigListKey, KubeValue } from '../../src/kubeconfig/model.js';
import { defineRule } from '../../src/rule.js';

const SINGULAR: Readonly<Record<KubeconfigListKey, string>> = { clusters: 'cluster', users: 'user', contexts: 'context' };

export default defineRule({
  id: 'kubeconfig-duplicate-name',
  level: 'error',
  tags: ['correctness'],
  summary: 'A name appears twice in the users, clusters or contexts of one kubeconfig.',
  description:
    'client-go turns each list into a map by name and refuses a repeated one: kubectl fails to load the whole file ' +
    '("duplicate name ... in list"), for every context, not only the repeated one. It typically happens when entries ' +
    'are appended by hand or by a script instead of by aws eks update-kubeconfig, which replaces an entry of the same name.',
  check(model, context) {
    for (const kubeconfig of model.kubeconfigs) {
      const lists: Record<KubeconfigListKey, readonly { readonly name: KubeValue | undefined }[]> = {
        clusters: kubeconfig.clusters,
        users: kubeconfig.users,
        contexts: kubeconfig.contexts,
      };
      for (const [list, entries] of Object.entries(lists) as [KubeconfigListKey, (typeof lists)[KubeconfigListKey]][]) {
        const first = new Map<string, KubeValue>();
        for (const { name } of entries) {
          const value = name?.value;
          if (name === undefined || value === undefined) continue;
          const earlier = first.get(value);
          if (earlier === undefined) {
            first.set(value, name);
            continue;
          }
          context.report({
            span: name.node.span,
            message:
              `The ${SINGULAR[list]} name "${value}" is already used at line ${earlier.node.span.start.line}: kubectl refuses the whole kubeconfig ` +
              `("duplicate name "${value}" in list"), for every context. Keep one ${SINGULAR[list]} entry of that name (or rename one and the contexts that use it).`,
            related: [{ span: earlier.node.span, message: `the first ${SINGULAR[list]} entry of this name` }],
          });
        }
      }
    }
  },
});
