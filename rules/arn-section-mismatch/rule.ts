import { parseArn } from '../../src/arn.js';
import { stringScalar } from '../../src/aws-auth/identity.js';
import { defineRule } from '../../src/rule.js';

export default defineRule({
  id: 'arn-section-mismatch',
  level: 'warning',
  tags: ['correctness'],
  summary: 'A user ARN under mapRoles, or a role ARN under mapUsers.',
  description:
    'Matching is by ARN string only, so a user mapped under mapRoles still works. But readers, reviews and other ' +
    'tools (eksctl, the Terraform modules) treat the section as the principal type, and the mapRoles entry silently ' +
    'wins over a mapUsers entry for the same ARN.',
  check(model, context) {
    for (const mapping of model.mappings) {
      const scalar = stringScalar(mapping.principal);
      // Matching is case-insensitive: classify an ASCII-lowercased copy.
      const arn = scalar === undefined ? undefined : parseArn(scalar.value.trim().replace(/[A-Z]/g, (c) => c.toLowerCase()));
      if (scalar === undefined || arn === undefined) continue;
      if (mapping.kind === 'role' && (arn.kind === 'user' || arn.kind === 'root')) {
        context.report({
          span: scalar.span,
          message: `"${scalar.value}" is an IAM ${arn.kind === 'root' ? 'account root' : 'user'} ARN under mapRoles: it matches, but it misleads readers and tools. Move it to mapUsers as "userarn".`,
        });
      } else if (mapping.kind === 'user' && arn.kind === 'role') {
        context.report({
          span: scalar.span,
          message: `"${scalar.value}" is an IAM role ARN under mapUsers: it matches, but it misleads readers and tools, and a mapRoles entry for the same role would win over it. Move it to mapRoles as "rolearn".`,
        });
      }
    }
  },
});
