import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** Configuration file names, in order of preference within one directory. */
export const CONFIG_NAMES = ['.eks-auth-lint.yaml', '.eks-auth-lint.yml', '.eks-auth-lint.json'] as const;

/** The nearest configuration file in `cwd` or a directory above it, up to the filesystem root. */
export function findConfig(cwd: string): string | undefined {
  let directory = resolve(cwd);
  for (;;) {
    for (const name of CONFIG_NAMES) {
      const file = join(directory, name);
      if (existsSync(file) && statSync(file).isFile()) return file;
    }
    const parent = dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}
