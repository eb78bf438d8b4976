import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeLog, MAX_LOG_BYTES } from '../src/explain/log/decode.js';
import { parseLogfmt } from '../src/explain/log/logfmt.js';
import { parseLog, type LogRecord } from '../src/explain/log/parse.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'explain-log');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const fields = (record: LogRecord | undefined) => Object.fromEntries(record?.fields ?? []);

/** Go `%q` of a string, as logrus writes a value that needs quoting. */
function goQuote(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

const DENIED = 'time="2026-03-02T09:14:03Z" level=warning msg="access denied" arn="arn:aws:iam::111122223333:role/dev" client="127.0.0.1:50412" error="identity is not mapped" method=POST path=/authenticate';

describe('logrus key=value lines', () => {
  it('reads bare and quoted values in any key order', () => {
    const line = parseLogfmt('path=/authenticate level=warning msg="access denied" client="127.0.0.1:1" method=POST');
    expect(Object.fromEntries(line.fields)).toEqual({ path: '/authenticate', level: 'warning', msg: 'access denied', client: '127.0.0.1:1', method: 'POST' });
    expect(line.truncated).toBe(false);
  });

  it('decodes Go escapes in quoted values', () => {
    const line = parseLogfmt(String.raw`error="a \"quoted\" word, a back\\slash\nand a new line\t\u00e9\x41\101" next=1`);
    expect(line.fields.get('error')).toBe('a "quoted" word, a back\\slash\nand a new line\téAA');
    expect(line.fields.get('next')).toBe('1');
  });

  it('reads a JSON body escaped inside an error value', () => {
    const line = parseLogfmt(String.raw`error="error from AWS (expected 200, got 403). Body: {\"Error\":{\"Code\":\"SignatureDoesNotMatch\"}}" method=POST`);
    expect(line.fields.get('error')).toBe('error from AWS (expected 200, got 403). Body: {"Error":{"Code":"SignatureDoesNotMatch"}}');
  });

  it('keeps the complete pairs of a line cut inside a quoted value', () => {
    const line = parseLogfmt('level=warning msg="access denied" error="identity is no');
    expect(line.truncated).toBe(true);
    expect(line.fields.get('msg')).toBe('access denied');
    expect(line.fields.get('error')).toBe('identity is no');
  });

  it('flags a line cut inside an escape or a key', () => {
    expect(parseLogfmt('error="a \\').truncated).toBe(true);
    expect(parseLogfmt('error="a \\u00').fields.get('error')).toBe('a ');
    const cutKey = parseLogfmt('msg="access denied" meth');
    expect(cutKey.truncated).toBe(true);
    expect(cutKey.fields.has('meth')).toBe(false);
  });

  it('skips a stray word in the middle', () => {
    const line = parseLogfmt('level=info stray msg=ok');
    expect(Object.fromEntries(line.fields)).toEqual({ level: 'info', msg: 'ok' });
    expect(line.truncated).toBe(false);
  });

  it('reads back any value logrus quotes (property)', () => {
    const key = fc.stringMatching(/^[a-z][a-z0-9_]{0,9}$/);
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(key, fc.string({ unit: 'binary' })), { selector: ([k]) => k, maxLength: 6 }), (pairs) => {
        const line = pairs.map(([k, v]) => `${k}=${goQuote(v)}`).join(' ');
        const parsed = parseLogfmt(line);
        expect(parsed.truncated).toBe(false);
        expect(Object.fromEntries(parsed.fields)).toEqual(Object.fromEntries(pairs));
      }),
    );
  });

  it('keeps every complete pair of a cut line and never throws (property)', () => {
    const key = fc.stringMatching(/^[a-z][a-z0-9_]{0,9}$/);
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(key, fc.string()), { selector: ([k]) => k, minLength: 1, maxLength: 5 }), fc.nat(), (pairs, cutSeed) => {
        const encoded = pairs.map(([k, v]) => `${k}=${goQuote(v)}`);
        const line = encoded.join(' ');
        const cut = cutSeed % (line.length + 1);
        const parsed = parseLogfmt(line.slice(0, cut));
        let offset = 0;
        for (const [index, text] of encoded.entries()) {
          const pair = pairs[index];
          if (pair !== undefined && offset + text.length <= cut) expect(parsed.fields.get(pair[0])).toBe(pair[1]);
          offset += text.length + 1;
        }
      }),
    );
  });
});

