import { readEksExec } from '../../src/kubeconfig/exec-args.js';
import { execInputOf } from '../../src/kubeconfig/load.js';
import { defineRule } from '../../src/rule.js';

const PROFILE_VARIABLES: readonly string[] = ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE'];

export default defineRule({
  id: 'kubeconfig-aws-profile-env',
  level: 'note',
  tags: ['correctness'],
  summary: 'An EKS exec plugin in a committed kubeconfig sets AWS_PROFILE in exec.env: the profile must exist on every machine, and shell access keys silently override it.',
  description:
    'aws eks update-kubeconfig writes the profile it ran with into exec.env. In a kubeconfig shared through a repository ' +
    'that profile name must exist in ~/.aws/config on every machine and CI runner ("The config profile (...) could not be ' +
    'found"). Worse, when AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are set in the shell, the AWS CLI uses them and ' +
    'ignores AWS_PROFILE: the token is signed as another identity and the cluster answers Unauthorized. --profile in ' +
    'exec.args is not overridden that way.',
  check(model, context) {
    for (const kubeconfig of model.kubeconfigs) {
      if (kubeconfig.origin !== 'repository') continue;
      for (const user of kubeconfig.users) {
        const exec = user.exec;
        if (exec === undefined) continue;
        const eks = readEksExec(execInputOf(exec));
        // --profile in the arguments wins over AWS_PROFILE, and access keys in the shell do not override it.
        if (eks === undefined || eks.profile !== undefined) continue;
        for (const variable of exec.env) {
          const name = variable.name?.value;
          const profile = variable.value?.value?.trim();
          if (name === undefined || variable.name === undefined || !PROFILE_VARIABLES.includes(name) || profile === undefined || profile === '') continue;
          const instead = eks.plugin === 'aws-cli' ? `Pass --profile ${profile} in exec.args instead (access keys in the environment do not override it), or leave` : 'Leave';
          context.report({
            span: variable.name.node.span,
            message:
              `User "${user.name?.value ?? `users[${user.index}]`}" sets ${name}=${profile} for its exec plugin in a kubeconfig kept with the repository: ` +
              `every machine that uses it needs a profile "${profile}" ("The config profile (${profile}) could not be found" otherwise), and ` +
              'AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY in the shell silently take precedence over it, signing the token as another identity. ' +
              `${instead} the profile out and let each machine supply its credentials.`,
          });
        }
      }
    }
  },
});
