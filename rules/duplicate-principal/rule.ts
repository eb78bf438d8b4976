import { groupNames, stringScalar, usernameOf } from '../../src/aws-auth/identity.js';
import type { Mapping } from '../../src/model.js';
import { defineRule } from '../../src/rule.js';
import type { Span } from '../../src/span.js';

export default defineRule({
  id: 'duplicate-principal',
  level: 'error',
  tags: ['lockout'],
  summary: 'The same principal is mapped twice in aws-auth: twice in one section, or in both mapRoles and mapUsers.',
  description:
    'The authenticator stores mappings by lowercased ARN, so for the same ARN the last entry wins and earlier ones ' +
    'vanish without a word; a second entry for an admin role without system:masters takes admin away. mapRoles is ' +
    'checked before mapUsers, so a mapUsers entry for an ARN that mapRoles also maps is never used.',
  check(model, context) {
    for (const configMap of model.configMaps) {
      const seen = new Map<string, Mapping>();
      const mappings = model.mappings.filter((m) => m.section.owner === configMap);
      // mapRoles first: it is checked first, so it is what a later mapUsers duplicate loses to.
      mappings.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'role' ? -1 : 1));
      for (const mapping of mappings) {
        const principal = stringScalar(mapping.principal);
        if (principal === undefined || principal.value.trim() === '') continue;
        const key = principal.value.toLowerCase();
        const earlier = seen.get(key);
        seen.set(key, mapping);
        if (earlier === undefined) continue;
        const earlierPrincipal = stringScalar(earlier.principal);
        if (earlierPrincipal === undefined) continue;
        // In `kubectl -o json` output every entry is on one line: name the column too.
        const { start } = earlierPrincipal.span;
        const line = start.line === principal.span.start.line ? `${start.line}, column ${start.column}` : `${start.line}`;
        const span = locate(mapping);
        const subject = `"${principal.value}"${span === principal.span ? '' : ' (copied in by the merge key <<)'}`;
        let message: string;
        if (earlier.kind !== mapping.kind) {
          message = `${subject} is also mapped under mapRoles (line ${line}); mapRoles is checked first, so that entry (${describe(earlier)}) wins and this mapUsers entry (${describe(mapping)}) is never used. Merge them into one entry.`;
          seen.set(key, earlier);
        } else if (mapping.kind === 'user' && earlierPrincipal.value !== principal.value) {
          message = `${subject} differs only in case from the mapUsers entry at line ${line}: both match the same user. The newer authenticator keeps both and picks one at random on each request, line ${line} (${describe(earlier)}) or this one (${describe(mapping)}); the older one keeps only this last entry. Keep one entry.`;
        } else {
          const same = describe(earlier) === describe(mapping);
          message = same
            ? `${subject} is mapped twice with the same username and groups (line ${line}); only this last entry is kept. Remove the duplicate.`
            : `${subject} is already mapped at line ${line}; the authenticator keeps only this last entry (${describe(mapping)}), so the earlier one (${describe(earlier)}) is lost. Merge them into one entry.`;
        }
        context.report({ span, message, related: [{ span: earlierPrincipal.span, message: 'the other mapping of this principal' }] });
      }
    }
  },
});

/** The principal of this entry, or, when a merge key (`<<: *anchor`) brought it in, the entry's first own key. */
function locate(mapping: Mapping): Span {
  const entries = mapping.node.entries;
  const own = [...entries].reverse().find((e) => e.value === mapping.principal);
  if (own?.merged !== true) return mapping.principal?.span ?? mapping.node.span;
  return entries.find((e) => e.merged !== true)?.keySpan ?? mapping.node.span;
}

function describe(mapping: Mapping): string {
  const username = usernameOf(mapping);
  const groups = groupNames(mapping);
  return `username ${username === undefined ? 'none' : `"${username}"`}, groups ${groups.length === 0 ? 'none' : groups.join(', ')}`;
}
