import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LOG_CLASSES } from '../src/explain/log/classes.js';
import { classify } from '../src/explain/log/classify.js';
import { explainLog } from '../src/explain/log/explain-log.js';
import { canonicalize, parseGroups } from '../src/explain/log/identity.js';
import { parseLog } from '../src/explain/log/parse.js';
import { renderLogJson } from '../src/explain/log/render-json.js';
import { renderLogText } from '../src/explain/log/render-text.js';
import { CLIENT_KEY, NO_IDENTITY_KEY } from '../src/explain/log/summary.js';

const denied = (error: string, arn?: string) =>
  `time="2026-03-02T09:00:00Z" level=warning msg="access denied"${arn === undefined ? '' : ` arn="${arn}"`} client="127.0.0.1:1" error="${error.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}" method=POST path=/authenticate`;

const classOf = (line: string) => {
  const record = parseLog(line).records[0];
  return record === undefined ? undefined : classify(record)?.classId;
};

describe('authenticator error classes (reference section 4.3 / 8.2)', () => {
  const cases: [string, string][] = [
    ['input token was not properly formatted: X-Amz-Date parameter is expired (15 minute expiration) 2020-05-06 01:09:00 +0000 UTC', 'log-token-expired'],
    ['input token was not properly formatted: token is missing expected "k8s-aws-v1." prefix', 'log-token-not-eks'],
    ['input token was not properly formatted: illegal base64 data at input byte 12', 'log-token-malformed'],
    ['input token was not properly formatted: token is too large', 'log-token-malformed'],
    ['input token was not properly formatted: non-whitelisted query parameter "x-amz-foo"', 'log-token-malformed'],
    ['input token was not properly formatted: invalid X-Amz-Expires parameter in pre-signed URL: 9999', 'log-token-malformed'],
    ['input token was not properly formatted: client did not sign the x-k8s-aws-id header in the pre-signed URL', 'log-token-cluster-header-unsigned'],
    ['input token was not properly formatted: unexpected hostname "sts.us-eest-1.amazonaws.com" in pre-signed URL', 'log-sts-host-rejected'],
    ['input token was not properly formatted: partition {aws} does not support hostname sts.cn-north-1.amazonaws.com.cn', 'log-sts-host-rejected'],
    ['input token was not properly formatted: global endpoint unsupported in partition aws-cn', 'log-sts-host-rejected'],
    ['sts getCallerIdentity failed: error from AWS (expected 200, got 403) on eu-west-1 endpoint. Body: {"Error":{"Code":"SignatureDoesNotMatch"}}', 'log-cluster-name-mismatch'],
    ['sts getCallerIdentity failed: error from AWS (expected 200, got 403)', 'log-cluster-name-mismatch'],
    ['sts getCallerIdentity failed: error from AWS (expected 200, got 403) on us-east-1 endpoint. Body: {"Error":{"Code":"InvalidClientTokenId"}}', 'log-sts-credentials'],
    ['sts getCallerIdentity failed: error from AWS (expected 200, got 403). Body: <Code>RegionDisabledException</Code>', 'log-sts-credentials'],
    ['sts getCallerIdentity failed: error during GET: dial tcp: no such host on us-eest-1 endpoint', 'log-sts-unreachable'],
    ['sts getCallerIdentity was throttled: <Code>Throttling</Code>', 'log-sts-throttled'],
    ['ARN is not mapped', 'log-not-mapped'],
    ['Identity is not mapped', 'log-not-mapped'],
    ['identity is not mapped', 'log-not-mapped'],
    ['mapper DynamicFile Map error: ARN does not match User ID', 'log-arn-userid-mismatch'],
    ['mapper EKSConfigMap renderTemplates error: error rendering username template "system:node:{{EC2PrivateDNSName}}": SessionName did not contain an instance id', 'log-template-render'],
    ["invalid username 'system:x' for mapper EKSConfigMap: username must not begin with with the following prefixes: [system:]", 'log-reserved-username'],
    ['sts getCallerIdentity failed: malformed UserID "x"', 'log-denied-other'],
  ];
  it.each(cases)('%s -> %s', (error, expected) => {
    expect(classOf(denied(error, expected === 'log-not-mapped' ? 'arn:aws:iam::111122223333:role/dev' : undefined))).toBe(expected);
  });

  it('classifies request lines by msg', () => {
    expect(classOf('time="t" level=info msg="access granted" arn="arn:aws:iam::111122223333:user/a" client="c" groups="[]" method=POST path=/authenticate username=a')).toBe('log-access-granted');
    expect(classOf('time="t" level=info msg="STS response" accesskeyid=AKIAEXAMPLE000000001 client="c" method=POST path=/authenticate')).toBe('log-sts-response');
    expect(classOf('time="t" level=error msg="empty request body" client="c" method=POST path=/authenticate')).toBe('log-request-invalid');
    expect(classOf('time="t" level=info msg="starting mapper \\"EKSConfigMap\\""')).toBe('log-other');
  });

  it('classifies a line cut before error from its text', () => {
    expect(classOf('level=warning msg="access denied" arn="arn:aws:iam::111122223333:role/x" client="c" error="iden')).toBe('log-denied-other');
    expect(classOf('time="t" level=warning msg="access den')).toBe('log-denied-other');
  });

  it('notes the global STS endpoint', () => {
    const record = parseLog('time="t" level=info msg="STS response" arn="arn:aws:sts::111122223333:assumed-role/r/s" client="c" method=POST path=/authenticate stsendpoint=sts.amazonaws.com').records[0];
    expect(record === undefined ? undefined : classify(record)?.notes).toEqual(['log-global-sts-endpoint']);
  });
});

