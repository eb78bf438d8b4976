import { ENTRY_TYPES } from '../../src/cluster/access.js';
import { apiRefusalOutcome, termsOf } from '../../src/cluster/terms.js';
import type { AccessEntry } from '../../src/model.js';
import { defineRule } from '../../src/rule.js';
import { closest } from '../../src/util/suggest.js';

/** Types the EKS API takes that eksctl refuses in a ClusterConfig. */
const NOT_IN_EKSCTL: readonly string[] = ['HYPERPOD_LINUX'];

/** Short or reordered names people write for a type. */
const ALIASES: Readonly<Record<string, string>> = {
  linux: 'EC2_LINUX',
  linuxec2: 'EC2_LINUX',
  windows: 'EC2_WINDOWS',
  windowsec2: 'EC2_WINDOWS',
  fargate: 'FARGATE_LINUX',
  linuxfargate: 'FARGATE_LINUX',
  hybrid: 'HYBRID_LINUX',
  linuxhybrid: 'HYBRID_LINUX',
  hyperpod: 'HYPERPOD_LINUX',
  automode: 'EC2',
  ec2automode: 'EC2',
  default: 'STANDARD',
  user: 'STANDARD',
};

export default defineRule({
  id: 'access-entry-type',
  level: 'error',
  tags: ['correctness'],
  summary: 'An access entry type is not one of STANDARD, EC2, EC2_LINUX, EC2_WINDOWS, FARGATE_LINUX, HYBRID_LINUX, HYPERPOD_LINUX (exact case), or is HYPERPOD_LINUX in eksctl.',
  description:
    'The type of an access entry decides what the principal becomes in the cluster: a person or tool (STANDARD) or ' +
    'a node of one kind. The EKS API and every tool compare it case-sensitively and reject any other value, so a ' +
    'typo or lowercase spelling stops the whole create or deploy. eksctl knows one type fewer than the API: it ' +
    'refuses HYPERPOD_LINUX.',
  check(model, context) {
    for (const entry of model.accessEntries) {
      const type = entry.type;
      if (type === undefined || type.kind === 'opaque' || (type.kind === 'scalar' && type.value === null)) continue;
      const where = `accessEntries[${entry.index}]`;
      const key = termsOf(entry).type;
      if (type.kind !== 'scalar' || typeof type.value !== 'string') {
        const what = type.kind === 'scalar' ? `${type.text} (${type.type === 'bool' ? 'a boolean' : 'a number'}, not a string)` : `a YAML ${type.kind === 'seq' ? 'list' : 'mapping'}`;
        context.report({
          span: type.span,
          message: `${key} is ${what}: ${refusal(entry)}. Write one type as a string, e.g. STANDARD, or leave ${key} out for a STANDARD entry.`,
        });
        continue;
      }
      const value = type.value;
      // eksctl reads an empty type as STANDARD.
      if (value === '' && entry.carrier === 'eksctl') continue;
      if (/\$\{[^}]*\}|\{\{[^}]*\}\}/.test(value)) continue;
      if (ENTRY_TYPES.includes(value)) {
        if (entry.carrier === 'eksctl' && NOT_IN_EKSCTL.includes(value)) {
          context.report({
            span: type.span,
            message: `type "${value}" is accepted by the EKS API but not by eksctl: eksctl refuses the whole file (invalid access entry type "${value}" for ${where}). Create this entry outside eksctl (aws eks create-access-entry --type ${value}, Terraform or CloudFormation) and remove it from the ClusterConfig.`,
          });
        }
        continue;
      }
      context.report({ span: type.span, message: `${key} "${value}" is not an access entry type: ${refusal(entry, value)}. ${fixFor(value, entry)}` });
    }
  },
});

/** What happens to an entry with an unusable type, in the words of the tool that reads it. */
function refusal(entry: AccessEntry, value?: string): string {
  if (entry.carrier === 'eksctl') {
    return value === undefined
      ? 'eksctl cannot decode the file'
      : `eksctl refuses the whole file (invalid access entry type "${value}" for accessEntries[${entry.index}]) and the EKS API rejects it too`;
  }
  // CloudFormation's schema leaves Type a free string: the EKS API is what refuses it.
  return `the EKS API rejects the entry${apiRefusalOutcome(entry)}`;
}

function fixFor(value: string, entry: AccessEntry): string {
  if (ENTRY_TYPES.includes(value.trim())) return `Remove the spaces: "${value.trim()}".`;
  const suggestion = suggest(value);
  if (suggestion === undefined) {
    const usable = ENTRY_TYPES.filter((t) => entry.carrier !== 'eksctl' || !NOT_IN_EKSCTL.includes(t));
    return `Use one of ${usable.join(', ')}, or leave ${termsOf(entry).type} out for a STANDARD entry.`;
  }
  return suggestion.toLowerCase() === value.toLowerCase() ? `Types are case-sensitive: write "${suggestion}".` : `Did you mean "${suggestion}"?`;
}

/** The type a misspelt, mis-cased or reordered value most likely means. */
function suggest(value: string): string | undefined {
  const key = value.toLowerCase().replace(/[\s_.-]/g, '');
  return ALIASES[key] ?? closest(key, ENTRY_TYPES, 2);
}
