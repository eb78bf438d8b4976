import { readEksExec } from '../../src/kubeconfig/exec-args.js';
import { execInputOf } from '../../src/kubeconfig/load.js';
import type { Kubeconfig } from '../../src/kubeconfig/model.js';
import { defineRule } from '../../src/rule.js';

/** Home directories on Linux, macOS and Windows (`C:\Users\x\`, also with forward slashes). */
const HOME_PATH = /^(?:\/home\/[^/]+\/|\/Users\/[^/]+\/|\/root\/|[A-Za-z]:[\\/]Users[\\/][^\\/]+[\\/])/i;
const WINDOWS_PATH = /^(?:[A-Za-z]:[\\/]|\\\\)/;

export default defineRule({
  id: 'kubeconfig-exec-command',
  level: 'warning',
  tags: ['lockout'],
  summary: 'An EKS exec plugin command is a legacy name (heptio-authenticator-aws, aws2) or only exists on one machine (a path in a home directory, ~, aws.exe).',
  description:
    'kubectl runs the exec command as written: a bare name is looked up on PATH, a path with a separator is resolved ' +
    'relative to the kubeconfig file, and ~ is not expanded. heptio-authenticator-aws was renamed aws-iam-authenticator ' +
    'in 2018 and aws2 was the name of the AWS CLI v2 preview; a path in someone\'s home directory or a Windows-only aws.exe ' +
    'in a shared kubeconfig works on one machine only. Elsewhere every command fails with "exec: executable ... not found".',
  check(model, context) {
    for (const kubeconfig of model.kubeconfigs) {
      for (const user of kubeconfig.users) {
        const command = user.exec?.command;
        const written = command?.value?.trim();
        if (user.exec === undefined || command === undefined || written === undefined) continue;
        const eks = readEksExec(execInputOf(user.exec));
        if (eks === undefined) continue;
        const problem = problemOf(written, eks.commandName, kubeconfig);
        if (problem === undefined) continue;
        context.report({
          span: command.node.span,
          message: `The exec command "${written}" of user "${user.name?.value ?? `users[${user.index}]`}" ${problem}`,
        });
      }
    }
  },
});

function problemOf(written: string, commandName: string, kubeconfig: Kubeconfig): string | undefined {
  const program = commandName.toLowerCase().replace(/\.exe$/, '');
  if (program === 'heptio-authenticator-aws') {
    return 'is the name aws-iam-authenticator had before mid-2018: current installations have no such executable ("exec: executable heptio-authenticator-aws not found"). Use command: aws with args eks get-token (or aws-iam-authenticator).';
  }
  if (program === 'aws2') {
    return 'is the name of the AWS CLI v2 preview: released AWS CLI v2 installs "aws", so kubectl fails with "exec: executable aws2 not found". Use command: aws.';
  }
  if (written.startsWith('~')) {
    return 'starts with ~, which kubectl does not expand: a command with a path separator is resolved relative to the kubeconfig\'s directory, so it is never found. Use the bare name (aws), found on PATH.';
  }
  if (kubeconfig.origin !== 'repository') return undefined;
  if (HOME_PATH.test(written)) {
    return 'is a path in one person\'s home directory: on every other machine and in CI kubectl fails with "exec: executable ... not found". Use the bare name (aws or aws-iam-authenticator), found on PATH.';
  }
  if (WINDOWS_PATH.test(written) || /\.exe$/i.test(commandName)) {
    return 'only exists on Windows: on Linux and macOS machines and CI runners kubectl fails with "exec: executable ... not found". Use the bare name (aws), which Windows resolves to aws.exe too.';
  }
  return undefined;
}
