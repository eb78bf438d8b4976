import { looksLikeSectionKey } from '../../src/aws-auth/configmap.js';
import { SECTION_NAMES } from '../../src/model.js';
import { defineRule } from '../../src/rule.js';

export default defineRule({
  id: 'aws-auth-data-key',
  level: 'error',
  tags: ['lockout'],
  summary: 'A data key of aws-auth is a misspelling or case variant of mapRoles, mapUsers or mapAccounts.',
  description:
    'The authenticator looks up exactly mapRoles, mapUsers and mapAccounts, case-sensitively. Any other key, ' +
    'such as maproles, MapRoles, mapRole or map_roles, is ignored without an error, and so is every mapping in it.',
  check(model, context) {
    for (const configMap of model.configMaps) {
      for (const entry of configMap.data?.entries ?? []) {
        if ((SECTION_NAMES as readonly string[]).includes(entry.key) || !looksLikeSectionKey(entry.key)) continue;
        const normalized = entry.key.toLowerCase().replace(/[\s_-]/g, '');
        const intended = SECTION_NAMES.find((name) => normalized.startsWith(name.toLowerCase().replace(/s$/, ''))) ?? 'mapRoles';
        context.report({
          span: entry.keySpan,
          message: `Data key "${entry.key}" is not read by the authenticator (keys are case-sensitive), so every mapping under it is ignored. Rename it to "${intended}".`,
        });
      }
    }
  },
});
