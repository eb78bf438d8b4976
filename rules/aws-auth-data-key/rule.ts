import { SECTION_NAMES } from '../../src/model.js';
import { defineRule } from '../../src/rule.js';
import { closest } from '../../src/util/suggest.js';

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
        if ((SECTION_NAMES as readonly string[]).includes(entry.key)) continue;
        // Case, separators and small typos (mapRole, map_roles, MapRoles, mapRols); unrelated keys stay silent.
        const intended = closest(entry.key, SECTION_NAMES);
        if (intended === undefined) continue;
        context.report({
          span: entry.keySpan,
          message: `Data key "${entry.key}" is not read by the authenticator, which looks up exactly mapRoles, mapUsers and mapAccounts (case-sensitively), so every mapping under it is ignored. Rename it to "${intended}".`,
        });
      }
    }
  },
});
