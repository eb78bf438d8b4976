import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explainLogMain } from '../src/explain/log/cli.js';
import { explainLog } from '../src/explain/log/explain-log.js';
import { Redactor } from '../src/explain/log/redact.js';
import { renderLogJson } from '../src/explain/log/render-json.js';

const ROOT = join(import.meta.dirname, '..');
const CLI = join(ROOT, 'dist', 'src', 'cli.js');

// Every value below must be absent from redacted output, in both formats.
const ACCOUNT = '382910475616';
const OTHER_ACCOUNT = '907654321098';
const KEY_SSO = 'ASIAQ3EGXK7NB2VWYZ4P';
const KEY_RUNNER = 'ASIAM5HZ2QX8JR4KWT7C';
const KEY_NODE = 'ASIAZ8N4PK2MV6RTQ1LX';
const KEY_USER = 'AKIAR7TLMW2QJ5XHDC9E';
const KEY_FEDERATED = 'ASIAV2CN9XW4HB7QLM3D';
const SESSION_SSO = 'maria.kowalska@example.org';
/** What `{{SessionName}}` renders for it: every `@` made `-`. */
const SESSION_SSO_RENDERED = 'maria.kowalska-example.org';
const SESSION_RUNNER = 'botocore-session-1780123456';
const SESSION_NODE = 'i-0f9e8d7c6b5a43210';
const SESSION_RELEASE = 'deploy=prod,team-ozone';
const FEDERATED_NAME = 'contractor-vlad';
/** Only in the scanned aws-auth (an assumed-role ARN pasted there), never in the log. */
const FILE_SESSION = 'oleksandr.h@example.net';
const CLIENT_IP = '10.24.181.7';
const NODE_IP = '10.24.96.213';
const NODE_DNS_IP = 'ip-10-24-96-213';
const CLIENT_IPV6 = '2001:db8:5::a17';

const ORIGINALS = [
  ACCOUNT, OTHER_ACCOUNT, KEY_SSO, KEY_RUNNER, KEY_NODE, KEY_USER, KEY_FEDERATED, SESSION_SSO, SESSION_SSO_RENDERED, SESSION_RUNNER,
  SESSION_NODE, SESSION_RELEASE, 'team-ozone', FEDERATED_NAME, FILE_SESSION, CLIENT_IP, NODE_IP, NODE_DNS_IP, CLIENT_IPV6,
];

const SSO_ROLE = 'AWSReservedSSO_Admin_abcdef0123456789';
const request = 'method=POST path=/authenticate';

