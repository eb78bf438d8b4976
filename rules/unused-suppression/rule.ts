import { defineRule } from '../../src/rule.js';

export default defineRule({
  id: 'unused-suppression',
  level: 'warning',
  tags: ['correctness'],
  summary: 'An eks-auth-lint suppression comment is malformed or suppresses nothing.',
  description:
    'Inline directives (eks-auth-lint-disable-next-line, eks-auth-lint-disable-line and eks-auth-lint-disable-file) ' +
    'must name known rule ids and give a reason after " -- ". A directive without a reason suppresses nothing; one ' +
    'that names an unknown rule or matches no finding hides nothing today and may silently hide a real finding later.',
  // The engine reports these findings after the other rules ran (src/engine.ts): directives are comments,
  // which the model does not hold.
  check() {
    // Nothing to do here.
  },
});
