import { PARTITIONS } from '../../src/arn.js';
import { defineRule } from '../../src/rule.js';
import type { MapEntry } from '../../src/source-node.js';

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
      const block = entry.value.kind === 'map' ? entry.value : undefined;
      const field = (name: string): MapEntry | undefined => [...(block?.entries ?? [])].reverse().find((e) => e.key.toLowerCase() === name);
      const partition = field('partition');
      const text = (name: string, fallback: string): string => {
        const value = field(name)?.value;
        return value?.kind === 'scalar' && value.text !== '' ? value.text : fallback;
      };
      const partitionText = text('partition', 'aws');
      const rolearn = `rolearn: arn:${PARTITIONS.includes(partitionText) ? partitionText : '<partition>'}:iam::${text('accountid', '<account>')}:role/AWSReservedSSO_${text('permissionsetname', '<PermissionSet>')}_<suffix>`;
      context.report({
        span: entry.keySpan,
        message: partition === undefined
          ? `sso: mappings need the alpha SSORoleMatch feature gate, which is off and unsupported on EKS, so this entry matches nobody. Map the role by its path-less ARN: "${rolearn}".`
          : `sso: mappings need the alpha SSORoleMatch feature gate (off on EKS), and with "partition" set the authenticator builds a pattern with an empty partition that never matches even where the gate is on. Map the role by its path-less ARN: "${rolearn}".`,
        related: partition === undefined ? [] : [{ span: partition.keySpan, message: 'partition makes the pattern unmatchable' }],
      });
    }
  },
});