/** A log that names every kind of value `--redact` replaces, several of them more than once. */
const RICH_LOG = [
  `time="2026-03-02T09:00:01Z" level=info msg="STS response" accesskeyid=${KEY_SSO} accountid=${ACCOUNT} arn="arn:aws:sts::${ACCOUNT}:assumed-role/${SSO_ROLE}/${SESSION_SSO}" client="${CLIENT_IP}:50001" ${request} session="${SESSION_SSO}" stsendpoint=sts.eu-west-1.amazonaws.com userid="AROAEXAMPLESSO000001:${SESSION_SSO}"`,
  `time="2026-03-02T09:00:01Z" level=info msg="access granted" arn="arn:aws:iam::${ACCOUNT}:role/${SSO_ROLE}" client="${CLIENT_IP}:50001" groups="[team:${SESSION_SSO} viewers]" ${request} stsendpoint=sts.eu-west-1.amazonaws.com uid="aws-iam-authenticator:${ACCOUNT}:AROAEXAMPLESSO000001" username="sso-${SESSION_SSO_RENDERED}"`,
  `time="2026-03-02T09:01:00Z" level=info msg="STS response" accesskeyid=${KEY_RUNNER} accountid=${OTHER_ACCOUNT} arn="arn:aws:sts::${OTHER_ACCOUNT}:assumed-role/deployer/${SESSION_RUNNER}" client="[${CLIENT_IPV6}]:51111" ${request} session=${SESSION_RUNNER} stsendpoint=sts.eu-west-1.amazonaws.com userid="AROAEXAMPLEDEPLOYER1:${SESSION_RUNNER}"`,
  `time="2026-03-02T09:01:00Z" level=warning msg="access denied" arn="arn:aws:iam::${OTHER_ACCOUNT}:role/deployer" client="[${CLIENT_IPV6}]:51111" error="identity is not mapped" ${request}`,
  `time="2026-03-02T09:02:00Z" level=info msg="STS response" accesskeyid=${KEY_NODE} accountid=${ACCOUNT} arn="arn:aws:sts::${ACCOUNT}:assumed-role/nodes-NodeInstanceRole/${SESSION_NODE}" client="${NODE_IP}:40000" ${request} session=${SESSION_NODE} stsendpoint=sts.eu-west-1.amazonaws.com userid="AROAEXAMPLENODE00001:${SESSION_NODE}"`,
  `time="2026-03-02T09:02:00Z" level=info msg="access granted" arn="arn:aws:iam::${ACCOUNT}:role/nodes-NodeInstanceRole" client="${NODE_IP}:40000" groups="[system:bootstrappers system:nodes]" ${request} stsendpoint=sts.eu-west-1.amazonaws.com uid="aws-iam-authenticator:${ACCOUNT}:AROAEXAMPLENODE00001" username="system:node:${NODE_DNS_IP}.eu-west-1.compute.internal"`,
  `time="2026-03-02T09:03:00Z" level=info msg="STS response" accesskeyid=${KEY_SSO} accountid=${ACCOUNT} arn="arn:aws:sts::${ACCOUNT}:assumed-role/release/${SESSION_RELEASE}" client="${CLIENT_IP}:50002" ${request} session="${SESSION_RELEASE}" stsendpoint=sts.eu-west-1.amazonaws.com userid="AROAEXAMPLERELEASE01:${SESSION_RELEASE}"`,
  `time="2026-03-02T09:03:00Z" level=warning msg="access denied" arn="arn:aws:iam::${ACCOUNT}:role/release" client="${CLIENT_IP}:50002" error="identity is not mapped" ${request}`,
  `time="2026-03-02T09:04:00Z" level=info msg="STS response" accesskeyid=${KEY_USER} accountid=${ACCOUNT} arn="arn:aws:iam::${ACCOUNT}:user/ci-bot" client="${CLIENT_IP}:50003" ${request} stsendpoint=sts.eu-west-1.amazonaws.com userid=AIDAEXAMPLEUSER00001`,
  `time="2026-03-02T09:04:00Z" level=info msg="access granted" arn="arn:aws:iam::${ACCOUNT}:user/ci-bot" client="${CLIENT_IP}:50003" groups="[deployers]" ${request} uid="aws-iam-authenticator:${ACCOUNT}:AIDAEXAMPLEUSER00001" username=ci-bot`,
  `time="2026-03-02T09:05:00Z" level=info msg="STS response" accesskeyid=${KEY_FEDERATED} accountid=${ACCOUNT} arn="arn:aws:sts::${ACCOUNT}:federated-user/${FEDERATED_NAME}" client="${CLIENT_IP}:50004" ${request} stsendpoint=sts.eu-west-1.amazonaws.com userid="${ACCOUNT}:${FEDERATED_NAME}"`,
  `time="2026-03-02T09:05:00Z" level=warning msg="access denied" arn="arn:aws:sts::${ACCOUNT}:federated-user/${FEDERATED_NAME}" client="${CLIENT_IP}:50004" error="identity is not mapped" ${request}`,
  `time="2026-03-02T09:06:00Z" level=warning msg="access denied" client="${CLIENT_IP}:50005" error="sts getCallerIdentity failed: error from AWS (expected 200, got 403) on eu-west-1 endpoint. Body: {\\"Error\\":{\\"Code\\":\\"SignatureDoesNotMatch\\",\\"Type\\":\\"Sender\\"},\\"RequestId\\":\\"1c2d3e4f-0000-4000-8000-000000000000\\"}" ${request}`,
  `time="2026-03-02T09:31:00Z" level=warning msg="access denied" client="${CLIENT_IP}:50006" error="input token was not properly formatted: X-Amz-Date parameter is expired (15 minute expiration) 2026-03-02 09:10:00 +0000 UTC" ${request}`,
].join('\n');

/** The configuration "not mapped" callers are explained against: it repeats log values and adds one of its own. */
const AWS_AUTH = `apiVersion: v1
kind: ConfigMap
metadata:
  name: aws-auth
  namespace: kube-system
data:
  mapRoles: |
    - rolearn: arn:aws:sts::${OTHER_ACCOUNT}:assumed-role/deployer/${FILE_SESSION}
      username: deployer
    - rolearn: arn:aws:iam::${ACCOUNT}:role/team/release
      username: release:{{SessionName}}
`;

let written: { log: string; config: string } | undefined;

