import { describe, expect, it } from 'vitest';
import { LOG_CLASSES } from '../src/explain/log/classes.js';
import { explainLog } from '../src/explain/log/explain-log.js';
import { logJsonChunks, renderLogJson } from '../src/explain/log/render-json.js';
import { collapseDetails, renderLogText } from '../src/explain/log/render-text.js';

const pad = (n: number) => String(n).padStart(2, '0');
/** A time `i` seconds after 09:00:00, as logrus writes it. */
const at = (i: number) => `2026-03-02T${pad(9 + Math.floor(i / 3600))}:${pad(Math.floor(i / 60) % 60)}:${pad(i % 60)}Z`;

const expired = (i: number) =>
  `time="${at(i)}" level=warning msg="access denied" client="127.0.0.1:${String(40000 + (i % 20000))}" error="input token was not properly formatted: X-Amz-Date parameter is expired (15 minute expiration) 2026-03-02 08:${pad(Math.floor(i / 60) % 60)}:${pad(i % 60)} +0000 UTC" method=POST path=/authenticate`;
const stsResponse = (i: number, role: string) =>
  `time="${at(i)}" level=info msg="STS response" accesskeyid=ASIAEXAMPLE${String(i).padStart(9, '0')} accountid=111122223333 arn="arn:aws:sts::111122223333:assumed-role/${role}/botocore-session-${String(1772442843 + i)}" client="127.0.0.1:${String(40000 + (i % 20000))}" method=POST path=/authenticate session=botocore-session-${String(1772442843 + i)} stsendpoint=sts.eu-west-1.amazonaws.com userid="AROAEXAMPLE:botocore-session-${String(1772442843 + i)}"`;
const notMapped = (i: number, role: string) =>
  `time="${at(i)}" level=warning msg="access denied" arn="arn:aws:iam::111122223333:role/${role}" client="127.0.0.1:${String(40000 + (i % 20000))}" error="identity is not mapped" method=POST path=/authenticate`;
