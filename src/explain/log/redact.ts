import { parseArn } from '../../arn.js';
import type { LogExplanation } from './explain-log.js';
import type { LogIdentity } from './identity.js';

/** What a placeholder stands for: `<account-1>`, `<key-1>`, `<session-1>`, `<ip-1>`, `<email-1>`. */
export type SecretKind = 'account' | 'key' | 'session' | 'ip' | 'email';

interface Secret {
  readonly kind: SecretKind;
  /** Two spellings of one value (a session name and its `{{SessionName}}` form) share this key, so one placeholder. */
  readonly key: string;
}

/** A token known from the log: one secret, or text around secrets (a username rendered from a session name). */
type Known = readonly (string | Secret)[];

/** Characters of one word of the output: STS allows exactly these in session names (`[\w+=,.@-]`). */
const WORD = String.raw`[\w+=,.@-]+`;
const HEX = '[0-9A-Fa-f]{1,4}';
const IPV6 = String.raw`(?<![\w:.])(?:${HEX}(?::${HEX}){7}|(?:${HEX}(?::${HEX}){0,6})?::(?:${HEX}(?::${HEX}){0,6})?)(?![\w:])`;
/** An assumed-role or federated-user ARN names its session after the role: redacted even when the log did not name it. */
const SCAN = new RegExp(String.raw`(assumed-role/)(${WORD})/(${WORD})|(federated-user/)(${WORD})|(${IPV6})|(${WORD})`, 'g');

const OCTET = String.raw`(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)`;
/**
 * Inside one word: account ids, access key ids, EC2 private DNS names (`ip-10-0-1-2`), IPv4 addresses, e-mail
 * addresses. A UUID (an STS RequestId) is matched first and kept: its last group may be twelve digits.
 */
const INNER = new RegExp(
  [
    '[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}(?![0-9A-Za-z])',
    String.raw`(?<![0-9A-Za-z])(\d{12})(?![0-9A-Za-z])`,
    String.raw`(?<![0-9A-Z])((?:AKIA|ASIA)[0-9A-Z]{12,})(?![0-9A-Z])`,
    String.raw`(?<![0-9A-Za-z])ip-(${OCTET})-(${OCTET})-(${OCTET})-(${OCTET})(?![0-9])`,
    String.raw`(?<![\d.])(${OCTET}(?:\.${OCTET}){3})(?!\d|\.\d)`,
    String.raw`(?<![\w+.-])([\w+.-]+@[\w-]+(?:\.[\w-]+)+)`,
  ].join('|'),
  'g',
);

/** Every pattern of INNER needs one of these: most words of the output are skipped at this cost. */
const MAY_HOLD_SECRET = /[\d@]|AKIA|ASIA/;

/** Bounds the memory of the caches over inputs where most words are unique (times, ports, sessions). */
const MAX_REMEMBERED_WORDS = 100_000;

/** JSON fields whose values come from a fixed vocabulary: a session named `error` must not rename a level. */
const VOCABULARY_KEYS = new Set(['class', 'level', 'kind', 'shape', 'outcome', 'carrier', 'authMode', 'authModeSource', 'via', 'scope', 'entryType']);

/**
 * `explain --log --redact`: replaces account ids, access key ids, session names (and usernames or groups
 * rendered from them), IP and e-mail addresses by placeholders numbered in order of first appearance, so
 * one value keeps one placeholder across the whole output. Role and user names, clusters, files and the
 * explanation's words stay. Values the log names are found wherever they stand as a whole word; the
 * others by their shape.
 */
export class Redactor {
  private readonly known = new Map<string, Known>();
  private readonly numbers = new Map<SecretKind, Map<string, number>>();
  /** Words already redacted: a log repeats most of its words, and a word's placeholders never change once given. */
  private readonly words = new Map<string, string>();
  private readonly strings = new Map<string, string>();

  constructor(result: LogExplanation) {
    for (const event of result.events) this.learnIdentity(event.identity);
    for (const identity of result.identities) {
      for (const session of identity.sessionNames) this.learnSession(session);
      for (const account of identity.accountIds) this.learn(account, { kind: 'account', key: account });
      for (const key of identity.accessKeyIds) this.learn(key, { kind: 'key', key });
    }
  }

  /** Redacts one text: the whole text output, or one string of the JSON document. */
  readonly text = (text: string): string => {
    // A loop over the matches rather than `replace` with a callback: a third of the time on large logs.
    const scan = new RegExp(SCAN);
    const parts: string[] = [];
    let from = 0;
    for (let match = scan.exec(text); match !== null; match = scan.exec(text)) {
      parts.push(text.slice(from, match.index), this.redactMatch(match));
      from = scan.lastIndex;
    }
    parts.push(text.slice(from));
    return parts.join('');
  };

  /** A `JSON.stringify` replacer that redacts every string value but those of a fixed vocabulary. */
  readonly json = (key: string, value: unknown): unknown => {
    if (typeof value !== 'string' || VOCABULARY_KEYS.has(key)) return value;
    // Each event repeats its class's title, meaning and next steps: redacted once.
    const done = this.strings.get(value);
    if (done !== undefined) return done;
    const redacted = this.text(value);
    if (this.strings.size < MAX_REMEMBERED_WORDS) this.strings.set(value, redacted);
    return redacted;
  };

