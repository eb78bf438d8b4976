import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { rules as catalog } from '../rules/index.js';
import type { DirectoryMode } from './cluster/ownership.js';
import type { Config } from './config/load.js';
import { discover, type DiscoveredFile } from './discover.js';
import { buildModel, runEngine, type FileReport, type RuleSetting } from './engine.js';
import type { InputFile } from './input.js';
import { loadFiles, TERRAFORM_EXTENSION } from './load-file.js';
import type { AuthMode, Model } from './model.js';
import { toolVersion } from './package-info.js';
import { readInputs } from './read-inputs.js';
import type { Finding, Level, RuleMeta } from './rule.js';

export interface LintOptions {
  /** Files, directories and globs, relative to `cwd`. */
  readonly paths?: readonly string[];
  /** In-memory files (for example standard input); `path` is what reports show. */
  readonly files?: readonly { readonly path: string; readonly content: string | Uint8Array }[];
  readonly cwd?: string;
  /**
   * kubeconfig files (`--kubeconfig`, or the entries of KUBECONFIG), relative to `cwd`, in order: read even when no
   * path is given, and merged the way kubectl merges them, so a name may resolve in another of these files.
   */
  readonly kubeconfigs?: readonly string[];
  /** gitignore-style patterns, relative to `cwd`. */
  readonly ignorePatterns?: readonly string[];
  /** Per-rule level overrides; `off` disables a rule. */
  readonly rules?: Readonly<Record<string, RuleSetting>>;
  /** Authentication mode for aws-auth content whose cluster the files do not define. */
  readonly authMode?: AuthMode;
  /**
   * A configuration file read with `loadConfig` (see `findConfig`). Its rule levels apply under `rules`, its
   * ignore patterns (relative to its directory) beside `ignorePatterns`, its clusters before `authMode`.
   */
  readonly config?: Config;
  /** Called as files are processed (`done` of `total`): the CLI shows it on a terminal (see progress.ts). */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface RuleInfo extends RuleMeta {
  /** The level in effect for this run (`off` when disabled). */
  readonly setting: Level | 'off';
}

export interface LintResult {
  readonly toolVersion: string;
  readonly cwd: string;
  /** Repository root (nearest `.git` above `cwd`), the base of SARIF URIs. */
  readonly root: string;
  readonly findings: readonly Finding[];
  readonly files: readonly FileReport[];
  readonly rules: readonly RuleInfo[];
  /** Path arguments that matched no file. */
  readonly unmatched: readonly string[];
}

export class UnknownRuleError extends Error {}

/** Lints files on disk and in memory; the CLI is a thin layer over this function. */
export async function lint(options: LintOptions = {}): Promise<LintResult> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const settings = { ...options.config?.rules, ...options.rules };
  const unknown = Object.keys(settings).filter((id) => !catalog.some((r) => r.id === id));
  if (unknown.length > 0) throw new UnknownRuleError(`unknown rule id: ${unknown.join(', ')}`);
  const { inputs, unmatched, directoryModes, kubeconfigList } = await collectInputs(options, cwd);
  const result = runEngine(inputs, {
    rules: catalog,
    ruleSettings: settings,
    ...(options.authMode === undefined ? {} : { authMode: options.authMode }),
    ...(directoryModes.length === 0 ? {} : { directoryModes }),
    ...(kubeconfigList.length === 0 ? {} : { kubeconfigList }),
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
  });
  return {
    toolVersion: toolVersion(),
    cwd,
    root: repositoryRoot(cwd),
    findings: result.findings,
    files: result.files,
    rules: catalog.map((rule) => ({ ...ruleMeta(rule), setting: settings[rule.id] ?? rule.level })),
    unmatched,
  };
}

export interface LoadedModel {
  readonly cwd: string;
  /** The model every rule reads, built exactly as `lint()` builds it. */
  readonly model: Model;
  readonly files: readonly FileReport[];
  /** Path arguments that matched no file. */
  readonly unmatched: readonly string[];
}

/** Reads the same files as `lint()` and returns the model instead of running rules (for `explain`). */
export async function loadModel(options: LintOptions = {}): Promise<LoadedModel> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const { inputs, unmatched, directoryModes, kubeconfigList } = await collectInputs(options, cwd);
  const loaded = loadFiles(inputs);
  const files = loaded.map((f) => (f.reason === undefined ? { path: f.path, status: f.status } : { path: f.path, status: f.status, reason: f.reason }));
  return { cwd, model: buildModel(loaded, options.authMode, directoryModes, kubeconfigList), files, unmatched };
}