const granted = (i: number, user: string) =>
  `time="${at(i)}" level=info msg="access granted" arn="arn:aws:iam::111122223333:user/${user}" client="127.0.0.1:${String(40000 + (i % 20000))}" groups="[viewers]" method=POST path=/authenticate username=${user}`;

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('text output for many lines', () => {
  it('says 1,000 lines of one failure in a few lines', () => {
    const text = renderLogText(explainLog(range(1000).map(expired).join('\n')));
    expect(text.split('\n').length).toBeLessThan(15);
    expect(text).toContain('  error   token expired x1000 (lines 1-1000) [log-token-expired]\n');
    expect(text).toContain('    - signed at 2026-03-02 08:00:00 +0000 UTC\n    - … 998 more like this …\n    - signed at 2026-03-02 08:16:39 +0000 UTC\n');
    expect(text.endsWith('1000 failures in 1000 events from 1 caller: log-token-expired 1000.\n')).toBe(true);
  });

  it('keeps a role assumed in 1,000 sessions to one block with a few of its session ARNs', () => {
    const lines = range(1000).flatMap((i) => [stsResponse(i, 'ci'), notMapped(i, 'ci')]);
    const text = renderLogText(explainLog(lines.join('\n')));
    expect(text.split('\n').length).toBeLessThan(20);
    expect(text).toContain('  error   identity not mapped x1000 (lines 1-2000) [log-not-mapped]\n');
    expect(text).toMatch(/\n {2}as arn:aws:sts::111122223333:assumed-role\/ci\/botocore-session-1772442843, [^,]+, [^,]+ and 997 more; access key ASIAEXAMPLE000000000 \(temporary credentials\); /);
    expect(text).toContain('; 997 more access keys; STS sts.eu-west-1.amazonaws.com\n');
    expect(text).toContain('    - … 998 more like this …\n');
  });

  it('gives a class its meaning and next steps once, at its first entry', () => {
    const text = renderLogText(explainLog(['a', 'b', 'c'].map((role, i) => notMapped(i, role)).join('\n')));
    expect(text.split(LOG_CLASSES['log-not-mapped'].meaning).length).toBe(2);
    expect(text.split(LOG_CLASSES['log-not-mapped'].next[0]).length).toBe(2);
    expect(text.match(/\[log-not-mapped\]/g)).toHaveLength(3);
  });

  it('lists callers with a failure first and counts the many callers without one', () => {
    const lines = [...range(15).map((i) => granted(i, `user${String(i)}`)), notMapped(20, 'late')];
    const result = explainLog(lines.join('\n'));
    const text = renderLogText(result);
    const blocks = text.split('\n\n').slice(1, -1).map((block) => block.split('\n')[0]);
    expect(blocks[0]).toBe('arn:aws:iam::111122223333:role/late');
    expect(blocks.slice(1, 11)).toEqual(range(10).map((i) => `arn:aws:iam::111122223333:user/user${String(i)}`));
    expect(blocks[11]).toBe('5 more callers without a failure (--format json lists them).');
    const json = JSON.parse(renderLogJson(result)) as { identities: unknown[] };
    expect(json.identities).toHaveLength(16);
  });

  it('cuts long lists of line references into ranges', () => {
    const lines = [...range(3).map((i) => notMapped(i, 'a')), granted(3, 'x'), ...range(9).map((i) => notMapped(4 + 2 * i, 'a') + '\n')];
    const text = renderLogText(explainLog(lines.join('\n')));
    expect(text).toContain('identity not mapped x12 (lines 1-3, 5, 7, 9, 11, 13, 15, 17, +2 more) [log-not-mapped]');
  });

  it('reads 100,000 lines and still answers in a bounded number of lines', () => {
    const lines = range(100_000).map((i) => (i % 4 === 0 ? stsResponse(i, `role${String(i % 40)}`) : i % 4 === 1 ? notMapped(i - 1, `role${String((i - 1) % 40)}`) : i % 4 === 2 ? expired(i) : 'error: You must be logged in to the server (Unauthorized)'));
    const result = explainLog(lines.join('\n'));
    expect(result.records).toBe(100_000);
    expect(result.counts.map((count) => [count.classId, count.events, count.lines])).toEqual([
      ['log-not-mapped', 25_000, 50_000],
      ['log-token-expired', 25_000, 25_000],
      ['client-unauthorized', 25_000, 25_000],
    ]);
    expect(result.identities).toHaveLength(12);
    expect(renderLogText(result).split('\n').length).toBeLessThan(150);
  });
});

describe('JSON output', () => {
  it('is written piece by piece, yet reads exactly as JSON.stringify with two spaces', () => {
    const inputs = ['', 'NAME READY', [stsResponse(0, 'ci'), notMapped(0, 'ci'), expired(1), granted(2, 'u'), 'error: You must be logged in to the server (Unauthorized)'].join('\n')];
    for (const input of inputs) {
      const result = explainLog(input);
      const chunks = [...logJsonChunks(result)];
      const text = chunks.join('');
      expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
      expect(renderLogJson(result)).toBe(text);
      expect(chunks.length).toBeGreaterThanOrEqual(6 + result.events.length + result.identities.length);
    }
  });
});

describe('collapseDetails', () => {
  it('keeps distinct details, and shows a large family of details that differ in digits by its ends', () => {
    expect(collapseDetails(['a 1', 'b', 'a 1', 'a 2', 'a 3'])).toEqual(['a 1', 'a 2', 'a 3', 'b']);
    expect(collapseDetails(['a 1', 'b', 'a 2', 'a 3', 'a 4'])).toEqual(['a 1', '… 2 more like this …', 'a 4', 'b']);
    expect(collapseDetails(range(12).map((i) => String.fromCharCode(97 + i)))).toEqual([...'abcdefgh'.split(''), 'and 4 more']);
  });
});
