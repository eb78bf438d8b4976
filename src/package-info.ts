import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const TOOL_NAME = 'eks-auth-lint';
export const INFORMATION_URI = 'https://github.com/eks-auth-lint/eks-auth-lint';

let root: string | undefined;

/** The package directory, found upward from this module (it sits at a different depth in src/ and dist/). */
export function packageRoot(): string {
  if (root !== undefined) return root;
  let directory = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(directory, 'package.json')) && dirname(directory) !== directory) directory = dirname(directory);
  root = directory;
  return directory;
}

export function toolVersion(): string {
  const manifest = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version?: string };
  return manifest.version ?? '0.0.0';
}

export function ruleDocUri(id: string): string {
  return `${INFORMATION_URI}/blob/main/rules/${id}/README.md`;
}

/** The rule's doc page, for SARIF help text. */
export function ruleDoc(id: string): string | undefined {
  const file = join(packageRoot(), 'rules', id, 'README.md');
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}
