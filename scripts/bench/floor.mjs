// The floor of a lint run, as a child process of its own: walk the tree, read every file the linter would
// read and parse each one once with the same parsers (`yaml` for YAML and JSON, our HCL parser for .tf),
// nothing else. Plain JavaScript so that no TypeScript loader adds start-up time the linter does not pay.
// Usage: node scripts/bench/floor.mjs DIR   (after `npm run build`); prints {"files":N,"bytes":B}.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
import { TextDecoder } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { parseHcl } from '../../dist/src/hcl/index.js';

const NEVER_ENTERED = new Set(['node_modules', '.git', '.terraform']);
const READ = /\.(?:ya?ml|json|tf|tofu)$/i;

const root = process.argv[2];
if (root === undefined) throw new Error('usage: floor.mjs DIR');
let files = 0;
let bytes = 0;
const decoder = new TextDecoder('utf-8', { fatal: true });
for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !READ.test(entry.name)) continue;
  const directory = entry.parentPath ?? entry.path;
  if (directory.split(/[\\/]/).some((part) => NEVER_ENTERED.has(part))) continue;
  const content = readFileSync(join(directory, entry.name));
  const text = decoder.decode(content);
  if (/\.(?:tf|tofu)$/i.test(entry.name)) parseHcl(text);
  else if (/\.(?:tf|tofu)\.json$/i.test(entry.name)) JSON.parse(text);
  else parseAllDocuments(text, { uniqueKeys: false, prettyErrors: false, keepSourceTokens: false });
  files++;
  bytes += content.length;
}
process.stdout.write(`${JSON.stringify({ files, bytes })}\n`);
