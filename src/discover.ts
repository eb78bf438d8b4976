import { existsSync, lstatSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type fg from 'fast-glob';
import ignore, { type Ignore } from 'ignore';

/** Extensions that can hold the configuration we read. */
export const EXTENSIONS = ['yaml', 'yml', 'json', 'tf', 'tofu'];
/**
 * What a directory walk picks up: files with those extensions, and kubeconfig files by their usual names,
 * which often have no extension (`kubeconfig_<cluster>` as terraform-aws-eks wrote it, `*.kubeconfig`, `.kube/config`).
 */
export const WALK_PATTERNS = [`**/*.{${EXTENSIONS.join(',')}}`, '**/kubeconfig', '**/kubeconfig[._-]*', '**/*.kubeconfig', '**/.kube/config'];
/** Never descended into: VCS data, dependencies and Terraform's provider cache. */
export const DEFAULT_IGNORES = ['**/node_modules/**', '**/.git/**', '**/.terraform/**', '**/.eks-auth-lint.{yaml,yml,json}'];

export interface DiscoveredFile {
  /** Path relative to the working directory, with forward slashes. */
  readonly path: string;
  readonly absolutePath: string;
  /** Named directly on the command line. */
  readonly explicit: boolean;
}

export interface Discovery {
  readonly files: readonly DiscoveredFile[];
  /** Arguments that matched nothing: a usage error. */
  readonly unmatched: readonly string[];
}

export interface DiscoverOptions {
  readonly cwd: string;
  readonly ignorePatterns?: readonly string[];
  /** More gitignore-style patterns, relative to `base` (a configuration file's directory). */
  readonly baseIgnores?: { readonly base: string; readonly patterns: readonly string[] };
}

/**
 * Expands path arguments: files are taken as given, directories are walked and globs expanded,
 * honouring .gitignore files, the default ignores and --ignore-pattern. Symbolic links are never
 * followed into directories, so link loops cannot make the walk run away; links to files are kept.
 */
export async function discover(targets: readonly string[], options: DiscoverOptions): Promise<Discovery> {
  const userIgnore = ignore().add([...(options.ignorePatterns ?? [])]);
  const baseIgnore = options.baseIgnores === undefined ? undefined : { base: options.baseIgnores.base, rules: ignore().add([...options.baseIgnores.patterns]) };
  const hasUserIgnores = (options.ignorePatterns ?? []).length > 0;
  const cwd = resolve(options.cwd);
  const gitignores = new GitignoreCache();
  const found = new Map<string, DiscoveredFile>();
  const unmatched: string[] = [];
  const add = (absolutePath: string, explicit: boolean): void => {
    const path = toDisplay(relativePath(cwd, absolutePath));
    if (hasUserIgnores && !path.startsWith('../') && path !== '' && userIgnore.ignores(path)) return;
    if (baseIgnore !== undefined) {
      const fromBase = toDisplay(relative(baseIgnore.base, absolutePath));
      if (!fromBase.startsWith('../') && fromBase !== '' && !isAbsolute(fromBase) && baseIgnore.rules.ignores(fromBase)) return;
    }
    if (!explicit && gitignores.ignored(absolutePath)) return;
    const existing = found.get(absolutePath);
    if (existing === undefined || (explicit && !existing.explicit)) found.set(absolutePath, { path, absolutePath, explicit });
  };
  for (const target of targets) {
    const absolute = resolve(options.cwd, target);
    const stats = statOrUndefined(absolute);
    if (stats?.isDirectory() === true) {
      const entries = await nonDirectories(WALK_PATTERNS, globOptions(absolute));
      for (const entry of entries) add(join(absolute, entry), false);
    } else if (stats !== undefined || isLink(absolute)) {
      // Files, and also what cannot be read (a FIFO, a dangling link or a link loop): reading reports why.
      add(absolute, true);
    } else if ((await fastGlob()).isDynamicPattern(target)) {
      const base = isAbsolute(target) ? undefined : options.cwd;
      const entries = await nonDirectories(toDisplay(target), { ...globOptions(base ?? '/'), absolute: true });
      if (entries.length === 0) unmatched.push(target);
      for (const entry of entries) add(resolve(entry), false);
    } else {
      unmatched.push(target);
    }
  }
  const files = [...found.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, unmatched };
}

/** fast-glob takes longer to load than linting one small file: only a walk or a glob loads it (pre-commit hooks name files). */
async function fastGlob(): Promise<typeof fg> {
  return (await import('fast-glob')).default;
}

function globOptions(cwd: string): fg.Options {
  return { cwd, dot: true, onlyFiles: false, followSymbolicLinks: false, ignore: DEFAULT_IGNORES, suppressErrors: true, unique: true };
}

/**
 * Matching entries other than directories: regular files, and also links, FIFOs and sockets, so that
 * reading can follow a link to a file and give a reason for skipping the rest, instead of dropping them silently.
 */
async function nonDirectories(pattern: string | string[], options: fg.Options): Promise<string[]> {
  const entries = await (await fastGlob())(pattern, { ...options, objectMode: true });
  return entries.filter((entry) => !entry.dirent.isDirectory()).map((entry) => entry.path);
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

function statOrUndefined(path: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** path.relative, without its cost (it resolves both paths) for the usual case of a path inside `base`; both are absolute and normalised. */
function relativePath(base: string, path: string): string {
  const prefix = base.endsWith(sep) ? base : base + sep;
  return path.startsWith(prefix) ? path.slice(prefix.length) : relative(base, path);
}

function toDisplay(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

/** .gitignore files from the repository root down to each file's directory, read once each. */
class GitignoreCache {
  private readonly byDirectory = new Map<string, Ignore | null>();
  private readonly roots = new Map<string, string>();
  /** Per directory, the .gitignore files that apply to its entries, nearest first: most directories have none. */
  private readonly chains = new Map<string, readonly { readonly directory: string; readonly rules: Ignore }[]>();

  ignored(absolutePath: string): boolean {
    return this.chainFor(dirname(absolutePath)).some(({ directory, rules }) => rules.ignores(toDisplay(relativePath(directory, absolutePath))));
  }

  private chainFor(start: string): readonly { readonly directory: string; readonly rules: Ignore }[] {
    const cached = this.chains.get(start);
    if (cached !== undefined) return cached;
    const root = this.repositoryRoot(start);
    const chain: { directory: string; rules: Ignore }[] = [];
    for (let directory = start; ; directory = dirname(directory)) {
      const rules = this.rulesFor(directory);
      if (rules !== null) chain.push({ directory, rules });
      if (directory === root || dirname(directory) === directory) break;
    }
    this.chains.set(start, chain);
    return chain;
  }

  private rulesFor(directory: string): Ignore | null {
    let rules = this.byDirectory.get(directory);
    if (rules === undefined) {
      const file = join(directory, '.gitignore');
      rules = null;
      try {
        if (existsSync(file)) rules = ignore().add(readFileSync(file, 'utf8'));
      } catch {
        rules = null;
      }
      this.byDirectory.set(directory, rules);
    }
    return rules;
  }

  /** The nearest directory with a .git entry, or the file system root. */
  private repositoryRoot(directory: string): string {
    const cached = this.roots.get(directory);
    if (cached !== undefined) return cached;
    const parent = dirname(directory);
    const root = existsSync(join(directory, '.git')) || parent === directory ? directory : this.repositoryRoot(parent);
    this.roots.set(directory, root);
    return root;
  }
}
