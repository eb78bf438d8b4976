export const HELP = `Usage: eks-auth-lint [options] [paths...]
       eks-auth-lint explain ARN [paths...]   why a caller is (not) authorized: see eks-auth-lint explain --help

Lints EKS authentication configuration for lockouts and risky grants: aws-auth ConfigMaps, eksctl
ClusterConfig files, CloudFormation templates, Terraform (access entries, authentication modes) and
kubeconfig files (exec credential plugins, tokens, references).
Paths may be files, directories or globs (default: .). Use - to read standard input.

Options:
  -f, --format <name>        stylish (default), json, sarif or github
  -o, --output <file>        write the report to a file instead of standard output
      --fail-on <level>      exit 1 on findings at or above: error (default), warning, note, none
  -c, --config <file>        read this configuration file (default: the nearest .eks-auth-lint.yaml, .yml or
                             .json in the working directory or above)
      --no-config            read no configuration file
      --rule <id>=<level>    set a rule to off, error, warning or note (repeatable)
      --ignore-pattern <p>   ignore files matching a gitignore-style pattern (repeatable)
      --stdin-filename <p>   name to report for standard input (with -)
      --auth-mode <mode>     CONFIG_MAP, API_AND_CONFIG_MAP or API: the authentication mode of the cluster
                             that aws-auth manifests belong to, when the scanned files do not define it
      --kubeconfig <file>    lint this kubeconfig too (repeatable; merged in order as kubectl merges KUBECONFIG);
                             with no paths, only the kubeconfigs are linted
      --kubeconfig-env       lint the kubeconfig files kubectl would read: those in KUBECONFIG, else
                             ~/.kube/config (never read without this flag)
      --write-baseline <f>   record today's findings in a baseline file and exit 0
      --baseline <f>         report only findings that the baseline file does not record
      --fix                  apply safe fixes in place, then report what remains (with -: print the fixed input)
      --fix-dry-run          print the fixes as a unified diff, nothing else; exit 1 if there are any
      --list-rules           list the rules (with --format json: as JSON)
  -q, --quiet                report errors only
      --color, --no-color    force colours on or off (default: on for a terminal; honours NO_COLOR, FORCE_COLOR)
  -v, --version              print the version
  -h, --help                 print this help

Exit codes: 0 no findings at or above --fail-on, 1 findings, 2 usage or internal error.

Examples:
  eks-auth-lint ./manifests
  kubectl get configmap aws-auth -n kube-system -o yaml | eks-auth-lint -
  eks-auth-lint --format sarif --output eks-auth-lint.sarif .
  eks-auth-lint --fix-dry-run ./manifests
  eks-auth-lint --kubeconfig-env
`;