describe('input shapes', () => {
  it('reads raw logrus lines', () => {
    const parsed = parseLog(`${DENIED}\n\n${DENIED.replace('50412', '50413')}\n`);
    expect(parsed.shape).toBe('text');
    expect(parsed.records.map((r) => [r.line, r.kind, r.truncated])).toEqual([[1, 'logrus', false], [3, 'logrus', false]]);
    expect(fields(parsed.records[0])).toMatchObject({ msg: 'access denied', arn: 'arn:aws:iam::111122223333:role/dev', error: 'identity is not mapped', path: '/authenticate' });
  });

  it('reads lines that start at level= (no time field)', () => {
    const parsed = parseLog('level=warning msg="access denied" client="127.0.0.1:55512" error="x" method=POST path=/authenticate');
    expect(parsed.records[0]?.kind).toBe('logrus');
    expect(fields(parsed.records[0])).toMatchObject({ level: 'warning', error: 'x' });
  });

  it('reads a leading console timestamp, on the same line or the line before', () => {
    const parsed = parseLog(`2020-06-14T14:12:39.465+07:00 ${DENIED}\n2020-06-14T14:13:00.000+07:00\n${DENIED}\n${DENIED}`);
    expect(parsed.records.map((r) => [r.line, r.timestamp])).toEqual([[1, '2020-06-14T14:12:39.465+07:00'], [3, '2020-06-14T14:13:00.000+07:00'], [4, undefined]]);
    expect(parsed.records[0]?.stream).toBeUndefined();
    expect(parsed.shape).toBe('text');
  });

  it('reads aws logs tail output, with or without colour codes', () => {
    const parsed = parseLog(fixture('aws-logs-tail.txt'));
    expect(parsed.shape).toBe('aws-logs-tail');
    expect(parsed.records.map((r) => [r.line, r.timestamp, r.stream])).toEqual([
      [1, '2026-03-02T09:22:57.000000+00:00', 'authenticator-0123456789abcdef0123456789abcdef'],
      [2, '2026-03-02T09:23:10.000000+00:00', 'authenticator-0123456789abcdef0123456789abcdef'],
    ]);
    expect(fields(parsed.records[1]).error).toBe('sts getCallerIdentity failed: error during GET: Get "https://sts.us-eest-1.amazonaws.com/?Action=GetCallerIdentity": dial tcp: lookup sts.us-eest-1.amazonaws.com: no such host on us-eest-1 endpoint');
  });

  it('reads aws logs filter-log-events JSON with stream names and event times', () => {
    const parsed = parseLog(fixture('filter-log-events.json'));
    expect(parsed.shape).toBe('filter-log-events');
    expect(parsed.records.map((r) => [r.event, r.line, r.timestamp, r.stream])).toEqual([
      [1, 6, '2026-03-02T09:14:03.512Z', 'authenticator-0123456789abcdef0123456789abcdef'],
      [2, 13, '2026-03-02T09:14:03.513Z', 'authenticator-0123456789abcdef0123456789abcdef'],
    ]);
    expect(fields(parsed.records[0])).toMatchObject({ msg: 'STS response', session: 'EKSGetTokenAuth', accesskeyid: 'ASIAEXAMPLEDEVOPS001' });
  });

  it('reads aws logs get-log-events JSON (no stream name)', () => {
    const parsed = parseLog(fixture('get-log-events.json'));
    expect(parsed.shape).toBe('get-log-events');
    expect(parsed.records.map((r) => [r.event, r.stream])).toEqual([[1, undefined], [2, undefined]]);
    expect(fields(parsed.records[0]).error).toBe('input token was not properly formatted: token is missing expected "k8s-aws-v1." prefix');
    expect(fields(parsed.records[1]).groups).toBe('[system:masters ops]');
  });

  it('reads Logs Insights get-query-results JSON through @message', () => {
    const parsed = parseLog(fixture('get-query-results.json'));
    expect(parsed.shape).toBe('get-query-results');
    expect(parsed.records.map((r) => [r.event, r.line, r.timestamp, r.stream])).toEqual([
      [1, 5, '2026-03-02 09:20:12.000', 'authenticator-0123456789abcdef0123456789abcdef'],
      [2, 11, '2026-03-02 09:21:00.000', undefined],
    ]);
    expect(fields(parsed.records[0]).error).toContain('"Code":"InvalidClientTokenId"');
  });

  it('reads a bare JSON array of events and of query rows', () => {
    const events = parseLog(JSON.stringify([{ timestamp: 0, message: DENIED }, { other: 1 }]));
    expect(events.shape).toBe('json-events');
    expect(events.records.map((r) => [r.event, r.timestamp])).toEqual([[1, '1970-01-01T00:00:00.000Z']]);
    const rows = parseLog(JSON.stringify([[{ field: '@message', value: DENIED }]]));
    expect(rows.shape).toBe('get-query-results');
    expect(rows.records).toHaveLength(1);
  });

  it('reads what it can of a cut JSON export', () => {
    const parsed = parseLog(fixture('cut-export.json'));
    expect(parsed.shape).toBe('json-partial');
    expect(parsed.records.map((r) => [r.event, r.line, r.truncated])).toEqual([[1, 6, false], [2, 13, true]]);
    expect(fields(parsed.records[1])).toMatchObject({ msg: 'access denied', arn: 'arn:aws:iam::111122223333:role/devops', error: 'Iden' });
  });

  it('reads a Logs Insights CSV export', () => {
    const parsed = parseLog(fixture('insights.csv'));
    expect(parsed.shape).toBe('csv');
    expect(parsed.records.map((r) => [r.event, r.line, r.timestamp])).toEqual([[1, 2, '2026-03-02 09:40:00.000']]);
    expect(fields(parsed.records[0])).toMatchObject({ arn: 'arn:aws:iam::111122223333:role/ci', error: 'ARN is not mapped' });
  });

  it('reads kubectl stderr as plain lines', () => {
    const parsed = parseLog(fixture('kubectl-stderr.txt'));
    expect(parsed.shape).toBe('text');
    expect(parsed.records.every((r) => r.kind === 'text')).toBe(true);
    expect(parsed.records.map((r) => r.line)).toEqual([1, 2, 3, 4, 5, 7, 8]);
    expect(parsed.records[3]?.message).toBe('error: exec plugin: invalid apiVersion "client.authentication.k8s.io/v1alpha1"');
  });

  it('falls back to lines when text that starts like JSON is not an export', () => {
    const parsed = parseLog(`[not json]\n${DENIED}`);
    expect(parsed.shape).toBe('text');
    expect(parsed.records.map((r) => r.kind)).toEqual(['text', 'logrus']);
  });

  it('strips a byte order mark and carriage returns', () => {
    const parsed = parseLog(`\ufeff${DENIED}\r\n${DENIED}\r\n`);
    expect(parsed.records.map((r) => fields(r).path)).toEqual(['/authenticate', '/authenticate']);
  });
});

