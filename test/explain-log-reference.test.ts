import { describe, expect, it } from 'vitest';
import type { LogClassId } from '../src/explain/log/classes.js';
import { classify } from '../src/explain/log/classify.js';
import { explainLog } from '../src/explain/log/explain-log.js';
import { identityOf } from '../src/explain/log/identity.js';
import { parseLog } from '../src/explain/log/parse.js';

/**
 * Every authenticator error, log line and kubectl message that /work/shared/reference/client-side.md lists
 * (sections 2, 3.2, 4.2-4.4, 5, 8.2), written as the authenticator or kubectl writes it, with its class.
 */

/** Go `%q`, as logrus quotes the `error` value. */
const goQuote = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
const FORMAT = 'input token was not properly formatted: ';
const STS = 'sts getCallerIdentity failed: ';

const deniedLine = (error: string, arn?: string) =>
  `time="2026-03-02T09:00:00Z" level=warning msg="access denied"${arn === undefined ? '' : ` arn=${goQuote(arn)}`} client="127.0.0.1:50000" error=${goQuote(error)} method=POST path=/authenticate`;

function classOf(line: string): LogClassId | undefined {
  const record = parseLog(line).records[0];
  return record === undefined ? undefined : classify(record)?.classId;
}

describe('token and STS errors without arn (reference 3.2 steps 1-15, 4.3)', () => {
  const cases: [string, LogClassId][] = [
    [`${FORMAT}token is too large`, 'log-token-malformed'],
    [`${FORMAT}token is missing expected "k8s-aws-v1." prefix`, 'log-token-not-eks'],
    [`${FORMAT}illegal base64 data at input byte 40`, 'log-token-malformed'],
    [`${FORMAT}parse "sts.amazonaws.com/?Action=GetCallerIdentity": missing protocol scheme`, 'log-token-malformed'],
    [`${FORMAT}unexpected scheme "http" in pre-signed URL`, 'log-token-malformed'],
    [`${FORMAT}could not parse region for pre-signed URL sts..amazonaws.com, invalid host`, 'log-sts-host-rejected'],
    [`${FORMAT}global endpoint unsupported in partition aws-cn`, 'log-sts-host-rejected'],
    [`${FORMAT}invalid region identifier format provided: US_EAST_1`, 'log-sts-host-rejected'],
    [`${FORMAT}unexpected hostname "sts.us-eest-1.amazonaws.com" in pre-signed URL`, 'log-sts-host-rejected'],
    [`${FORMAT}partition {aws} does not support hostname sts.cn-north-1.amazonaws.com.cn`, 'log-sts-host-rejected'],
    ['invalid host format, too few labels: localhost', 'log-sts-host-rejected'],
    [`${FORMAT}unexpected path in pre-signed URL`, 'log-token-malformed'],
    [`${FORMAT}malformed query parameter`, 'log-token-malformed'],
    [`${FORMAT}duplicate query parameter found: "x-amz-date"`, 'log-token-malformed'],
    [`${FORMAT}non-whitelisted query parameter "x-amz-foo"`, 'log-token-malformed'],
    [`${FORMAT}query parameter with multiple values not supported`, 'log-token-malformed'],
    [`${FORMAT}unexpected action parameter in pre-signed URL`, 'log-token-malformed'],
    [`${FORMAT}client did not sign the x-k8s-aws-id header in the pre-signed URL`, 'log-token-cluster-header-unsigned'],
    [`${FORMAT}invalid X-Amz-Expires parameter in pre-signed URL: 3600`, 'log-token-malformed'],
    [`${FORMAT}X-Amz-Date parameter must be present in pre-signed URL`, 'log-token-malformed'],
    [`${FORMAT}error parsing X-Amz-Date parameter 2026 into format 20060102T150405Z: parsing time "2026" as "20060102T150405Z": cannot parse "" as "01"`, 'log-token-malformed'],
    [`${FORMAT}X-Amz-Date parameter is expired (15 minute expiration) 2020-05-06 01:09:00 +0000 UTC`, 'log-token-expired'],
    [`${STS}error during GET: Get "https://sts.us-eest-1.amazonaws.com/": dial tcp: lookup sts.us-eest-1.amazonaws.com: no such host on us-eest-1 endpoint`, 'log-sts-unreachable'],
    [`${STS}error during GET: context deadline exceeded`, 'log-sts-unreachable'],
    [`${STS}error reading HTTP result: unexpected EOF`, 'log-sts-unreachable'],
    ['sts getCallerIdentity was throttled: {"Error":{"Code":"Throttling","Message":"Rate exceeded"}}', 'log-sts-throttled'],
    [`${STS}error from AWS (expected 200, got 403) on eu-west-1 endpoint. Body: {"Error":{"Code":"SignatureDoesNotMatch","Message":"The request signature we calculated does not match the signature you provided."}}`, 'log-cluster-name-mismatch'],
    [`${STS}error from AWS (expected 200, got 403). Body: {"Error":{"Code":"SignatureDoesNotMatch"}}`, 'log-cluster-name-mismatch'],
    [`${STS}error from AWS (expected 200, got 403)`, 'log-cluster-name-mismatch'],
    [`${STS}error from AWS (expected 200, got 403) on us-east-1 endpoint. Body: {"Error":{"Code":"InvalidClientTokenId"}}`, 'log-sts-credentials'],
    [`${STS}error from AWS (expected 200, got 403) on us-east-1 endpoint. Body: {"Error":{"Code":"ExpiredToken"}}`, 'log-sts-credentials'],
    [`${STS}error from AWS (expected 200, got 403) on af-south-1 endpoint. Body: {"Error":{"Code":"RegionDisabledException","Message":"STS is not activated in this region for account:111122223333."}}`, 'log-sts-credentials'],
    [`${STS}arn 'arn:aws:sts::111122223333:bogus/x' is invalid: unrecognized resource bogus/x for service sts`, 'log-denied-other'],
    [`${STS}malformed UserID "AROA"`, 'log-denied-other'],
  ];
  it.each(cases)('%s', (error, expected) => {
    expect(classOf(deniedLine(error))).toBe(expected);
  });

  it('names the STS error, region and host, and says when a 403 has no body to tell the causes apart', () => {
    const details = (error: string) => explainLog(deniedLine(error)).events[0]?.details;
    expect(details(`${STS}error from AWS (expected 200, got 403) on eu-west-1 endpoint. Body: {"Error":{"Code":"SignatureDoesNotMatch","Message":"Signature not yet current: 20260302T091000Z is still later than 20260302T090500Z"}}`)).toEqual([
      'STS error SignatureDoesNotMatch', 'STS says the signature is not yet current: the client clock is ahead', 'STS region eu-west-1',
    ]);
    expect(details(`${STS}error from AWS (expected 200, got 403)`)?.[0]).toMatch(/^no STS error code in the line .*invalid or expired credentials/);
    expect(details(`${FORMAT}unexpected hostname "sts.us-eest-1.amazonaws.com" in pre-signed URL`)).toEqual(['STS host sts.us-eest-1.amazonaws.com']);
  });
});