describe('kubectl and credential plugin messages (reference section 2)', () => {
  const cases: [string, string | undefined][] = [
    ['error: exec plugin: invalid apiVersion "client.authentication.k8s.io/v1alpha1"', 'client-exec-api-version'],
    ['error: exec plugin is configured to use API version client.authentication.k8s.io/v1beta1, plugin returned version client.authentication.k8s.io/v1alpha1', 'client-exec-api-version'],
    ['getting credentials: decoding stdout: no kind "ExecCredential" is registered for version "client.authentication.k8s.io/v1alpha1" in scheme "pkg/client/auth/exec/exec.go:62"', 'client-exec-api-version'],
    ['error: interactiveMode must be specified for arn:aws:eks:eu-west-1:111122223333:cluster/prod to use exec authentication plugin', 'client-exec-api-version'],
    ["getting credentials: decoding stdout: couldn't get version/kind; json parse error: invalid character 'k' looking for beginning of value", 'client-exec-decode'],
    ['Unable to connect to the server: getting credentials: exec: executable aws not found', 'client-exec-missing'],
    ['Unable to connect to the server: getting credentials: exec: exec: "aws": executable file not found in $PATH', 'client-exec-missing'],
    ['Unable to connect to the server: getting credentials: exec: executable aws failed with exit code 253', 'client-exec-failed'],
    ['Unable to locate credentials. You can configure credentials by running "aws configure".', 'client-exec-failed'],
    ['You must specify a region. You can also configure your region by running "aws configure".', 'client-exec-failed'],
    ['The SSO session associated with this profile has expired or is otherwise invalid. To refresh this SSO session run aws sso login with the corresponding profile.', 'client-exec-failed'],
    ['could not get token: AccessDenied: User: arn:aws:iam::111122223333:user/a is not authorized to perform: sts:AssumeRole', 'client-exec-failed'],
    ['Unable to connect to the server: tls: failed to verify certificate: x509: certificate signed by unknown authority', 'client-tls'],
    ['error: You must be logged in to the server (Unauthorized)', 'client-unauthorized'],
    ['error: You must be logged in to the server (the server has asked for the client to provide credentials)', 'client-unauthorized'],
    ['Error from server (Forbidden): pods is forbidden: User "dashboard" cannot list resource "pods" in API group "" in the namespace "default"', 'client-forbidden'],
    ['NAME                 READY   STATUS    RESTARTS   AGE', undefined],
  ];
  it.each(cases)('%s -> %s', (line, expected) => {
    expect(classOf(line)).toBe(expected);
  });

  it('reads the cause and the exit code of a failed plugin', () => {
    const result = explainLog('The config profile (dev) could not be found\nUnable to connect to the server: getting credentials: exec: executable aws failed with exit code 255\n');
    expect(result.events).toHaveLength(1);
    expect(result.events[0]?.details).toEqual(['profile "dev" does not exist where kubectl runs', 'aws exited 255: AWS CLI general error (v1 uses it for every failure)']);
  });
});