describe('CloudWatch shapes as the tools write them', () => {
  const ESC = String.fromCharCode(27);
  const green = (text: string) => `${ESC}[32m${text}${ESC}[0m`;
  const cyan = (text: string) => `${ESC}[36m${text}${ESC}[0m`;

  it('reads aws logs tail --format short (time to the second, no stream), coloured or not', () => {
    const parsed = parseLog(`2026-03-02T09:14:03 ${DENIED}\n${green('2026-03-02T09:14:04')} ${DENIED}\n`);
    expect(parsed.shape).toBe('aws-logs-tail');
    expect(parsed.records.map((r) => [r.line, r.timestamp, r.stream, fields(r).error])).toEqual([
      [1, '2026-03-02T09:14:03', undefined, 'identity is not mapped'],
      [2, '2026-03-02T09:14:04', undefined, 'identity is not mapped'],
    ]);
  });

  it('reads aws logs tail --format detailed with colours, a local time zone and Windows line ends', () => {
    const parsed = parseLog(`${green('2026-03-02T10:14:03.512000+01:00')} ${cyan('authenticator-0123')} ${DENIED}\r\n${green('2026-03-02T10:14:04+01:00')} ${cyan('authenticator-0123')} ${DENIED}\r\n`);
    expect(parsed.shape).toBe('aws-logs-tail');
    expect(parsed.records.map((r) => [r.timestamp, r.stream, fields(r).path])).toEqual([
      ['2026-03-02T10:14:03.512000+01:00', 'authenticator-0123', '/authenticate'],
      ['2026-03-02T10:14:04+01:00', 'authenticator-0123', '/authenticate'],
    ]);
    expect(parsed.records.every((r) => !r.truncated)).toBe(true);
  });

  it('reads events[].message with a trailing newline, in a CRLF file', () => {
    const json = JSON.stringify({ events: [{ logStreamName: 'authenticator-0123', timestamp: 0, message: `${DENIED}\n` }, { logStreamName: 'authenticator-0123', timestamp: 1, message: `${DENIED}\r\n` }] }, null, 4);
    const parsed = parseLog(json.replace(/\n/g, '\r\n'));
    expect(parsed.shape).toBe('filter-log-events');
    expect(parsed.records.map((r) => [r.event, r.line, r.truncated, fields(r).path])).toEqual([[1, 6, false, '/authenticate'], [2, 11, false, '/authenticate']]);
  });

  it('reads Insights rows in any field order, with @log and @ptr', () => {
    const row = (message: string) => [{ field: '@log', value: '111122223333:/aws/eks/prod/cluster' }, { field: '@message', value: message }, { field: '@logStream', value: 'authenticator-0123' }, { field: '@timestamp', value: '2026-03-02 09:14:03.512' }, { field: '@ptr', value: 'Cm' }];
    const parsed = parseLog(JSON.stringify({ results: [row(DENIED), [{ field: '@ptr', value: 'Cn' }], row(`${DENIED}\n`)], statistics: { recordsMatched: 3 }, status: 'Complete' }));
    expect(parsed.shape).toBe('get-query-results');
    expect(parsed.records.map((r) => [r.event, r.timestamp, r.stream])).toEqual([[1, '2026-03-02 09:14:03.512', 'authenticator-0123'], [3, '2026-03-02 09:14:03.512', 'authenticator-0123']]);
  });

  it('reads a Logs Insights Markdown table, with an escaped pipe in a message', () => {
    const piped = DENIED.replace('identity is not mapped', 'a | b');
    const table = `| @timestamp | @message |\r\n|---|---|\r\n| 2026-03-02 09:14:03.512 | ${DENIED} |\r\n| 2026-03-02 09:14:04.000 | ${piped.replace('|', '\\|')} |\r\n`;
    const parsed = parseLog(table);
    expect(parsed.shape).toBe('markdown');
    expect(parsed.records.map((r) => [r.event, r.line, r.timestamp, fields(r).error])).toEqual([[1, 3, '2026-03-02 09:14:03.512', 'identity is not mapped'], [2, 4, '2026-03-02 09:14:04.000', 'a | b']]);
  });

  it('reads an ARN that contains a quote, in every shape', () => {
    const arn = 'arn:aws:iam::111122223333:role/we"ird\\name';
    const line = DENIED.replace('arn="arn:aws:iam::111122223333:role/dev"', `arn=${goQuote(arn)}`);
    const text = parseLog(line);
    const json = parseLog(JSON.stringify({ events: [{ logStreamName: 's', timestamp: 0, message: line }] }));
    const csv = parseLog(`"@timestamp","@message"\n"2026-03-02",${JSON.stringify(line).replace(/\\"/g, '""').replace(/\\\\/g, '\\')}\n`);
    const cut = parseLog(JSON.stringify({ events: [{ message: line }] }).slice(0, -3));
    for (const parsed of [text, json, csv, cut]) expect([parsed.shape, fields(parsed.records[0]).arn]).toEqual([parsed.shape, arn]);
    expect([text.shape, json.shape, csv.shape, cut.shape]).toEqual(['text', 'filter-log-events', 'csv', 'json-partial']);
  });
});

