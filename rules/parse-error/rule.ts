import { defineRule } from '../../src/rule.js';

export default defineRule({
  id: 'parse-error',
  level: 'error',
  tags: ['correctness'],
  summary: 'A file that was named explicitly, or that looks like EKS auth configuration, cannot be read or parsed.',
  description:
    'A file that does not parse is not linted, so nothing in it is checked; kubectl, Terraform or CloudFormation ' +
    'would reject it too. Unrelated files are skipped silently, and templates (Helm charts and other files with ' +
    'Go-template actions) are listed as skipped instead.',
  check(model, context) {
    for (const failure of model.parseFailures) {
      context.report({ span: failure.span, message: failure.message });
    }
  },
});