describe('identities', () => {
  it('canonicalises assumed roles as the authenticator does', () => {
    expect(canonicalize('arn:aws:sts::111122223333:assumed-role/dev/jane@example.com')).toBe('arn:aws:iam::111122223333:role/dev');
    expect(canonicalize('arn:aws-cn:sts::111122223333:assumed-role/dev/s')).toBe('arn:aws-cn:iam::111122223333:role/dev');
    expect(canonicalize('arn:aws:iam::111122223333:user/team/alice')).toBe('arn:aws:iam::111122223333:user/team/alice');
  });

  it('reads Go slices of groups', () => {
    expect(parseGroups('[system:masters ops]')).toEqual(['system:masters', 'ops']);
    expect(parseGroups('[]')).toEqual([]);
  });

  it('joins an STS response to the decision of the same client and reads the session fingerprint', () => {
    const result = explainLog([
      'time="t" level=info msg="STS response" accesskeyid=ASIAEXAMPLE000000001 accountid=111122223333 arn="arn:aws:sts::111122223333:assumed-role/dev/EKSGetTokenAuth" client="127.0.0.1:9" method=POST path=/authenticate session=EKSGetTokenAuth userid=AROAEXAMPLE:EKSGetTokenAuth',
      'time="t" level=info msg="STS response" accesskeyid=AKIAEXAMPLE000000002 accountid=111122223333 arn="arn:aws:iam::111122223333:user/bob" client="127.0.0.1:8" method=POST path=/authenticate',
      'time="t" level=warning msg="access denied" arn="arn:aws:iam::111122223333:role/dev" client="127.0.0.1:9" error="identity is not mapped" method=POST path=/authenticate',
    ].join('\n'));
    expect(result.events.map((e) => [e.classId, e.records.map((r) => r.line)])).toEqual([['log-sts-response', [2]], ['log-not-mapped', [1, 3]]]);
    const notMapped = result.events[1];
    expect(notMapped?.identity).toMatchObject({ arn: 'arn:aws:sts::111122223333:assumed-role/dev/EKSGetTokenAuth', canonicalArn: 'arn:aws:iam::111122223333:role/dev', accessKeyId: 'ASIAEXAMPLE000000001', sessionName: 'EKSGetTokenAuth' });
    expect(notMapped?.details.some((d) => d.includes('--role-arn'))).toBe(true);
    expect(result.identities.map((i) => i.key)).toEqual(['arn:aws:iam::111122223333:user/bob', 'arn:aws:iam::111122223333:role/dev']);
  });

  it('does not join lines of one client port written far apart', () => {
    const result = explainLog([
      'time="2026-03-02T09:00:00Z" level=info msg="STS response" arn="arn:aws:sts::111122223333:assumed-role/dev/s" client="127.0.0.1:9" method=POST path=/authenticate',
      'time="2026-03-02T10:00:00Z" level=warning msg="access denied" arn="arn:aws:iam::111122223333:role/dev" client="127.0.0.1:9" error="identity is not mapped" method=POST path=/authenticate',
    ].join('\n'));
    expect(result.events.map((e) => [e.classId, e.records.map((r) => r.line)])).toEqual([['log-sts-response', [1]], ['log-not-mapped', [2]]]);
  });

  it('summarises many lines by caller with counts per class', () => {
    const lines = [
      denied('identity is not mapped', 'arn:aws:iam::111122223333:role/a'),
      denied('X-Amz-Date parameter is expired (15 minute expiration) 2026-03-02 08:00:00 +0000 UTC'),
      denied('identity is not mapped', 'arn:aws:iam::111122223333:role/a'),
      denied('identity is not mapped', 'arn:aws:iam::111122223333:role/b'),
      'error: You must be logged in to the server (Unauthorized)',
    ];
    const result = explainLog(lines.join('\n'));
    expect(result.identities.map((i) => [i.key, i.counts.map((c) => `${c.classId}=${c.events}`)])).toEqual([
      ['arn:aws:iam::111122223333:role/a', ['log-not-mapped=2']],
      [NO_IDENTITY_KEY, ['log-token-expired=1']],
      ['arn:aws:iam::111122223333:role/b', ['log-not-mapped=1']],
      [CLIENT_KEY, ['client-unauthorized=1']],
    ]);
    expect(result.counts.map((c) => [c.classId, c.events])).toEqual([['log-not-mapped', 3], ['log-token-expired', 1], ['client-unauthorized', 1]]);
    expect(result.failed).toBe(true);
  });

  it('groups by access key when no ARN is known', () => {
    const result = explainLog('time="t" level=info msg="STS response" accesskeyid=AKIAEXAMPLE000000003 client="c" method=POST path=/authenticate');
    expect(result.identities.map((i) => [i.key, i.kind])).toEqual([['AKIAEXAMPLE000000003', 'access-key']]);
  });

  it('does not fail on informational lines only', () => {
    const result = explainLog('time="t" level=info msg="access granted" arn="arn:aws:iam::111122223333:user/a" client="c" groups="[system:masters]" method=POST path=/authenticate username=kubernetes-admin\n');
    expect(result.failed).toBe(false);
    expect(result.events[0]?.details).toContain('kubernetes-admin is how EKS maps the cluster creator');
  });

  it('flags a node username without system:nodes', () => {
    const result = explainLog('time="t" level=info msg="access granted" arn="arn:aws:iam::111122223333:role/nodes" client="c" groups="[]" method=POST path=/authenticate username="system:node:ip-10-0-0-1.ec2.internal"\n');
    expect(result.events[0]?.details.some((d) => d.includes('system:nodes'))).toBe(true);
  });
});

