import { posix } from 'node:path';
import { configMapsIn } from './aws-auth/configmap.js';
import { isClusterConfig, readClusterConfig, type EksctlContribution } from './eksctl/cluster-config.js';
import { isEksTemplate, readTemplate, type TemplateContribution } from './cloudformation/template.js';
import { decode, type InputFile } from './input.js';
import { isKustomizationPath, readKustomization } from './aws-auth/kustomize.js';
import type { AwsAuthConfigMap, Kustomization, ParseFailure } from './model.js';
import { parseTfFile, type TfFile } from './terraform/evaluate.js';
import { parseTfJson, TF_JSON_EXTENSION } from './terraform/tf-json.js';
import { loadYaml } from './yaml/load.js';
import { isKubeconfig, KUBECONFIG_HINT, readKubeconfig } from './kubeconfig/load.js';
import type { KubeconfigDocument } from './kubeconfig/model.js';

export type FileStatus = 'linted' | 'not-relevant' | 'skipped' | 'failed';

export interface LoadedFile {
  readonly path: string;
  readonly status: FileStatus;
  /** Why a file was skipped or failed, for the JSON report and SARIF notifications. */
  readonly reason?: string;
  readonly configMaps: readonly AwsAuthConfigMap[];
  readonly parseFailures: readonly ParseFailure[];
  readonly kustomization?: Kustomization;
  /** eksctl ClusterConfig documents: clusters, their access entries and identity mappings. */
  readonly eksctl: readonly EksctlContribution[];
  /** CloudFormation templates: EKS clusters and access entries. */
  readonly templates: readonly TemplateContribution[];
  /** A parsed Terraform file: read with the other files of its directory (its module) in buildModel. */
  readonly terraform?: TfFile;
  /** kubeconfig documents (`kind: Config`). */
  readonly kubeconfigs: readonly KubeconfigDocument[];
}

