// Entry point of the GitHub Action (bundled into action/index.js by scripts/bundle-action.mjs).
import { escapeData } from '../report/github.js';
import { run } from './run.js';

run(process.env, (text) => process.stdout.write(text)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stdout.write(`::error::${escapeData(`eks-auth-lint: internal error: ${error instanceof Error ? error.message : String(error)}`)}\n`);
    process.exitCode = 2;
  },
);
