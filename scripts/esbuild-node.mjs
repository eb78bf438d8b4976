// esbuild settings shared by the two bundles (the CLI in dist/bin, the GitHub Action in action/):
// ESM for Node 20, no source maps, deterministic output.
export const NODE_BUNDLE = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: false,
  logLevel: 'warning',
  // The CommonJS dependencies (ajv, fast-glob) call require() for Node's own modules.
  banner: { js: "import { createRequire as __eksAuthLintCreateRequire } from 'node:module';\nconst require = __eksAuthLintCreateRequire(import.meta.url);" },
};
