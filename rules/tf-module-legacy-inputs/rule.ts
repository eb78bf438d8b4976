import { defineRule } from '../../src/rule.js';
import type { EksModuleUse } from '../../src/terraform/module-eks.js';

/** aws-auth inputs of the root module up to v19 (`map_*` and `manage_aws_auth` up to v17). */
const LEGACY_INPUTS = new Set([
  'manage_aws_auth_configmap',
  'create_aws_auth_configmap',
  'aws_auth_roles',
  'aws_auth_users',
  'aws_auth_accounts',
  'aws_auth_node_iam_role_arns_non_windows',
  'aws_auth_node_iam_role_arns_windows',
  'aws_auth_fargate_profile_pod_execution_role_arns',
  'manage_aws_auth',
  'map_roles',
  'map_users',
  'map_accounts',
]);

function versionOf(use: EksModuleUse): string {
  return use.versionText === undefined ? '' : ` "${use.versionText}"`;
}

export default defineRule({
  id: 'tf-module-legacy-inputs',
  level: 'error',
  tags: ['correctness'],
  summary:
    'terraform-aws-modules/eks v19-style aws-auth inputs (manage_aws_auth_configmap, aws_auth_roles, ...) on a v20+ module, or the modules/aws-auth submodule with version >= 21.',
  description:
    'v20 of terraform-aws-modules/eks removed every aws-auth input from the root module (they moved to the ' +
    'modules/aws-auth submodule, and access entries replace them), and v21 removed that submodule too. ' +
    'Terraform refuses a module argument the module does not declare ("Unsupported argument"), and cannot ' +
    'install a submodule that the pinned version does not contain, so the plan fails before anything is changed.',
  check(model, context) {
    for (const use of model.eksModules ?? []) {
      if (use.majors === undefined) continue;
      if (use.kind === 'root' && use.majors.min >= 20) {
        const major = use.majors.min >= 21 ? 'v21+' : 'v20+';
        const instead =
          use.majors.min >= 21
            ? 'Move the mappings to access_entries (the aws-auth submodule is gone in v21; pin a separate "terraform-aws-modules/eks/aws//modules/aws-auth" module at "~> 20.0" if you must keep aws-auth).'
            : 'Move the mappings to access_entries, or to the "terraform-aws-modules/eks/aws//modules/aws-auth" submodule (version "~> 20.0").';
        for (const entry of use.body.entries) {
          if (!LEGACY_INPUTS.has(entry.key)) continue;
          context.report({
            span: entry.keySpan,
            message: `module "${use.name}" uses terraform-aws-modules/eks${versionOf(use)} (${major}), which has no "${entry.key}" input: Terraform refuses the configuration ("Unsupported argument": an argument named "${entry.key}" is not expected here), so nothing is planned. ${instead}`,
            ...(use.versionSpan === undefined ? {} : { related: [{ span: use.versionSpan, message: `the version that removed "${entry.key}"` }] }),
          });
        }
      } else if (use.kind === 'aws-auth' && use.majors.min >= 21) {
        context.report({
          span: use.versionSpan ?? use.header,
          message: `module "${use.name}" asks for the modules/aws-auth submodule of terraform-aws-modules/eks at${versionOf(use)}, but v21 removed that submodule: terraform init cannot find it and the configuration cannot be applied. Pin it at "~> 20.0" (it works next to a v21 cluster), or move the mappings to the cluster module's access_entries.`,
        });
      }
    }
  },
});
