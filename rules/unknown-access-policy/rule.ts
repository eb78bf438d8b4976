import { PARTITIONS } from '../../src/arn.js';
import { parsePolicyArn } from '../../src/cluster/access.js';
import { ACCESS_POLICIES } from '../../src/cluster/access-policies.js';
import { defineRule } from '../../src/rule.js';
import { substringSpan } from '../../src/source-node.js';
import { closest } from '../../src/util/suggest.js';

export default defineRule({
  id: 'unknown-access-policy',
  level: 'warning',
  tags: ['correctness'],
  summary: 'A well-formed access policy ARN names a policy that is not in the list of known EKS access policies.',
  description:
    'Access policies are defined by AWS (aws eks list-access-policies); users cannot create their own. A name that ' +
    'is not on the list is usually a typo or a wrong case, and associating a policy that does not exist fails, ' +
    'leaving the entry without the permissions it was meant to have. AWS adds policies over time, so a name that ' +
    'is newer than this list is possible: check it against list-access-policies.',
  check(model, context) {
    for (const entry of model.accessEntries) {
      for (const policy of entry.policies) {
        const arn = policy.arn;
        if (arn?.kind !== 'scalar' || typeof arn.value !== 'string') continue;
        const parsed = parsePolicyArn(arn.value);
        // Malformed ARNs and unknown partitions are access-policy-arn's.
        if (parsed === undefined || !PARTITIONS.includes(parsed.partition) || ACCESS_POLICIES.includes(parsed.name)) continue;
        const start = arn.value.length - parsed.name.length;
        const suggestion = suggest(parsed.name);
        const hint = suggestion === undefined
          ? 'Check the name against "aws eks list-access-policies"'
          : `Did you mean ${suggestion}${suggestion.toLowerCase() === parsed.name.toLowerCase() ? ' (names are case-sensitive)' : ''}?`;
        context.report({
          span: substringSpan(arn, start, arn.value.length),
          message: `"${parsed.name}" is not a known EKS access policy: associating a policy that does not exist fails${entry.carrier === 'cloudformation' ? ' (the stack rolls back)' : ''}, and the entry gets none of the permissions meant here. ${hint}${hint.endsWith('?') ? '' : '.'} If AWS has added this policy since, ignore this warning.`,
        });
      }
    }
  },
});

/**
 * The known policy a name was probably meant to be: a case slip, a missing "Policy" suffix, or a typo of a few
 * letters. Larger distances are not suggested: "ReadOnly" is not a typo of "Admin".
 */
function suggest(name: string): string | undefined {
  const forms = name.endsWith('Policy') ? [name] : [name, `${name}Policy`];
  for (const form of forms) {
    const candidate = closest(form, ACCESS_POLICIES, 3);
    if (candidate !== undefined) return candidate;
  }
  return undefined;
}