describe('log file bytes', () => {
  it('reads files larger than the 16 MiB configuration limit', () => {
    expect(MAX_LOG_BYTES).toBeGreaterThanOrEqual(100_000 * 1024);
    expect(decodeLog(new Uint8Array(MAX_LOG_BYTES + 1))).toMatchObject({ ok: false, reason: expect.stringContaining('MiB limit for a log') as string });
  });

  it('reads a file cut inside a multi-byte character instead of refusing it', () => {
    const bytes = new TextEncoder().encode(`${DENIED}\n${DENIED.replace('/dev', '/jos\u00e9')}`);
    const accent = bytes.lastIndexOf(0xc3);
    const decoded = decodeLog(bytes.subarray(0, accent + 1));
    expect(decoded.ok).toBe(true);
    const parsed = parseLog(decoded.ok ? decoded.text : '');
    expect(parsed.records.map((r) => r.truncated)).toEqual([false, true]);
    expect(fields(parsed.records[1]).arn).toBe('arn:aws:iam::111122223333:role/jos\ufffd');
  });

  it('reads UTF-16 as Windows PowerShell redirection writes it, and refuses NUL bytes', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(DENIED, 'utf16le')]);
    expect(decodeLog(utf16)).toEqual({ ok: true, text: DENIED });
    expect(decodeLog(Buffer.from('time\u0000x'))).toEqual({ ok: false, reason: 'binary file (contains NUL bytes)' });
  });
});

