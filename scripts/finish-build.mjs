// After tsc: ship the generated validators beside the compiled code and make the bin executable
// (tsc keeps the shebang but not the mode, and git-installed packages run the file directly).
import { chmodSync, cpSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
cpSync(join(root, 'generated'), join(root, 'dist', 'generated'), { recursive: true });
chmodSync(join(root, 'dist', 'src', 'cli.js'), 0o755);