/** The files a run reads (discovered, kustomizations above them, in-memory) and the configuration's directory modes. */
async function collectInputs(options: LintOptions, cwd: string): Promise<{ inputs: InputFile[]; unmatched: readonly string[]; directoryModes: DirectoryMode[]; kubeconfigList: string[] }> {
  const discovery = options.paths === undefined || options.paths.length === 0
    ? { files: [], unmatched: [] }
    : await discover(options.paths, {
      cwd,
      ...(options.ignorePatterns === undefined ? {} : { ignorePatterns: options.ignorePatterns }),
      ...(options.config === undefined ? {} : { baseIgnores: { base: options.config.directory, patterns: options.config.ignorePatterns } }),
    });
  options.onProgress?.(0, discovery.files.length);
  const inputs: InputFile[] = await readInputs([...discovery.files, ...kustomizationsAbove(discovery.files, cwd), ...terraformModulesOf(discovery.files, cwd)]);
  for (const file of options.files ?? []) inputs.push({ path: file.path, content: file.content, explicit: true });
  // A file named on the command line inside ~/.kube (`eks-auth-lint ~/.kube/config`) is the user's own, as with --kubeconfig.
  const ownKubeconfigs = discovery.files.filter((f) => f.explicit && f.absolutePath.startsWith(join(homedir(), '.kube') + sep)).map((f) => f.path);
  const kubeconfigs = kubeconfigFiles([...ownKubeconfigs, ...(options.kubeconfigs ?? [])], cwd);
  const known = new Set(inputs.map((i) => i.path));
  inputs.push(...(await readInputs(kubeconfigs.found.filter((f) => !known.has(f.path)))));
  const directoryModes = options.config === undefined ? [] : configDirectoryModes(options.config, cwd);
  return { inputs, unmatched: [...discovery.unmatched, ...kubeconfigs.missing], directoryModes, kubeconfigList: kubeconfigs.found.map((f) => f.path) };
}

/**
 * The kubeconfig files of a run, once each, in list order, with display paths relative to `cwd` as discovery
 * writes them. A file already found among the paths is read once and still merged with the others.
 */
function kubeconfigFiles(paths: readonly string[], cwd: string): { found: DiscoveredFile[]; missing: string[] } {
  const found: DiscoveredFile[] = [];
  const missing: string[] = [];
  for (const path of paths) {
    const absolutePath = resolve(cwd, path);
    const display = displayPath(cwd, absolutePath);
    if (!existsSync(absolutePath)) missing.push(path);
    else if (!found.some((f) => f.path === display)) found.push({ path: display, absolutePath, explicit: true });
  }
  return { found, missing };
}

/** The configuration's cluster directories, relative to `cwd` (`.` when one encloses `cwd`); others match nothing scanned. */
function configDirectoryModes(config: Config, cwd: string): DirectoryMode[] {
  const origin = relative(cwd, config.file).split(sep).join('/');
  return config.clusters.flatMap((cluster) => {
    const absolute = resolve(config.directory, cluster.directory);
    const path = relative(cwd, absolute);
    const inside = path === '' || (!path.startsWith('..') && !isAbsolute(path));
    const encloses = !inside && !relative(absolute, cwd).startsWith('..') && !isAbsolute(relative(absolute, cwd));
    if (!inside && !encloses) return [];
    const directory = inside && path !== '' ? path.split(sep).join('/') : '.';
    return [{ directory, authMode: cluster.authenticationMode, origin: `authenticationMode ${cluster.authenticationMode} for ${cluster.directory} in ${origin}` }];
  });
}

function ruleMeta(rule: RuleMeta): RuleMeta {
  const { id, level, tags, summary, description, securitySeverity } = rule;
  return securitySeverity === undefined ? { id, level, tags, summary, description } : { id, level, tags, summary, description, securitySeverity };
}

/**
 * Files that decide how a file named on its own is read, added to the run (once, unless already there):
 * for each explicit file, the absolute paths `context` gives, those that exist.
 */
function contextFiles(files: readonly DiscoveredFile[], cwd: string, context: (file: DiscoveredFile) => readonly string[]): DiscoveredFile[] {
  const known = new Set(files.map((f) => f.absolutePath));
  const found: DiscoveredFile[] = [];
  for (const file of files.filter((f) => f.explicit)) {
    for (const absolutePath of context(file)) {
      if (known.has(absolutePath) || !existsSync(absolutePath)) continue;
      known.add(absolutePath);
      found.push({ path: displayPath(cwd, absolutePath), absolutePath, explicit: false });
    }
  }
  return found;
}

/**
 * A file named on its own still gets its namespace from kustomization files in the directories above
 * it (up to the working directory), so read those too.
 */
function kustomizationsAbove(files: readonly DiscoveredFile[], cwd: string): DiscoveredFile[] {
  return contextFiles(files, cwd, (file) => {
    const candidates: string[] = [];
    for (let directory = dirname(file.absolutePath); directory.startsWith(cwd); directory = dirname(directory)) {
      for (const name of ['kustomization.yaml', 'kustomization.yml', 'Kustomization']) candidates.push(join(directory, name));
      if (directory === cwd) break;
    }
    return candidates;
  });
}

/**
 * A Terraform file named on its own (pre-commit hands over only the changed files) is read with the other
 * Terraform files of its directory, its module: locals, variables, policy associations and the access
 * entries that keep a cluster reachable may sit in any of them, and findings made without them are wrong.
 */
function terraformModulesOf(files: readonly DiscoveredFile[], cwd: string): DiscoveredFile[] {
  const seen = new Set<string>();
  return contextFiles(files, cwd, (file) => {
    const directory = dirname(file.absolutePath);
    // Several changed files of one module list its directory once.
    if (!TERRAFORM_EXTENSION.test(file.absolutePath) || seen.has(directory)) return [];
    seen.add(directory);
    try {
      return readdirSync(directory).filter((name) => TERRAFORM_EXTENSION.test(name)).sort().map((name) => join(directory, name));
    } catch {
      return [];
    }
  });
}

function displayPath(cwd: string, absolutePath: string): string {
  return relative(cwd, absolutePath).split(sep).join('/');
}

function repositoryRoot(cwd: string): string {
  let directory = cwd;
  while (!existsSync(join(directory, '.git'))) {
    const parent = dirname(directory);
    if (parent === directory) return cwd;
    directory = parent;
  }
  return directory;
}