describe('lines cut in the middle', () => {
  it('flags a request line that ends before path=/authenticate', () => {
    const cut = parseLog('time="2026-03-02T09:31:12Z" level=warning msg="access denied" arn="arn:aws:iam::111122223333:role/oncall" client="127.0.0.1:50999" error="identity is not mapped" meth');
    expect(cut.records[0]?.truncated).toBe(true);
    expect(fields(cut.records[0]).error).toBe('identity is not mapped');
    expect(parseLog(DENIED.replace('path=/authenticate', 'path=/auth')).records[0]?.truncated).toBe(true);
    expect(parseLog(DENIED).records[0]?.truncated).toBe(false);
  });

  it('does not flag lines that are not requests', () => {
    expect(parseLog('time="2026-03-02T09:00:00Z" level=info msg="listening on https://127.0.0.1:21362/authenticate"').records[0]?.truncated).toBe(false);
  });

  it('flags a line cut before msg', () => {
    const record = parseLog('time="2026-03-02T09:31:12Z" level=warn').records[0];
    expect(record?.kind).toBe('logrus');
    expect(record?.truncated).toBe(true);
  });

  it('never throws on any prefix of a real line or export (property)', () => {
    const inputs = [DENIED, fixture('filter-log-events.json'), fixture('get-query-results.json'), fixture('aws-logs-tail.txt'), fixture('insights.csv')];
    fc.assert(
      fc.property(fc.constantFrom(...inputs), fc.nat(), (input, seed) => {
        const parsed = parseLog(input.slice(0, seed % (input.length + 1)));
        for (const record of parsed.records) expect(record.line).toBeGreaterThan(0);
      }),
    );
  });

  it('never throws on arbitrary text (property)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => {
      expect(() => parseLog(text)).not.toThrow();
    }));
  });
});
