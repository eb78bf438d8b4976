// Bundles the GitHub Action (src/action/main.ts) into the one committed file action/index.js: the
// runner does not install node_modules for JavaScript actions. `node scripts/bundle-action.mjs`
// writes it; test/action.test.ts rebuilds it in memory and fails when the committed file is stale.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { NODE_BUNDLE } from './esbuild-node.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const OUTFILE = join(ROOT, 'action', 'index.js');

/** The bundle's text. Deterministic: no timestamps, no source map, paths relative to the repository. */
export async function bundleAction() {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: ['src/action/main.ts'],
    outfile: OUTFILE,
    write: false,
    metafile: true,
    ...NODE_BUNDLE,
    // The full licence texts of the bundled packages follow at the end instead (see licences()).
    legalComments: 'none',
  });
  const [output] = result.outputFiles;
  if (output === undefined) throw new Error('esbuild produced no output');
  return `${output.text}${licences(Object.keys(result.metafile.inputs))}`;
}

/** One comment with the name, version and licence text of every npm package in the bundle, sorted. */
function licences(inputs) {
  const packages = new Set();
  for (const input of inputs) {
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match !== null) packages.add(match[1]);
  }
  const sections = [...packages].sort().map((directory) => {
    const manifest = JSON.parse(readFileSync(join(ROOT, directory, 'package.json'), 'utf8'));
    const file = ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'LICENSE-MIT', 'license', 'license.md', 'LICENCE'].find((name) => existsSync(join(ROOT, directory, name)));
    const text = file === undefined ? `Licence: ${manifest.license}` : readFileSync(join(ROOT, directory, file), 'utf8').trim();
    return `${manifest.name}@${manifest.version} (${manifest.license})\n\n${text.replaceAll('*/', '* /')}`;
  });
  return `/*! Licences of the bundled packages:\n\n${sections.join('\n\n---\n\n')}\n*/\n`;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(OUTFILE, await bundleAction());
}
