import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AjvModule, { type ErrorObject } from 'ajv-draft-04';
import formatsModule from 'ajv-formats';

const SCHEMA = join(import.meta.dirname, '..', '..', '..', 'shared', 'sarif', 'sarif-schema-2.1.0.oasis-draft04.json');
// CommonJS packages: Node hands over module.exports, vite the default export; accept both.
const Ajv = 'default' in AjvModule ? AjvModule.default : AjvModule;
const addFormats = 'default' in formatsModule ? formatsModule.default : formatsModule;

let compiled: ReturnType<InstanceType<typeof Ajv>['compile']> | undefined;

/** Violations of the official SARIF 2.1.0 schema (OASIS, draft-04) by a SARIF text; empty when it is valid. */
export function sarifSchemaErrors(text: string): ErrorObject[] {
  if (compiled === undefined) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    compiled = ajv.compile(JSON.parse(readFileSync(SCHEMA, 'utf8')) as object);
  }
  const valid = compiled(JSON.parse(text));
  return valid ? [] : [...(compiled.errors ?? [])];
}
