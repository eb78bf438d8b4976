import { defineRule } from '../../src/rule.js';
import type { ScalarType } from '../../src/source-node.js';

const SCALAR_KINDS: Readonly<Record<ScalarType, string>> = { int: 'a number', float: 'a number', bool: 'a boolean', null: 'null', string: 'a string' };

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
      const value = section.value;
      const what = value.kind === 'seq' ? 'a YAML list' : value.kind === 'map' ? 'a YAML mapping' : value.kind === 'scalar' ? SCALAR_KINDS[value.type] : 'not a string';
      context.report({
        span: value.kind === 'scalar' ? value.span : section.keySpan,
        message: `${section.name} is ${what}, but ConfigMap data values must be strings: the API server rejects this ConfigMap ("expected string"), so the update never reaches the cluster. Write "${section.name}: |" and put the list, indented, on the lines below it.`,
      });
    }
  },
});