/** Cheap test run before parsing: text that cannot hold aws-auth content is not parsed at all. */
const RELEVANT = /map_?(?:roles?|users?|accounts?)|aws-auth|eksctl\.io|AWS::EKS::/i;
/** Terraform resources that carry EKS authentication. */
const TERRAFORM_RELEVANT = /aws_eks_(?:cluster|access_entry|access_policy_association)\b|kubernetes_config_map|map_?(?:roles?|users?|accounts?)|aws-auth/i;
/** Native syntax (`.tf`, `.tofu`) and JSON syntax (`.tf.json`, `.tofu.json`). */
export const TERRAFORM_EXTENSION = /\.(?:tf|tofu)(?:\.json)?$/i;
/** Template files by extension (Terraform templatefile, Go, Jinja): not the configuration itself. */
const TEMPLATE_EXTENSION = /\.(?:tpl|tftpl|tmpl|template|j2|jinja2?|gotmpl)$/i;
/** Go-template actions (Helm and similar tools) that make the file a template, not YAML. */
const GO_TEMPLATE = /\{\{-?\s*(?:[.$]|-|(?:if|else|end|range|with|include|template|define|toYaml|tpl|required|default|quote|block)\b)/;

/**
 * Reads one file into what the rules need. Never throws: a runtime limit hit on hostile input (a stack
 * overflow in a recursive reader) becomes a parse failure of that file, and the run goes on.
 */
export function loadFile(file: InputFile): LoadedFile {
  try {
    return loadUnguarded(file);
  } catch (error) {
    const cause = error instanceof Error ? error.message : String(error);
    const reason = error instanceof RangeError ? `the file is too complex to read (${cause})` : `internal error while reading the file (${cause})`;
    const span = { file: file.path, start: { line: 1, column: 1 }, end: { line: 1, column: 1 }, startOffset: 0, endOffset: 0 };
    return { path: file.path, configMaps: [], eksctl: [], templates: [], kubeconfigs: [], status: 'failed', reason, parseFailures: [{ span, message: reason }] };
  }
}

/** Whether a file's text (or its beginning) looks like EKS authentication configuration, before any parsing. */
export function looksRelevant(path: string, text: string): boolean {
  return TERRAFORM_EXTENSION.test(path) ? TERRAFORM_RELEVANT.test(text) : RELEVANT.test(text) || KUBECONFIG_HINT.test(text);
}

function loadUnguarded(file: InputFile): LoadedFile {
  const base = { path: file.path, configMaps: [], parseFailures: [], eksctl: [], templates: [], kubeconfigs: [] };
  const decoded = decode(file);
  if (!decoded.ok) {
    if (decoded.binary && file.explicit !== true) return { ...base, status: 'skipped', reason: decoded.reason };
    const span = decoded.span ?? { file: file.path, start: { line: 1, column: 1 }, end: { line: 1, column: 1 }, startOffset: 0, endOffset: 0 };
    return { ...base, status: 'failed', reason: decoded.reason, parseFailures: [{ span, message: `cannot read the file: ${decoded.reason}` }] };
  }
  const { text, lines } = decoded;
  if (isKustomizationPath(file.path)) {
    const kustomization = readKustomization(file.path, loadYaml(text, (start, end) => lines.span(start, end))[0]?.root ?? null);
    return kustomization === undefined ? { ...base, status: 'not-relevant' } : { ...base, status: 'not-relevant', kustomization };
  }
  if (TERRAFORM_EXTENSION.test(file.path)) return loadTerraform(file, text, base);
  const relevant = RELEVANT.test(text) || KUBECONFIG_HINT.test(text);
  if (!relevant && file.explicit !== true) return { ...base, status: 'not-relevant' };
  if (TEMPLATE_EXTENSION.test(file.path)) return { ...base, status: 'skipped', reason: 'template file (rendered by another tool): not linted' };
  // [ \t]*, not \s*: \s crosses line breaks, and a run of empty lines would make this quadratic.
  if (GO_TEMPLATE.test(text.replace(/^[ \t]*#.*$/gm, ''))) return { ...base, status: 'skipped', reason: 'Go template (Helm or similar): not plain YAML, not linted' };
  const documents = loadYaml(text, (start, end) => lines.span(start, end));
  const parseFailures: ParseFailure[] = [];
  const configMaps: AwsAuthConfigMap[] = [];
  const eksctl: EksctlContribution[] = [];
  const templates: TemplateContribution[] = [];
  const kubeconfigs: KubeconfigDocument[] = [];
  for (const document of documents) {
    // kubectl's YAML reader refuses these too: an alias bomb, and an alias whose anchor is not in this document.
    const error = document.errors[0] ?? document.strictProblems.find((p) => p.code === 'ALIAS_LIMIT' || p.code === 'UNKNOWN_ANCHOR');
    if (error !== undefined) {
      parseFailures.push({ span: error.span, message: `${error.message}; the file cannot be read as YAML or JSON` });
      continue;
    }
    if (isClusterConfig(document.root)) eksctl.push(readClusterConfig(document.root, file.path));
    else if (isEksTemplate(document.root)) templates.push(readTemplate(document.root, file.path));
    else if (isKubeconfig(document.root)) kubeconfigs.push(readKubeconfig(document.root, file.path, text.trimStart().startsWith('{') ? 'json' : 'yaml'));
    else configMaps.push(...configMapsIn(document.root, file.path, lines));
  }
  const found = { configMaps, eksctl, templates, kubeconfigs };
  if (parseFailures.length > 0) return { ...base, ...found, status: 'failed', reason: 'does not parse', parseFailures };
  if (configMaps.length > 0 || eksctl.length > 0 || templates.length > 0 || kubeconfigs.length > 0) return { ...base, ...found, status: 'linted' };
  return { ...base, status: 'not-relevant', reason: 'parsed; no aws-auth ConfigMap, eksctl ClusterConfig, EKS CloudFormation resource or kubeconfig in it' };
}

/**
 * A Terraform file is parsed and kept, relevant or not, when its module may be (see loadFiles): locals
 * and variables in any file of a module feed the values of the others. Syntax errors are reported for files that look like EKS
 * auth configuration or were named explicitly.
 */
function loadTerraform(file: InputFile, text: string, base: Omit<LoadedFile, 'status'>): LoadedFile {
  const json = TF_JSON_EXTENSION.test(file.path);
  const { file: terraform, errors } = json ? parseTfJson(file.path, text) : parseTfFile(file.path, text);
  const relevant = TERRAFORM_RELEVANT.test(text);
  const first = errors[0];
  if (first !== undefined && (relevant || file.explicit === true)) {
    return {
      ...base,
      status: 'failed',
      reason: 'does not parse',
      terraform,
      parseFailures: [{ span: first.span, message: `${first.message}; the file cannot be read as Terraform (${json ? 'JSON' : 'HCL'})` }],
    };
  }
  return relevant ? { ...base, status: 'linted', terraform } : { ...base, status: 'not-relevant', reason: 'parsed; no EKS authentication resource in it', terraform };
}

/**
 * Anything a module's EKS reading starts from (aws_eks_* resources, aws-auth ConfigMaps, the
 * terraform-aws-modules/eks module): broader than TERRAFORM_RELEVANT, since a module block of the EKS
 * module is read without matching it. A directory with no such file contributes nothing to the model.
 */
const TERRAFORM_MODULE_HINT = /eks|kubernetes_config_map|aws[-_]auth|map_?(?:roles?|users?|accounts?)/i;

/**
 * Loads the files of a run. Terraform files are parsed only in directories (modules) where at least one
 * file hints at EKS authentication: elsewhere their locals and variables feed nothing the rules read, so
 * most Terraform of a monorepo is recognised without a parse. Named files are always parsed.
 */
export function loadFiles(files: readonly InputFile[], onProgress?: (done: number, total: number) => void): LoadedFile[] {
  const readable = new Set<InputFile>();
  const modules = new Set<string>();
  for (const file of files) {
    if (!TERRAFORM_EXTENSION.test(file.path)) continue;
    const decoded = decode(file);
    if (!decoded.ok) continue;
    readable.add(file);
    if (TERRAFORM_MODULE_HINT.test(decoded.text)) modules.add(posix.dirname(file.path));
  }
  return files.map((file, index): LoadedFile => {
    onProgress?.(index, files.length);
    if (file.explicit === true || !readable.has(file) || modules.has(posix.dirname(file.path))) return loadFile(file);
    return { path: file.path, status: 'not-relevant', reason: 'no EKS authentication resource in this file or its directory (module)', configMaps: [], parseFailures: [], eksctl: [], templates: [], kubeconfigs: [] };
  });
}