/** Written once: the outputs compared below name the same files. */
function fixture(): { log: string; config: string } {
  if (written !== undefined) return written;
  const dir = mkdtempSync(join(tmpdir(), 'eal-redact-'));
  writeFileSync(join(dir, 'rich.log'), RICH_LOG);
  writeFileSync(join(dir, 'aws-auth.yaml'), AWS_AUTH);
  written = { log: join(dir, 'rich.log'), config: join(dir, 'aws-auth.yaml') };
  return written;
}

async function explainRich(format: 'text' | 'json', redact: boolean) {
  const { log, config } = fixture();
  let stdout = '';
  let stderr = '';
  const code = await explainLogMain({ log, paths: [config], format, redact, write: (text) => (stdout += text), warn: (text) => (stderr += text) });
  return { code, stderr, stdout };
}

/** Placeholders in order of appearance. */
const placeholders = (text: string) => [...text.matchAll(/<(account|key|session|ip|email)-(\d+)>/g)].map((match) => ({ kind: match[1] ?? '', number: Number(match[2]) }));

/** Visits two JSON values of the same shape side by side; fails where their shapes differ. */
function walkPair(plain: unknown, redacted: unknown, visit: (plain: string, redacted: string, key: string) => void, key = ''): void {
  if (typeof plain === 'string') {
    expect(typeof redacted, key).toBe('string');
    visit(plain, redacted as string, key);
    return;
  }
  if (Array.isArray(plain)) {
    expect(Array.isArray(redacted), key).toBe(true);
    expect((redacted as unknown[]).length, key).toBe(plain.length);
    plain.forEach((item, index) => { walkPair(item, (redacted as unknown[])[index], visit, key); });
    return;
  }
  if (plain !== null && typeof plain === 'object') {
    const other = redacted as Record<string, unknown>;
    expect(Object.keys(other), key).toEqual(Object.keys(plain));
    for (const [name, value] of Object.entries(plain)) walkPair(value, other[name], visit, name);
    return;
  }
  expect(redacted, key).toEqual(plain);
}

