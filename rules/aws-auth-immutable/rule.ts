import { defineRule } from '../../src/rule.js';

export default defineRule({
  id: 'aws-auth-immutable',
  level: 'warning',
  tags: ['lockout'],
  summary: 'The aws-auth ConfigMap is marked immutable.',
  description:
    'An immutable ConfigMap cannot be edited: every change needs a delete and a re-create. When aws-auth is deleted ' +
    'the authenticator resets every user, role and account mapping until the new object is seen, so nodes and ' +
    'people lose access in between.',
  check(model, context) {
    for (const configMap of model.configMaps) {
      const immutable = configMap.immutable;
      // YAML 1.1 as kubectl reads it: `immutable: yes` is true too. A copy under another name is never read, so it may stay frozen.
      if (configMap.name?.value !== 'aws-auth' || immutable?.value.kind !== 'scalar' || immutable.value.value !== true) continue;
      context.report({
        span: immutable.keySpan,
        message:
          'aws-auth is immutable: any change needs delete and re-create, and the delete empties every mapping (nodes included) until the new ConfigMap is seen. Remove "immutable: true".',
      });
    }
  },
});