describe('mapping errors with arn (reference 4.3)', () => {
  const arn = 'arn:aws:iam::111122223333:role/dev';
  const cases: [string, LogClassId][] = [
    ['ARN is not mapped', 'log-not-mapped'],
    ['Identity is not mapped', 'log-not-mapped'],
    ['identity is not mapped', 'log-not-mapped'],
    ['mapper DynamicFile Map error: ARN does not match User ID', 'log-arn-userid-mismatch'],
    ['mapper EKSConfigMap renderTemplates error: error rendering username template "system:node:{{EC2PrivateDNSName}}": SessionName did not contain an instance id', 'log-template-render'],
    ["invalid username 'eks:admin' for mapper EKSConfigMap: username must not begin with with the following prefixes: [system: aws: amazon: eks: iam:]", 'log-reserved-username'],
  ];
  it.each(cases)('%s', (error, expected) => {
    expect(classOf(deniedLine(error, arn))).toBe(expected);
  });
});

describe('request lines (reference 4.2)', () => {
  const tail = 'client="127.0.0.1:50000" method=POST path=/authenticate';
  const cases: [string, LogClassId][] = [
    [`time="2025-01-01T00:00:00Z" level=info msg="STS response" accesskeyid=ASIAEXAMPLE000000001 accountid=111122223333 arn="arn:aws:sts::111122223333:assumed-role/dev/EKSGetTokenAuth" ${tail} session=EKSGetTokenAuth stsendpoint=sts.us-east-1.amazonaws.com userid=AROAEXAMPLE`, 'log-sts-response'],
    [`time="2022-05-26T18:55:30Z" level=info msg="access granted" arn="arn:aws:iam::123456789000:user/testuser" client="127.0.0.1:57586" groups="[system:masters]" method=POST path=/authenticate uid="aws-iam-authenticator:123456789000:AROAFFXXXXXXXXXX" username=kubernetes-admin`, 'log-access-granted'],
    [`level=warning msg="access denied" client="127.0.0.1:55512" error="input token was not properly formatted: X-Amz-Date parameter is expired (15 minute expiration) 2020-05-06 01:09:00 +0000 UTC" method=POST path=/authenticate`, 'log-token-expired'],
    [`time="2026-03-02T09:00:00Z" level=error msg="unexpected request method" ${tail}`, 'log-request-invalid'],
    [`time="2026-03-02T09:00:00Z" level=error msg="empty request body" ${tail}`, 'log-request-invalid'],
    [`time="2026-03-02T09:00:00Z" level=error msg="could not parse request body" ${tail}`, 'log-request-invalid'],
  ];
  it.each(cases)('%s', (line, expected) => {
    expect(classOf(line)).toBe(expected);
  });

  it('adds the global STS endpoint note to the line\'s own class', () => {
    const result = explainLog(`time="2026-03-02T09:00:00Z" level=info msg="access granted" arn="arn:aws:iam::111122223333:role/dev" ${tail} groups="[]" stsendpoint=sts.amazonaws.com username=dev`);
    expect(result.events.map((event) => [event.classId, event.notes])).toEqual([['log-access-granted', ['log-global-sts-endpoint']]]);
  });
});

