import type { ScalarType } from '../source-node.js';

/**
 * Resolves a plain scalar the way gopkg.in/yaml.v2 does (YAML 1.1 with Go's number parsing).
 * The authenticator converts aws-auth text to JSON with that library, so `yes`, `on`, `0123`
 * and `12345` are not strings there, while the YAML 1.2 default of most tools says they are.
 */
const BOOLS = new Map<string, boolean>();
for (const t of ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']) BOOLS.set(t, true);
for (const f of ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']) BOOLS.set(f, false);
const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
const SPECIAL_FLOATS = new Set(['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF', '.nan', '.NaN', '.NAN']);
const DECIMAL = /^[-+]?[0-9][0-9_]*$/;
const HEX = /^[-+]?0x[0-9a-fA-F_]+$/;
const OCTAL_O = /^[-+]?0o[0-7_]+$/;
const BINARY = /^[-+]?0b[01_]+$/;
const FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

export interface Resolved {
  readonly type: ScalarType;
  readonly value: string | number | boolean | null;
  /** `.inf` and `.nan`: JSON cannot hold them, so the authenticator's conversion fails. */
  readonly nonFinite?: boolean;
}

export function resolvePlainYaml11(text: string): Resolved {
  const bool = BOOLS.get(text);
  if (bool !== undefined) return { type: 'bool', value: bool };
  if (NULLS.has(text)) return { type: 'null', value: null };
  if (SPECIAL_FLOATS.has(text)) return { type: 'float', value: text.includes('nan') || text.includes('NaN') || text.includes('NAN') ? Number.NaN : Number.POSITIVE_INFINITY, nonFinite: true };
  const plain = text.replaceAll('_', '');
  if (DECIMAL.test(text)) {
    const negative = plain.startsWith('-');
    const digits = plain.replace(/^[-+]/, '');
    // Go's strconv with base 0 reads a leading 0 as octal.
    const magnitude = digits.length > 1 && digits.startsWith('0') ? parseIntStrict(digits.slice(1), 8) : Number(digits);
    if (magnitude !== undefined && !Number.isNaN(magnitude)) return { type: 'int', value: negative ? -magnitude : magnitude };
  }
  if (HEX.test(text)) return signed(plain, 16, 2);
  if (OCTAL_O.test(text)) return signed(plain, 8, 2);
  if (BINARY.test(text)) return signed(plain, 2, 2);
  if (FLOAT.test(plain)) return { type: 'float', value: Number(plain) };
  return { type: 'string', value: text };
}

function signed(text: string, radix: number, prefixLength: number): Resolved {
  const negative = text.startsWith('-');
  const body = text.replace(/^[-+]/, '').slice(prefixLength);
  const magnitude = parseIntStrict(body, radix);
  if (magnitude === undefined) return { type: 'string', value: text };
  return { type: 'int', value: negative ? -magnitude : magnitude };
}

function parseIntStrict(digits: string, radix: number): number | undefined {
  if (digits.length === 0) return 0;
  const valid = radix === 8 ? /^[0-7]+$/ : radix === 2 ? /^[01]+$/ : radix === 16 ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/;
  return valid.test(digits) ? Number.parseInt(digits, radix) : undefined;
}