describe('the class catalogue', () => {
  it('has a meaning for every class and next steps for every failure', () => {
    for (const [id, known] of Object.entries(LOG_CLASSES)) {
      expect(known.meaning, id).not.toBe('');
      if (known.failure) expect(known.next.length, id).toBeGreaterThan(0);
    }
  });
});

describe('robustness', () => {
  const pieces = [
    denied('identity is not mapped', 'arn:aws:iam::111122223333:role/a'),
    'time="t" level=info msg="STS response" arn="arn:aws:sts::111122223333:assumed-role/a/s" client="127.0.0.1:1" method=POST path=/authenticate stsendpoint=sts.amazonaws.com',
    denied('X-Amz-Date parameter is expired (15 minute expiration) 2026-03-02 08:00:00 +0000 UTC'),
    'Unable to connect to the server: getting credentials: exec: executable aws failed with exit code 254',
    '{"events": [{"message": "',
    '"@message","x"',
    'arn="arn:aws:sts::',
    '\\u12',
  ];

  it('explains and renders any mix and cut of lines without throwing (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...pieces), fc.string()), { maxLength: 8 }), fc.nat(), (lines, seed) => {
        const text = lines.join('\n');
        const result = explainLog(text.slice(0, seed % (text.length + 1)));
        expect(renderLogText(result).endsWith('\n')).toBe(true);
        const report = JSON.parse(renderLogJson(result)) as { failed: boolean; events: unknown[] };
        expect(report.failed).toBe(result.failed);
        expect(report.events).toHaveLength(result.events.length);
      }),
    );
  });
});