describe('kubectl and credential plugin messages (reference section 2)', () => {
  const cases: [number, string, LogClassId][] = [
    [1, 'error: exec plugin: invalid apiVersion "client.authentication.k8s.io/v1alpha1"', 'client-exec-api-version'],
    [2, 'Unable to connect to the server: getting credentials: decoding stdout: no kind "ExecCredential" is registered for version "client.authentication.k8s.io/v1alpha1" in scheme "pkg/client/auth/exec/exec.go:62"', 'client-exec-api-version'],
    [3, 'error: exec plugin is configured to use API version client.authentication.k8s.io/v1alpha1, plugin returned version client.authentication.k8s.io/v1beta1', 'client-exec-api-version'],
    [4, 'error: interactiveMode must be specified for jane to use exec authentication plugin', 'client-exec-api-version'],
    [5, 'error: exec plugin: invalid apiVersion "client.authentication.k8s.io/v1"', 'client-exec-api-version'],
    [6, 'error: You must be logged in to the server (Unauthorized)', 'client-unauthorized'],
    [11, 'You must specify a region. You can also configure your region by running "aws configure".', 'client-exec-failed'],
    [11, 'Unable to connect to the server: getting credentials: exec: executable aws failed with exit code 255', 'client-exec-failed'],
    [12, 'The config profile (dev) could not be found', 'client-exec-failed'],
    [13, 'The SSO session associated with this profile has expired or is otherwise invalid. To refresh this SSO session run aws sso login with the corresponding profile.', 'client-exec-failed'],
    [13, 'Error loading SSO Token: Token has expired and refresh failed', 'client-exec-failed'],
    [14, 'Unable to locate credentials. You can configure credentials by running "aws configure".', 'client-exec-failed'],
    [14, 'could not get token: NoCredentialProviders: no valid providers in chain. Deprecated.', 'client-exec-failed'],
    [17, 'An error occurred (AccessDenied) when calling the AssumeRole operation: User: arn:aws:iam::111122223333:user/a is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111122223333:role/admin', 'client-exec-failed'],
    [17, 'could not get token: AccessDenied: User: arn:aws:iam::111122223333:user/a is not authorized to perform: sts:AssumeRole', 'client-exec-failed'],
    [24, 'Unable to connect to the server: getting credentials: exec: executable aws not found', 'client-exec-missing'],
    [24, 'Unable to connect to the server: getting credentials: exec: exec: "aws": executable file not found in $PATH', 'client-exec-missing'],
    [25, "Unable to connect to the server: getting credentials: decoding stdout: couldn't get version/kind; json parse error: json: cannot unmarshal string into Go value of type struct", 'client-exec-decode'],
    [26, 'Unable to connect to the server: x509: certificate signed by unknown authority', 'client-tls'],
    [26, 'Unable to connect to the server: tls: failed to verify certificate: x509: certificate signed by unknown authority', 'client-tls'],
    [27, 'unable to load root certificates: unable to parse bytes as PEM block', 'client-tls'],
    [29, 'error: context was not found for specified context: prod', 'client-kubeconfig'],
    [31, 'The connection to the server localhost:8080 was refused - did you specify the right host or port?', 'client-kubeconfig'],
    [32, 'error: error loading config file "/home/jane/.kube/config": decoding into v1.Config: duplicate name "prod" in list: [{prod {}}]', 'client-kubeconfig'],
  ];
  it.each(cases)('row %i: %s', (_row, line, expected) => {
    expect(classOf(line)).toBe(expected);
  });

  it('says why the AWS CLI could not assume a role, and why the CA cannot be read', () => {
    const assumeRole = 'An error occurred (AccessDenied) when calling the AssumeRole operation: User: arn:aws:iam::111122223333:user/a is not authorized to perform: sts:AssumeRole';
    expect(explainLog(assumeRole).events[0]?.details).toEqual([
      "the AWS CLI could not assume the --role-arn role (AccessDenied): check the role's trust policy and the caller's sts:AssumeRole permission",
    ]);
    expect(explainLog('unable to load root certificates: unable to parse bytes as PEM block').events[0]?.details).toEqual(['certificate-authority-data is not valid base64 or PEM']);
  });
});

