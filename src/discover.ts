import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import fg from 'fast-glob';
import ignore, { type Ignore } from 'ignore';

/** Extensions that can hold the configuration we read. */
export const EXTENSIONS = ['yaml', 'yml', 'json', 'tf', 'tofu'];
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
 * followed into directories, so link loops cannot make the walk run away.
 */
export async function discover(targets: readonly string[], options: DiscoverOptions): Promise<Discovery> {
  const userIgnore = ignore().add([...(options.ignorePatterns ?? [])]);
  const baseIgnore = options.baseIgnores === undefined ? undefined : { base: options.baseIgnores.base, rules: ignore().add([...options.baseIgnores.patterns]) };
  const gitignores = new GitignoreCache();
  const found = new Map<string, DiscoveredFile>();
  const unmatched: string[] = [];
  const add = (absolutePath: string, explicit: boolean): void => {
    const path = toDisplay(relative(options.cwd, absolutePath));
    if (!path.startsWith('../') && path !== '' && userIgnore.ignores(path)) return;
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
    if (stats?.isFile() === true) {
      add(absolute, true);
    } else if (stats?.isDirectory() === true) {
      const entries = await fg(`**/*.{${EXTENSIONS.join(',')}}`, globOptions(absolute));
      for (const entry of entries) add(join(absolute, entry), false);
    } else if (fg.isDynamicPattern(target)) {
      const base = isAbsolute(target) ? undefined : options.cwd;
      const entries = await fg(toDisplay(target), { ...globOptions(base ?? '/'), absolute: true });
      if (entries.length === 0) unmatched.push(target);
      for (const entry of entries) add(resolve(entry), false);
    } else {
      unmatched.push(target);
    }
  }
  const files = [...found.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, unmatched };
}

function globOptions(cwd: string): fg.Options {
  return { cwd, dot: true, onlyFiles: true, followSymbolicLinks: false, ignore: DEFAULT_IGNORES, suppressErrors: true, unique: true };
}

function statOrUndefined(path: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function toDisplay(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

/** .gitignore files from the repository root down to each file's directory, read once each. */
class GitignoreCache {
  private readonly byDirectory = new Map<string, Ignore | null>();
  private readonly roots = new Map<string, string>();

  ignored(absolutePath: string): boolean {
    const root = this.repositoryRoot(dirname(absolutePath));
    let directory = dirname(absolutePath);
    for (;;) {
      const rules = this.rulesFor(directory);
      const rel = toDisplay(relative(directory, absolutePath));
      if (rules?.ignores(rel) === true) return true;
      if (directory === root || dirname(directory) === directory) return false;
      directory = dirname(directory);
    }
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
