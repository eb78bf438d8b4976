// Writes docs/rules.md, the catalog index, from the rules' own metadata.
// Usage: npx tsx scripts/gen-rule-docs.ts (test/docs.test.ts fails when the file is stale).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderRuleIndex } from '../src/docs/rule-index.js';

writeFileSync(join(import.meta.dirname, '..', 'docs', 'rules.md'), renderRuleIndex());