describe('callers as STS names them (reference 4.4, 5)', () => {
  const sts = (arn: string, extra: string) => parseLog(`time="t" level=info msg="STS response" accountid=111122223333 arn="${arn}" client="c" method=POST path=/authenticate ${extra}`).records[0]?.fields ?? new Map<string, string>();

  it('reads each principal kind: path kept for users, roles canonical, no session for users, roots and federated users', () => {
    expect(identityOf(sts('arn:aws:iam::111122223333:user/team/alice', 'userid=AIDAEXAMPLEALICE0001'))).toMatchObject({ canonicalArn: 'arn:aws:iam::111122223333:user/team/alice', userId: 'AIDAEXAMPLEALICE0001' });
    expect(identityOf(sts('arn:aws:iam::111122223333:user/team/alice', 'userid=AIDAEXAMPLEALICE0001')).sessionName).toBeUndefined();
    expect(identityOf(sts('arn:aws:sts::111122223333:assumed-role/dev/jane@example.com', 'userid="AROAEXAMPLE:jane@example.com"'))).toMatchObject({ canonicalArn: 'arn:aws:iam::111122223333:role/dev', sessionName: 'jane@example.com' });
    expect(identityOf(sts('arn:aws:iam::111122223333:root', 'userid=111122223333'))).toMatchObject({ canonicalArn: 'arn:aws:iam::111122223333:root', accountId: '111122223333' });
    expect(identityOf(sts('arn:aws:iam::111122223333:root', 'userid=111122223333')).sessionName).toBeUndefined();
    const federated = identityOf(sts('arn:aws:sts::111122223333:federated-user/bob', 'userid="111122223333:bob"'));
    expect(federated).toMatchObject({ canonicalArn: 'arn:aws:sts::111122223333:federated-user/bob', userId: '111122223333:bob' });
    expect(federated.sessionName).toBeUndefined();
  });

  const fingerprints: [string, RegExp][] = [
    ['arn:aws:sts::111122223333:assumed-role/dev/EKSGetTokenAuth', /aws eks get-token --role-arn/],
    ['arn:aws:sts::111122223333:assumed-role/nodes/i-0a1b2c3d4e5f60718', /EC2 instance role/],
    ['arn:aws:sts::111122223333:assumed-role/dev/botocore-session-1772442843', /profile with role_arn/],
    ['arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/jane@example.com', /IAM Identity Center/],
    ['arn:aws:sts::111122223333:assumed-role/dev/1592118757435271000', /aws-iam-authenticator -r/],
    ['arn:aws:iam::111122223333:root', /root user/],
  ];
  it.each(fingerprints)('fingerprints %s', (arn, expected) => {
    const result = explainLog(`time="t" level=warning msg="access denied" arn="${arn}" client="c" error="identity is not mapped" method=POST path=/authenticate`);
    expect(result.events[0]?.details.some((detail) => expected.test(detail))).toBe(true);
  });

  it('tells a root user\'s access key from an IAM user\'s', () => {
    const line = (arn: string, key: string) => `time="t" level=info msg="STS response" accesskeyid=${key} arn="${arn}" client="c" method=POST path=/authenticate`;
    expect(explainLog(line('arn:aws:iam::111122223333:root', 'AKIAEXAMPLEROOT00001')).events[0]?.details).toContain('access key AKIAEXAMPLEROOT00001: long-term root user key');
    expect(explainLog(line('arn:aws:iam::111122223333:user/a', 'AKIAEXAMPLEUSER00001')).events[0]?.details).toContain('access key AKIAEXAMPLEUSER00001: long-term IAM user key');
  });
});