  private redactMatch([match, assumed, role, session, federated, name, ipv6, word]: RegExpExecArray): string {
    if (assumed !== undefined && role !== undefined && session !== undefined) return `${assumed}${this.word(role)}/${this.session(session)}`;
    if (federated !== undefined && name !== undefined) return `${federated}${this.session(name)}`;
    if (ipv6 !== undefined) return ipv6 === '::' ? ipv6 : this.placeholder({ kind: 'ip', key: ipv6.toLowerCase() });
    return word === undefined ? match : this.word(word);
  }

  private learnIdentity(identity: LogIdentity): void {
    const { sessionName, accountId, accessKeyId, arn } = identity;
    if (accountId !== undefined) this.learn(accountId, { kind: 'account', key: accountId });
    if (accessKeyId !== undefined) this.learn(accessKeyId, { kind: 'key', key: accessKeyId });
    // A federated user's name plays the part of a session name (reference client-side.md §5).
    const parsed = arn === undefined ? undefined : parseArn(arn);
    if (parsed?.kind === 'federated-user' && parsed.name !== '') this.learnSession(parsed.name);
    if (sessionName === undefined) return;
    this.learnSession(sessionName);
    // Usernames and groups rendered from `{{SessionName}}` (every `@` made `-`) or `{{SessionNameRaw}}`.
    for (const rendered of [identity.username, ...(identity.groups ?? [])]) {
      if (rendered === undefined) continue;
      for (const token of rendered.split(/[^\w+=,.@-]+/)) this.learnRendered(token, sessionName);
    }
  }

  private learnSession(session: string): void {
    const secret: Secret = { kind: 'session', key: session };
    this.learn(session, secret);
    this.learn(session.replaceAll('@', '-'), secret);
  }

  private learnRendered(token: string, session: string): void {
    if (this.known.has(token)) return;
    for (const spelling of new Set([session, session.replaceAll('@', '-')])) {
      if (!token.includes(spelling)) continue;
      const secret: Secret = { kind: 'session', key: session };
      const parts = token.split(spelling);
      this.known.set(token, parts.flatMap((part, index) => (index === 0 ? [part] : [secret, part])));
      return;
    }
  }

  private learn(value: string, secret: Secret): void {
    if (value !== '' && !this.known.has(value)) this.known.set(value, [secret]);
  }

  /** One word of the output (no spaces, quotes, colons or slashes in it). */
  private word(word: string): string {
    const done = this.words.get(word);
    if (done !== undefined) return done;
    const redacted = this.redactWord(word);
    if (this.words.size < MAX_REMEMBERED_WORDS) this.words.set(word, redacted);
    return redacted;
  }

  private redactWord(word: string): string {
    const known = this.known.get(word);
    if (known !== undefined) return known.map((part) => (typeof part === 'string' ? this.inner(part) : this.placeholder(part))).join('');
    // A word at the end of a sentence or list carries its punctuation.
    const bare = /[.,]$/.test(word) ? /^(.*?)([.,]+)$/s.exec(word) : null;
    if (bare?.[1] !== undefined && bare[2] !== undefined && bare[1] !== '') return `${this.word(bare[1])}${bare[2]}`;
    // `session=alice` in a log line, `a,b` in a list.
    const separator = /[=,]/.exec(word);
    if (separator !== null) return `${this.word(word.slice(0, separator.index))}${separator[0]}${this.word(word.slice(separator.index + 1))}`;
    return MAY_HOLD_SECRET.test(word) ? this.inner(word) : word;
  }

  private session(session: string): string {
    const known = this.known.get(session);
    if (known !== undefined) return this.word(session);
    const bare = /^(.*?)([.,]+)$/s.exec(session);
    if (bare?.[1] !== undefined && bare[2] !== undefined && bare[1] !== '') return `${this.session(bare[1])}${bare[2]}`;
    // `assumed-role/NAME/SESSION` in the explanation's own advice is a placeholder already.
    if (/^[A-Z_]+$/.test(session)) return session;
    return this.placeholder({ kind: 'session', key: session });
  }

  private inner(text: string): string {
    return text.replace(INNER, (match, account: string | undefined, key: string | undefined, a: string | undefined, b: string | undefined, c: string | undefined, d: string | undefined, ipv4: string | undefined, email: string | undefined) => {
      if (account !== undefined) return this.placeholder({ kind: 'account', key: account });
      if (key !== undefined) return this.placeholder({ kind: 'key', key });
      if (a !== undefined && b !== undefined && c !== undefined && d !== undefined) return `ip-${this.placeholder({ kind: 'ip', key: [a, b, c, d].join('.') })}`;
      if (ipv4 !== undefined) return this.placeholder({ kind: 'ip', key: ipv4 });
      if (email !== undefined) return this.known.has(email) ? this.word(email) : this.placeholder({ kind: 'email', key: email });
      return match;
    });
  }

  private placeholder(secret: Secret): string {
    let numbers = this.numbers.get(secret.kind);
    if (numbers === undefined) {
      numbers = new Map();
      this.numbers.set(secret.kind, numbers);
    }
    let number = numbers.get(secret.key);
    if (number === undefined) {
      number = numbers.size + 1;
      numbers.set(secret.key, number);
    }
    return `<${secret.kind}-${String(number)}>`;
  }
}
