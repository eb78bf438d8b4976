import { relative, resolve, sep } from 'node:path';

/** A reported path (relative to the working directory) relative to the repository root, with forward slashes, as GitHub and SARIF name files. */
export function repositoryPath(result: { readonly root: string; readonly cwd: string }, file: string): string {
  return relative(result.root, resolve(result.cwd, file)).split(sep).join('/');
}
