// Prints what one rule (or all rules) reports for a file, one line per finding, as a fixture author
// needs it: `LINE:COL-ENDLINE:ENDCOL rule message`. Usage: npx tsx scripts/show-findings.ts FILE [RULE]
import { readFileSync } from 'node:fs';
import { rules } from '../rules/index.js';
import { runEngine } from '../src/engine.js';

const [file, ruleId] = process.argv.slice(2);
if (file === undefined) throw new Error('usage: show-findings FILE [RULE]');
const selected = ruleId === undefined ? rules : rules.filter((r) => r.id === ruleId);
const result = runEngine([{ path: file, content: readFileSync(file), explicit: true }], { rules: selected });
for (const f of result.findings) {
  console.log(`${f.span.start.line}:${f.span.start.column}-${f.span.end.line}:${f.span.end.column} ${f.ruleId} ${f.message}`);
}
