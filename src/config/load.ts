import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { validateConfig } from '../../generated/validators.js';
import { rules as catalog } from '../../rules/index.js';
import type { RuleSetting } from '../engine.js';
import type { AuthMode } from '../model.js';
import type { SourceNode } from '../source-node.js';
import { LineIndex, type Span } from '../span.js';
import { closest } from '../util/suggest.js';
import { loadYaml } from '../yaml/load.js';

export type FailOn = 'error' | 'warning' | 'note' | 'none';

/** A configuration file, read and validated. Paths in it are relative to `directory`. */
export interface Config {
  /** Absolute path of the file. */
  readonly file: string;
  /** Absolute path of its directory, the base of `ignorePatterns` and cluster directories. */
  readonly directory: string;
  readonly rules: Readonly<Record<string, RuleSetting>>;
  readonly ignorePatterns: readonly string[];
  readonly failOn?: FailOn;
  readonly clusters: readonly { readonly directory: string; readonly authenticationMode: AuthMode }[];
}

/** An unreadable or invalid configuration file; the message is one line, `file:line:column: problem`. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const TOP_KEYS = ['rules', 'ignorePatterns', 'failOn', 'clusters'];
const CLUSTER_KEYS = ['directory', 'authenticationMode'];

/** Reads a configuration file (YAML or JSON). `display` is the name messages use. */
export function loadConfig(path: string, display: string = path): Config {
  const file = resolve(path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`${display}: cannot read the configuration file (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return parseConfig(text, file, display);
}

/** Parses and validates configuration text. */
export function parseConfig(text: string, file: string, display: string): Config {
  const lines = new LineIndex(display, text);
  const fail = (span: Span, message: string): never => {
    throw new ConfigError(`${display}:${span.start.line}:${span.start.column}: ${message}`);
  };
  const documents = loadYaml(text, (start, end) => lines.span(start, end));
  for (const document of documents) {
    const problem = document.errors[0] ?? document.strictProblems[0];
    if (problem !== undefined) fail(problem.span, `invalid ${/\.json$/i.test(file) ? 'JSON' : 'YAML'}: ${problem.message}`);
  }
  if (documents.length > 1) fail(lines.span(documents[1]?.markerOffset ?? 0, 0), 'a configuration file holds one document');
  const root = documents[0]?.root ?? null;
  const nodes = new Map<string, SourceNode>();
  const instance = root === null ? {} : toInstance(root, '', nodes);
  if (!validateConfig(instance)) {
    const error = validateConfig.errors?.[0];
    const node = nodes.get(error?.instancePath ?? '') ?? root;
    const span = node?.span ?? lines.span(0, 0);
    const where = error === undefined || error.instancePath === '' ? '' : `${error.instancePath.slice(1).replace(/\//g, '.')}: `;
    const params = error?.params ?? {};
    if (error?.keyword === 'additionalProperties' && node?.kind === 'map') {
      const key = String(params.additionalProperty);
      const entry = node.entries.find((e) => e.key === key);
      const known = error.instancePath === '' ? TOP_KEYS : CLUSTER_KEYS;
      const suggestion = closest(key, known);
      fail(entry?.keySpan ?? span, `${where}unknown key "${key}"${suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`}; known keys: ${known.join(', ')}`);
    }
    if (error?.keyword === 'enum') {
      fail(span, `${where}must be one of ${(params.allowedValues as unknown[]).map(String).join(', ')}`);
    }
    fail(span, `${where}${error?.message ?? 'is invalid'}`);
  }
  const config = instance as { rules?: Record<string, RuleSetting>; ignorePatterns?: string[]; failOn?: FailOn; clusters?: Config['clusters'] };
  const ids = catalog.map((r) => r.id);
  const rulesNode = root?.kind === 'map' ? root.entries.findLast((e) => e.key === 'rules')?.value : undefined;
  for (const id of Object.keys(config.rules ?? {})) {
    if (ids.includes(id)) continue;
    const keySpan = rulesNode?.kind === 'map' ? rulesNode.entries.find((e) => e.key === id)?.keySpan : undefined;
    const suggestion = closest(id, ids);
    fail(keySpan ?? root?.span ?? lines.span(0, 0), `rules: unknown rule id "${id}"${suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`}`);
  }
  return {
    file,
    directory: dirname(file),
    rules: config.rules ?? {},
    ignorePatterns: config.ignorePatterns ?? [],
    ...(config.failOn === undefined ? {} : { failOn: config.failOn }),
    clusters: config.clusters ?? [],
  };
}

/** The plain value of a node, recording each JSON pointer's node to locate schema errors. */
function toInstance(node: SourceNode, pointer: string, nodes: Map<string, SourceNode>): unknown {
  nodes.set(pointer, node);
  switch (node.kind) {
    case 'scalar':
      // The YAML 1.1 booleans on, off, yes, no are plain words here: `rule-id: off` means off.
      return node.type === 'bool' && node.style === 'plain' && !/^(true|false)$/i.test(node.text) ? node.text : node.value;
    case 'opaque':
      return null;
    case 'seq':
      return node.items.map((item, i) => toInstance(item, `${pointer}/${i}`, nodes));
    case 'map': {
      const object: Record<string, unknown> = {};
      for (const entry of node.entries) object[entry.key] = toInstance(entry.value, `${pointer}/${escapePointer(entry.key)}`, nodes);
      return object;
    }
  }
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}