describe('explain --log --redact', () => {
  it('leaves no original value of the rich log or its configuration in the text or the JSON output', async () => {
    for (const format of ['text', 'json'] as const) {
      const plain = await explainRich(format, false);
      const redacted = await explainRich(format, true);
      expect(redacted.code).toBe(plain.code);
      expect(redacted.stderr).toBe('');
      // The fixture really names every value (the text leaves out client addresses), so their absence means something.
      if (format === 'json') for (const value of ORIGINALS) expect(plain.stdout, `json without --redact names ${value}`).toContain(value);
      for (const value of ORIGINALS) expect(redacted.stdout, `${format} with --redact names ${value}`).not.toContain(value);
    }
  });

  it('keeps the text\'s lines, role and user names, and says which session a username came from', async () => {
    const plain = await explainRich('text', false);
    const { stdout } = await explainRich('text', true);
    expect(stdout.split('\n').length).toBe(plain.stdout.split('\n').length);
    // Failing callers come first: the cross-account deployer is the first value of each kind.
    expect(stdout).toContain('\narn:aws:iam::<account-1>:role/deployer\n  as arn:aws:sts::<account-1>:assumed-role/deployer/<session-1>; access key <key-1> (temporary credentials);');
    // The session of an assumed-role ARN in the configuration, which the log does not name.
    expect(stdout).toContain('mapRoles: "arn:aws:sts::<account-1>:assumed-role/deployer/<session-2>" is an STS assumed-role (session) ARN');
    expect(stdout).toContain(`arn:aws:iam::<account-2>:role/${SSO_ROLE}\n  as arn:aws:sts::<account-2>:assumed-role/${SSO_ROLE}/<session-5>; access key <key-2> (temporary credentials);`);
    expect(stdout).toContain('username sso-<session-5>');
    expect(stdout).toContain('- groups [team:<session-5>, viewers]');
    // The EC2 private DNS name and the client address of the same node share a placeholder.
    expect(stdout).toMatch(/username system:node:ip-<ip-(\d+)>\.eu-west-1\.compute\.internal/);
    expect(stdout).toContain('arn:aws:iam::<account-2>:user/ci-bot');
    expect(stdout).toContain('\narn:aws:sts::<account-2>:federated-user/<session-4>\n');
    expect(stdout).toContain('arn:aws:iam::<account-2>:role/team/release');
    expect(stdout).toContain('signed at 2026-03-02 09:10:00 +0000 UTC');
  });

  it('gives each value one placeholder throughout, numbered per kind in order of first appearance', async () => {
    const plain = JSON.parse((await explainRich('json', false)).stdout) as unknown;
    const redactedText = (await explainRich('json', true)).stdout;
    const redacted = JSON.parse(redactedText) as unknown;
    const byValue = new Map<string, string>();
    const byPlaceholder = new Map<string, string>();
    walkPair(plain, redacted, (before, after, key) => {
      if (['class', 'level', 'kind', 'shape', 'outcome', 'carrier', 'via'].includes(key)) expect(after).toBe(before);
      if (!ORIGINALS.includes(before)) return;
      expect(after, before).toMatch(/^<(account|key|session|ip)-\d+>$/);
      expect(byValue.get(before) ?? after, `${before} has one placeholder`).toBe(after);
      byValue.set(before, after);
      // The one value written two ways: a session name and the username spelling of `{{SessionName}}`.
      const same = before === SESSION_SSO_RENDERED ? SESSION_SSO : before;
      expect(byPlaceholder.get(after) ?? same, `${after} stands for one value`).toBe(same);
      byPlaceholder.set(after, same);
    });
    expect(byValue.get(ACCOUNT)).toBe('<account-1>');
    expect(byValue.get(OTHER_ACCOUNT)).toBe('<account-2>');
    expect(byValue.get(KEY_SSO)).toBe('<key-1>');
    expect(byValue.get(SESSION_SSO)).toBe('<session-1>');
    // Inside the log lines too: the same client address is the same placeholder in every message.
    const clients = new Set<string>();
    walkPair(plain, redacted, (before, after, key) => {
      if (key === 'messages' && before.includes(`client="${CLIENT_IP}:`)) clients.add(/client="([^"]*):\d+"/.exec(after)?.[1] ?? '');
      if (key === 'messages' && before.includes(`session=${SESSION_RUNNER} `)) expect(after).toContain('session=<session-');
    });
    expect([...clients]).toEqual(['<ip-1>']);
    for (const text of [redactedText, (await explainRich('text', true)).stdout]) {
      const seen = new Map<string, number>();
      for (const { kind, number } of placeholders(text)) {
        const highest = seen.get(kind) ?? 0;
        expect(number, `<${kind}-${String(number)}> after <${kind}-${String(highest)}>`).toBeLessThanOrEqual(highest + 1);
        seen.set(kind, Math.max(highest, number));
      }
      expect([...seen.keys()].sort()).toEqual(['account', 'ip', 'key', 'session']);
    }
  });

  it('is the same output every time', async () => {
    expect((await explainRich('json', true)).stdout).toBe((await explainRich('json', true)).stdout);
    expect((await explainRich('text', true)).stdout).toBe((await explainRich('text', true)).stdout);
  });

  it('is an option of the built CLI, refused without --log', () => {
    const { log, config } = fixture();
    const result = spawnSync(process.execPath, [CLI, 'explain', '--log', log, config, '--redact'], { cwd: ROOT, encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('<account-1>');
    for (const value of ORIGINALS) expect(result.stdout).not.toContain(value);
    const alone = spawnSync(process.execPath, [CLI, 'explain', `arn:aws:iam::${ACCOUNT}:role/x`, config, '--redact'], { cwd: ROOT, encoding: 'utf8' });
    expect(alone.status).toBe(2);
    expect(alone.stderr).toContain('--redact works with --log only');
    expect(spawnSync(process.execPath, [CLI, 'explain', '--help'], { encoding: 'utf8' }).stdout).toContain('--redact');
  });
});

describe('Redactor', () => {
  const empty = () => new Redactor(explainLog(''));

  it('finds values the log did not name by their shape, and keeps what only looks like them', () => {
    const redactor = empty();
    expect(redactor.text('arn:aws:iam::111122223333:role/a, arn:aws:sts::111122223333:assumed-role/a/bob@corp.example.')).toBe(
      'arn:aws:iam::<account-1>:role/a, arn:aws:sts::<account-1>:assumed-role/a/<session-1>.',
    );
    expect(redactor.text('key AKIAIOSFODNN7EXAMPLE from 192.168.0.10:443 and [fd00::1]:443, mail to ops@corp.example')).toBe(
      'key <key-1> from <ip-1>:443 and [<ip-2>]:443, mail to <email-1>',
    );
    expect(redactor.text('RequestId 1c2d3e4f-0000-4000-8000-000000000000 at 2026-03-02T09:10:00Z, lines 1-4, X-Amz-Date 20260302T091000Z')).toBe(
      'RequestId 1c2d3e4f-0000-4000-8000-000000000000 at 2026-03-02T09:10:00Z, lines 1-4, X-Amz-Date 20260302T091000Z',
    );
    expect(redactor.text('prints arn:aws:sts::111122223333:assumed-role/a/SESSION)')).toBe('prints arn:aws:sts::<account-1>:assumed-role/a/SESSION)');
    expect(redactor.text('a-192.168.0.10 ip-192-168-0-10.ec2.internal')).toBe('a-<ip-1> ip-<ip-1>.ec2.internal');
  });

  it('replaces a session name the log gives wherever it stands as a word, also inside usernames and groups rendered from it', () => {
    const log = [
      'time="2026-03-02T09:00:01Z" level=info msg="STS response" accesskeyid=ASIAEXAMPLE000000001 accountid=111122223333 arn="arn:aws:sts::111122223333:assumed-role/dev/jo@x.io" client="127.0.0.1:1" method=POST path=/authenticate session="jo@x.io" userid="AROAEXAMPLE:jo@x.io"',
      'time="2026-03-02T09:00:01Z" level=info msg="access granted" arn="arn:aws:iam::111122223333:role/dev" client="127.0.0.1:1" groups="[g-jo-x.io-team]" method=POST path=/authenticate username="a-jo-x.io-b"',
    ].join('\n');
    const redactor = new Redactor(explainLog(log));
    expect(redactor.text('session=jo@x.io username=a-jo-x.io-b groups [g-jo-x.io-team], jo@x.io.')).toBe(
      'session=<session-1> username=a-<session-1>-b groups [g-<session-1>-team], <session-1>.',
    );
    expect(redactor.text('jo@x.iox and xjo@x.io are other words')).toBe('<email-1> and <email-2> are other words');
  });

  it('keeps JSON values of a fixed vocabulary even when a session has their name', () => {
    const log = 'time="2026-03-02T09:00:01Z" level=warning msg="STS response" accesskeyid=ASIAEXAMPLE000000001 accountid=111122223333 arn="arn:aws:sts::111122223333:assumed-role/dev/error" client="127.0.0.1:1" method=POST path=/authenticate session=error userid="AROAEXAMPLE:error"\n'
      + 'time="2026-03-02T09:00:01Z" level=warning msg="access denied" arn="arn:aws:iam::111122223333:role/dev" client="127.0.0.1:1" error="identity is not mapped" method=POST path=/authenticate';
    const result = explainLog(log);
    const report = JSON.parse(renderLogJson(result, new Redactor(result).json)) as { events: { level: string; identity: { sessionName: string; arn: string } }[] };
    expect(report.events[0]?.level).toBe('error');
    expect(report.events[0]?.identity).toMatchObject({ sessionName: '<session-1>', arn: 'arn:aws:sts::<account-1>:assumed-role/dev/<session-1>' });
  });

  it('never lets a generated session name, account id or address through', () => {
    const session = fc.stringMatching(/^[a-z][\w+=,.@-]{11,40}$/);
    const account = fc.stringMatching(/^[1-9]\d{11}$/);
    const octet = fc.integer({ min: 1, max: 254 });
    fc.assert(
      fc.property(session, account, fc.tuple(octet, octet, octet, octet), (name, id, ip) => {
        const address = ip.join('.');
        const log = `time="2026-03-02T09:00:01Z" level=info msg="STS response" accesskeyid=ASIAEXAMPLE000000001 accountid=${id} arn="arn:aws:sts::${id}:assumed-role/dev/${name}" client="${address}:1" method=POST path=/authenticate session="${name}" userid="AROAEXAMPLE:${name}"\n`
          + `time="2026-03-02T09:00:01Z" level=warning msg="access denied" arn="arn:aws:iam::${id}:role/dev" client="${address}:1" error="identity is not mapped" method=POST path=/authenticate`;
        const result = explainLog(log);
        const redactor = new Redactor(result);
        const outputs = [renderLogJson(result, redactor.json), redactor.text(renderLogJson(result))];
        for (const output of outputs) {
          expect(output).not.toContain(name);
          expect(output).not.toContain(id);
          expect(output).not.toMatch(new RegExp(`(?<![\\d.])${address.replaceAll('.', '\\.')}(?![\\d])`));
        }
      }),
      { numRuns: 200, seed: 20260302 },
    );
  });
});
