import type { Kubeconfig, KubeconfigContext, KubeValue } from '../../src/kubeconfig/model.js';
import { defineRule, type RuleContext } from '../../src/rule.js';
import { closest } from '../../src/util/suggest.js';

export default defineRule({
  id: 'kubeconfig-dangling-reference',
  level: 'error',
  tags: ['lockout'],
  summary: "A kubeconfig's current-context, or a context's user or cluster, names an entry that does not exist.",
  description:
    'kubectl resolves names only inside the kubeconfig (or the files of KUBECONFIG, merged). A current-context that names ' +
    'no context stops every command ("context was not found for specified context"). A context whose user is missing is ' +
    'used without credentials, so the cluster answers Unauthorized or Forbidden as system:anonymous; one whose cluster is ' +
    'missing falls back to http://localhost:8080. None of this is an aws-auth problem, but it looks like one.',
  check(model, context) {
    for (const kubeconfig of model.kubeconfigs) {
      const merged = kubeconfig.merged;
      const scope = scopeOf(kubeconfig);
      const current = kubeconfig.currentContext;
      const currentName = current?.value?.trim();
      if (current !== undefined && currentName !== undefined && currentName !== '' && merged.currentContext === current && !merged.contexts.has(currentName)) {
        context.report({
          span: current.node.span,
          message: `current-context "${currentName}" names no context ${scope}${hint(currentName, merged.contexts)}: kubectl stops before any request ("context was not found for specified context: ${currentName}"). Name one of the contexts, or add the context.`,
        });
      }
      for (const entry of kubeconfig.contexts) {
        const name = entry.name?.value;
        // A context another file (or an earlier entry) already defines is never used.
        if (name === undefined || merged.contexts.get(name) !== entry) continue;
        checkReference(entry, entry.user, merged.users, 'user', `${scope}: kubectl then sends its requests without credentials, and the cluster answers Unauthorized (or Forbidden as system:anonymous), which looks like an aws-auth problem but is not`, context);
        checkReference(entry, entry.cluster, merged.clusters, 'cluster', `${scope}: kubectl then has no server and falls back to http://localhost:8080 ("The connection to the server localhost:8080 was refused")`, context);
      }
    }
  },
});

function checkReference(entry: KubeconfigContext, reference: KubeValue | undefined, names: ReadonlyMap<string, unknown>, what: 'user' | 'cluster', outcome: string, context: RuleContext): void {
  const name = reference?.value;
  if (reference === undefined || name === undefined || name === '' || names.has(name)) return;
  context.report({
    span: reference.node.span,
    message: `Context "${entry.name?.value ?? ''}" uses ${what} "${name}", which is not among the ${what}s${hint(name, names)} ${outcome}. Point it at an existing ${what} entry, or add one.`,
  });
}

function scopeOf(kubeconfig: Kubeconfig): string {
  const files = [...new Set(kubeconfig.merged.documents.map((d) => d.file))];
  return files.length > 1 ? `in the merged kubeconfig (${files.join(', ')})` : 'in this file';
}

function hint(name: string, names: ReadonlyMap<string, unknown>): string {
  const suggestion = closest(name, [...names.keys()], 2);
  return suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
}
