import { defineRule } from '../../src/rule.js';

export default defineRule({
  id: 'sso-mapping',
  level: 'warning',
  tags: ['lockout'],
  summary: 'An aws-auth mapRoles entry uses an sso: block.',
  description:
    'The sso matcher exists only in the newer authenticator, behind the alpha feature gate SSORoleMatch, which is ' +
    'off by default and not documented for EKS; the older parser ignores the block. On EKS such an entry matches ' +
    'nobody. With partition set it never matches even where the gate is on (an upstream bug builds the pattern ' +
    'with an empty partition). Map the Identity Center role by its path-less role ARN instead.',
  check(model, context) {
    for (const mapping of model.mappings) {
      if (mapping.kind !== 'role') continue;
      const entry = [...mapping.node.entries].reverse().find((e) => e.key.toLowerCase() === 'sso');
      if (entry === undefined) continue;
      const partition = entry.value.kind === 'map' ? entry.value.entries.find((e) => e.key.toLowerCase() === 'partition') : undefined;
      context.report({
        span: entry.keySpan,
        message: partition === undefined
          ? 'sso: mappings need the alpha SSORoleMatch feature gate, which is off and unsupported on EKS, so this entry matches nobody. Map the role as "rolearn: arn:aws:iam::<account>:role/AWSReservedSSO_<PermissionSet>_<suffix>" (no path).'
          : 'sso: mappings need the alpha SSORoleMatch feature gate (off on EKS), and with "partition" set the authenticator builds a pattern with an empty partition that never matches even where the gate is on. Map the role by its path-less rolearn instead.',
        related: partition === undefined ? [] : [{ span: partition.keySpan, message: 'partition makes the pattern unmatchable' }],
      });
    }
  },
});
