import { eksUsers, valueSpan, wordSpan } from '../../src/kubeconfig/eks-users.js';
import { defineRule } from '../../src/rule.js';

const DECODE_ERROR = '"getting credentials: decoding stdout: couldn\'t get version/kind; json parse error"';

export default defineRule({
  id: 'kubeconfig-output-json',
  level: 'warning',
  tags: ['lockout'],
  summary: 'aws eks get-token runs without --output json: it breaks on machines whose AWS CLI profile sets output to text or table.',
  description:
    'Since AWS CLI 1.27.80 / 2.10.4, get-token prints in the output format configured for the profile. Where that is ' +
    'text or table, kubectl cannot decode the credential (' + DECODE_ERROR + '). update-kubeconfig writes --output json ' +
    'since 1.27.86 / 2.11.1, but kubeconfigs written before, by hand or by other tools stay exposed to every profile ' +
    'that is not JSON.',
  check(model, context) {
    for (const { exec } of eksUsers(model)) {
      if (exec.plugin !== 'aws-cli') continue;
      const output = exec.output;
      const command = `${exec.commandName} eks get-token`;
      if (output === undefined) {
        context.report({
          span: wordSpan(exec.operation),
          message:
            `${command} runs without --output json: on a machine whose AWS CLI profile has output = text or table, it prints ` +
            `that format and kubectl fails with ${DECODE_ERROR}. Add --output json (aws eks update-kubeconfig writes it).`,
        });
      } else if (output.value !== 'json') {
        context.report({
          span: valueSpan(output),
          message:
            `${command} is told to print ${output.value === '' ? 'an empty output format' : `"${output.value}"`} (${output.via}), but kubectl ` +
            (output.value === 'text' || output.value === 'table' ? `decodes the credential as JSON and fails with ${DECODE_ERROR}` : 'expects the credential in JSON') +
            '. Use --output json.',
        });
      }
    }
  },
});
