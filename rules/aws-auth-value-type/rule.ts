import { defineRule } from '../../src/rule.js';

export default defineRule({
  id: 'aws-auth-value-type',
  level: 'error',
  tags: ['lockout'],
  summary: 'A mapRoles, mapUsers or mapAccounts value is a YAML list or mapping (or a number) instead of a string.',
  description:
    'ConfigMap data values must be strings: the mappings are YAML text inside a string, usually written with a ' +
    'literal block (`mapRoles: |`). Without the `|` the value is a YAML list, and the Kubernetes API rejects the ' +
    'whole object, so the update never reaches the cluster.',
  check(model, context) {
    for (const section of model.sections) {
      if (section.content.kind !== 'not-string') continue;
      const what = section.value.kind === 'seq' ? 'a YAML list' : section.value.kind === 'map' ? 'a YAML mapping' : `a ${section.value.kind === 'scalar' ? section.value.type : 'non-string'} value`;
      context.report({
        span: section.value.kind === 'scalar' ? section.value.span : section.keySpan,
        message: `${section.name} is ${what}, but ConfigMap data values must be strings: the API server rejects this ConfigMap ("expected string"). Write "${section.name}: |" and indent the entries below it.`,
      });
    }
  },
});
