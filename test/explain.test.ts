import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CallerError, explainIdentity, readCaller, readCallerIdentity, type ClusterExplanation, type ExplainOptions, type Explanation } from '../src/explain/index.js';
import { renderExplanation } from '../src/explain/index.js';
import { renderTemplate } from '../src/explain/templates.js';
import { loadModel, type LintOptions } from '../src/lint.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'explain');
const ACCOUNT = '210987654321';
const assumed = (role: string, session = 'carol@example.com'): string => `arn:aws:sts::${ACCOUNT}:assumed-role/${role}/${session}`;

async function explain(paths: string | readonly string[], arn: string, options: ExplainOptions & Pick<LintOptions, 'authMode'> = {}): Promise<Explanation> {
  const { model } = await loadModel({ cwd: FIXTURES, paths: typeof paths === 'string' ? [paths] : paths, ...(options.authMode === undefined ? {} : { authMode: options.authMode }) });
  return explainIdentity(model, arn, options);
}

async function explainText(files: Record<string, string>, arn: string, options: ExplainOptions = {}): Promise<Explanation> {
  const { model } = await loadModel({ cwd: FIXTURES, files: Object.entries(files).map(([path, content]) => ({ path, content })) });
  return explainIdentity(model, arn, options);
}

function only(explanation: Explanation): ClusterExplanation {
  expect(explanation.clusters).toHaveLength(1);
  const [cluster] = explanation.clusters;
  if (cluster === undefined) throw new Error('no cluster');
  return cluster;
}

function configMap(data: string): string {
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws-auth\n  namespace: kube-system\ndata:\n${data}`;
}

describe('the caller ARN', () => {
  it('turns an assumed role into its IAM role ARN, without the session, as the authenticator does', () => {
    const { caller, notes } = readCaller(assumed('developers'));
    expect(caller).toMatchObject({ canonicalArn: `arn:aws:iam::${ACCOUNT}:role/developers`, kind: 'assumed-role', name: 'developers', sessionName: 'carol@example.com' });
    expect(notes).toEqual([]);
  });

  it('keeps IAM users (with their path), the account root and federated users as they are', () => {
    expect(readCaller(`arn:aws:iam::${ACCOUNT}:user/ops/alice`).caller).toMatchObject({ canonicalArn: `arn:aws:iam::${ACCOUNT}:user/ops/alice`, kind: 'user', path: '/ops/', sessionName: '' });
    expect(readCaller(`arn:aws:iam::${ACCOUNT}:root`).caller).toMatchObject({ canonicalArn: `arn:aws:iam::${ACCOUNT}:root`, kind: 'root' });
    expect(readCaller(`arn:aws:sts::${ACCOUNT}:federated-user/bob`).caller).toMatchObject({ canonicalArn: `arn:aws:sts::${ACCOUNT}:federated-user/bob`, kind: 'federated-user' });
  });

  it('reads a role ARN as any session of the role, without its path, and says so', () => {
    const { caller, notes } = readCaller(`arn:aws:iam::${ACCOUNT}:role/teams/deployer`);
    expect(caller).toMatchObject({ canonicalArn: `arn:aws:iam::${ACCOUNT}:role/deployer`, kind: 'role', sessionName: null });
    expect(notes.join(' ')).toContain('without the role path "/teams/"');
  });

  it.each([
    ['not-an-arn', 'is not an ARN'],
    [`arn:aws-xx:iam::${ACCOUNT}:user/a`, 'partition "aws-xx"'],
    ['arn:aws:iam::12345:user/a', 'an AWS account id is 12 digits'],
    [`arn:aws:iam::${ACCOUNT}:instance-profile/nodes`, 'is not an identity the authenticator accepts'],
    ['arn:aws:s3:::my-bucket', 'is not an identity the authenticator accepts'],
    [`arn:aws:sts::${ACCOUNT}:assumed-role/only-role`, 'is not a complete assumed-role ARN'],
  ])('rejects %s with a clear message', (arn, message) => {
    expect(() => readCaller(arn)).toThrow(CallerError);
    expect(() => readCaller(arn)).toThrow(message);
  });

  it('reads the JSON of aws sts get-caller-identity', () => {
    const identity = readCallerIdentity('{"UserId": "AROAEXAMPLE:s1", "Account": "210987654321", "Arn": "arn:aws:sts::210987654321:assumed-role/r/s1"}', 'id.json');
    expect(identity).toEqual({ arn: 'arn:aws:sts::210987654321:assumed-role/r/s1', userId: 'AROAEXAMPLE:s1', account: '210987654321' });
    expect(() => readCallerIdentity('{"UserId": "x"}', 'id.json')).toThrow('id.json: no "Arn" string');
    expect(() => readCallerIdentity('not json', 'id.json')).toThrow('id.json: not JSON');
    expect(() => readCallerIdentity('[1]', 'id.json')).toThrow('expected the JSON object');
  });

  it('notes when UserId or Account disagree with the ARN', async () => {
    const explanation = await explain('precedence', assumed('developers', 's1'), { userId: 'AROAEXAMPLE:s2', account: '111111111111' });
    expect(explanation.callerNotes).toEqual([
      'UserId names the session "s2", the ARN "s1": the authenticator takes UserId\'s, and so does this explanation.',
      `"Account" is 111111111111, the ARN's account ${ACCOUNT}: the ARN's is used.`,
    ]);
  });

  it('takes the session name from UserId, as the authenticator does', async () => {
    const cluster = only(await explain('precedence', assumed('developers', 's1'), { userId: 'AROAEXAMPLE:s2' }));
    expect(cluster.grant?.username).toBe('dev:s2:s2');
  });

  it('gives a federated user its name as session name (STS reports its UserId as ACCOUNT:NAME)', async () => {
    const federated = `arn:aws:sts::${ACCOUNT}:federated-user/dana@example.com`;
    expect(readCaller(federated).caller.sessionName).toBe('dana@example.com');
    const files = { 'aws-auth.yaml': configMap(`  mapUsers: |\n    - userarn: ${federated}\n      username: fed:{{SessionName}}\n`) };
    const cluster = only(await explainText(files, federated, { userId: `${ACCOUNT}:dana@example.com` }));
    expect(cluster).toMatchObject({ outcome: 'mapped', grant: { via: 'mapUsers', username: 'fed:dana-example.com' } });
  });

  it('throws CallerError from explainIdentity for an ARN the authenticator rejects', async () => {
    await expect(explain('precedence', 'arn:aws:iam::1:role/x')).rejects.toThrow(CallerError);
  });
});

describe('templates', () => {
  const caller = readCaller(assumed('developers', 'jdoe@example.com')).caller;

  it('renders {{SessionName}} with @ replaced by -, {{SessionNameRaw}} unchanged, {{AccountID}}', () => {
    expect(renderTemplate('a-{{SessionName}}-b', caller).value).toBe('a-jdoe-example.com-b');
    expect(renderTemplate('a-{{SessionNameRaw}}-b', caller).value).toBe('a-jdoe@example.com-b');
    expect(renderTemplate('team-{{AccountID}}', caller).value).toBe(`team-${ACCOUNT}`);
  });

  it('renders {{AccessKeyID}} only when the key is known', () => {
    expect(renderTemplate('k-{{AccessKeyID}}', caller)).toMatchObject({ value: 'k-{{AccessKeyID}}', known: false });
    const withKey = readCaller(assumed('developers'), { accessKeyId: 'ASIAEXAMPLEKEY' }).caller;
    expect(renderTemplate('k-{{AccessKeyID}}', withKey)).toMatchObject({ value: 'k-ASIAEXAMPLEKEY', known: true });
  });

  it('fails {{EC2PrivateDNSName}} for a session that is not an instance id, as the authenticator does', () => {
    expect(renderTemplate('system:node:{{EC2PrivateDNSName}}', caller).error).toContain('SessionName did not contain an instance id');
    expect(renderTemplate('g-{{EC2PrivateDNSName}}', caller).error).toContain('the template {{EC2PrivateDNSName}} (in "g-{{EC2PrivateDNSName}}")');
    const user = readCaller(`arn:aws:iam::${ACCOUNT}:user/bob`).caller;
    expect(renderTemplate('{{EC2PrivateDNSName}}', user).error).toContain('"" is not one');
    expect(renderTemplate('u-{{SessionName}}', user)).toMatchObject({ value: 'u-', known: true, error: undefined });
    const node = readCaller(assumed('nodes', 'i-0123456789abcdef0')).caller;
    expect(renderTemplate('system:node:{{EC2PrivateDNSName}}', node)).toMatchObject({ error: undefined, known: false });
  });

  it('leaves unknown tokens in the name literally', () => {
    expect(renderTemplate('x-{{Session}}', caller)).toMatchObject({ value: 'x-{{Session}}', known: true });
    expect(renderTemplate('x-{{Session}}', caller).notes[0]).toContain('not a template the authenticator knows');
  });
});

describe('precedence in aws-auth', () => {
  it('keeps the last entry for a duplicated ARN (compared case-insensitively) and renders its templates', async () => {
    const cluster = only(await explain('precedence', assumed('developers')));
    expect(cluster.outcome).toBe('mapped');
    expect(cluster.grant).toMatchObject({
      via: 'mapRoles',
      at: 'precedence/aws-auth.yaml:22:16',
      username: 'dev:carol-example.com:carol@example.com',
      usernameTemplate: 'dev:{{SessionName}}:{{SessionNameRaw}}',
      groups: ['viewers', `team-${ACCOUNT}`],
    });
    expect(cluster.shadowed).toEqual([expect.objectContaining({ via: 'mapRoles', at: 'precedence/aws-auth.yaml:9:16' })]);
    expect(cluster.shadowed[0]?.reason).toContain('keeps only the last one');
    expect(cluster.warnings.join(' ')).toContain('differs from arn:aws:iam::210987654321:role/developers only in case');
  });

  it('checks mapRoles before mapUsers', async () => {
    const cluster = only(await explain('precedence', assumed('shared')));
    expect(cluster.grant).toMatchObject({ via: 'mapRoles', username: 'shared-role', groups: ['shared-from-roles'] });
    expect(cluster.shadowed).toEqual([expect.objectContaining({ via: 'mapUsers', at: 'precedence/aws-auth.yaml:30:16' })]);
    expect(cluster.shadowed[0]?.reason).toContain('mapRoles is checked before mapUsers');
  });

  it('matches an IAM user in mapUsers, path included', async () => {
    const cluster = only(await explain('precedence', `arn:aws:iam::${ACCOUNT}:user/ops/alice`));
    expect(cluster).toMatchObject({ outcome: 'mapped', grant: { via: 'mapUsers', username: 'alice', groups: ['ops'] } });
    expect(cluster.reason).toContain('no mapRoles entry does');
  });

  it('lists no near misses once an entry maps the caller, but keeps them behind a mapAccounts admission', async () => {
    const data = `  mapRoles: |\n    - rolearn: arn:aws:iam::${ACCOUNT}:role/team/builder\n      username: b\n    - rolearn: arn:aws:iam::${ACCOUNT}:role/builders\n      username: b2\n`;
    const mapped = only(await explainText({ 'aws-auth.yaml': configMap(data) }, assumed('builders')));
    expect(mapped).toMatchObject({ outcome: 'mapped', nearMisses: [] });
    const viaAccount = only(await explainText({ 'aws-auth.yaml': configMap(`${data}  mapAccounts: |\n    - "${ACCOUNT}"\n`) }, assumed('builder')));
    expect(viaAccount).toMatchObject({ outcome: 'mapped', grant: { via: 'mapAccounts' }, nearMisses: [{ kind: 'role-path', at: 'aws-auth.yaml:8:16' }, { kind: 'name', at: 'aws-auth.yaml:10:16' }] });
  });

  it('falls back to mapAccounts: username the canonical ARN, no groups', async () => {
    const cluster = only(await explain('precedence', 'arn:aws:sts::345678901234:assumed-role/anything/s'));
    expect(cluster).toMatchObject({ outcome: 'mapped', grant: { via: 'mapAccounts', username: 'arn:aws:iam::345678901234:role/anything', groups: [] } });
  });

  it('uses mapAccounts only when no explicit mapping matches', async () => {
    const files = { 'aws-auth.yaml': configMap(`  mapRoles: |\n    - rolearn: arn:aws:iam::${ACCOUNT}:role/x\n      username: x\n  mapAccounts: |\n    - "${ACCOUNT}"\n`) };
    const cluster = only(await explainText(files, assumed('x')));
    expect(cluster.grant).toMatchObject({ via: 'mapRoles', username: 'x' });
    expect(cluster.shadowed).toEqual([expect.objectContaining({ via: 'mapAccounts', reason: 'mapAccounts is used only when no mapRoles or mapUsers entry matches' })]);
  });

  it('denies on a template error without falling back to mapAccounts', async () => {
    const files = { 'aws-auth.yaml': configMap(`  mapRoles: |\n    - rolearn: arn:aws:iam::${ACCOUNT}:role/nodes\n      username: system:node:{{EC2PrivateDNSName}}\n  mapAccounts: |\n    - "${ACCOUNT}"\n`) };
    const cluster = only(await explainText(files, assumed('nodes', 'jane')));
    expect(cluster.outcome).toBe('denied');
    expect(cluster.reason).toContain('SessionName did not contain an instance id');
    expect(cluster.shadowed[0]?.reason).toContain('does not fall back to mapAccounts');
  });

  it('maps a node session whose name is an instance id, the DNS name left to the authenticator', async () => {
    const cluster = only(await explain('precedence', assumed('nodes', 'i-0123456789abcdef0')));
    expect(cluster).toMatchObject({ outcome: 'mapped', grant: { username: null, usernameTemplate: 'system:node:{{EC2PrivateDNSName}}', groups: ['system:bootstrappers', 'system:nodes'] } });
  });

  it('renders {{AccessKeyID}} from the options', async () => {
    const cluster = only(await explain('precedence', assumed('keyed'), { accessKeyId: 'ASIAEXAMPLEKEY' }));
    expect(cluster.grant?.username).toBe('key-ASIAEXAMPLEKEY');
  });

  it('says a username or group known only at deploy time is unknown, not empty', async () => {
    const tf = [
      'resource "kubernetes_config_map" "aws_auth" {',
      '  metadata {',
      '    name      = "aws-auth"',
      '    namespace = "kube-system"',
      '  }',
      '  data = {',
      '    mapRoles = yamlencode([{',
      `      rolearn  = "arn:aws:iam::${ACCOUNT}:role/admins"`,
      '      username = var.admin_user',
      '      groups   = ["system:masters", var.extra_group]',
      '    }])',
      '  }',
      '}',
      '',
    ].join('\n');
    const explanation = await explainText({ 'main.tf': tf }, assumed('admins'));
    const cluster = only(explanation);
    expect(cluster).toMatchObject({ outcome: 'mapped', grant: { username: null, groups: ['system:masters'] } });
    expect(cluster.warnings).toEqual(['The username and some groups are known only at deploy time.']);
    expect(renderExplanation(explanation)).toContain('  username (not known from the files)\n');
  });

  it('warns about an empty username', async () => {
    const cluster = only(await explain('precedence', `arn:aws:iam::${ACCOUNT}:user/bob`));
    expect(cluster.outcome).toBe('mapped');
    expect(cluster.grant?.username).toBe('');
    expect(cluster.warnings.join(' ')).toContain('The username is empty');
  });

  it('warns when mapUsers entries differ only in case (the newer parser picks one at random)', async () => {
    const files = { 'aws-auth.yaml': configMap(`  mapUsers: |\n    - userarn: arn:aws:iam::${ACCOUNT}:user/Eve\n      username: a\n    - userarn: arn:aws:iam::${ACCOUNT}:user/eve\n      username: b\n`) };
    const cluster = only(await explainText(files, `arn:aws:iam::${ACCOUNT}:user/eve`));
    expect(cluster.grant).toMatchObject({ via: 'mapUsers', username: 'b' });
    expect(cluster.warnings.join(' ')).toContain('picks one at random');
  });

  it('warns about a principal key only the newer parser reads', async () => {
    const files = { 'aws-auth.yaml': configMap(`  mapRoles: |\n    - roleArn: arn:aws:iam::${ACCOUNT}:role/x\n      username: x\n`) };
    const cluster = only(await explainText(files, assumed('x')));
    expect(cluster.outcome).toBe('mapped');
    expect(cluster.warnings.join(' ')).toContain('The key "roleArn" is read only by the newer authenticator parser');
  });
});

describe('near misses', () => {
  it.each([
    ['deployer', 'role-path', 'near-misses/aws-auth.yaml:9:16', 'has the role path "/teams/"'],
    ['oncall', 'assumed-role-arn', 'near-misses/aws-auth.yaml:11:16', 'is an STS assumed-role (session) ARN'],
    ['auditor', 'account', 'near-misses/aws-auth.yaml:13:16', 'in account 210987654312, not the caller\'s account 210987654321 (a typo?)'],
    ['reporting', 'name', 'near-misses/aws-auth.yaml:15:16', 'names the role "reprting", the caller is "reporting"'],
    ['builder', 'whitespace', 'near-misses/aws-auth.yaml:17:16', 'has white space around the ARN'],
    ['support', 'wrong-key', 'near-misses/aws-auth.yaml:19:16', 'The ARN is under "userarn", which mapRoles does not read'],
    ['exporter', 'partition', 'near-misses/aws-auth.yaml:21:16', 'is in the partition "aws-cn"'],
    ['AWSReservedSSO_Admin_0123456789abcdef', 'sso', 'near-misses/aws-auth.yaml:24:9', 'SSORoleMatch feature gate'],
    ['hybrid', 'dropped-entry', 'near-misses/aws-auth.yaml:27:16', 'only one of rolearn or SSO can be supplied'],
    ['analyst', 'principal-type', 'near-misses/aws-auth.yaml:32:16', 'names an IAM user "analyst", and the caller is a role'],
  ])('%s: %s', async (role, kind, where, message) => {
    const cluster = only(await explain('near-misses', assumed(role)));
    expect(cluster.outcome).toBe('denied');
    const miss = cluster.nearMisses.find((m) => m.kind === kind);
    expect(miss).toMatchObject({ at: where });
    expect(miss?.message).toContain(message);
  });

  it('rolearn under mapUsers is the wrong key; a username that is the ARN is not', async () => {
    const files = { 'aws-auth.yaml': configMap(`  mapUsers: |\n    - rolearn: arn:aws:iam::${ACCOUNT}:user/erin\n      username: erin\n  mapRoles: |\n    - rolearn: arn:aws:iam::${ACCOUNT}:role/x\n      username: arn:aws:iam::${ACCOUNT}:user/erin\n`) };
    const cluster = only(await explainText(files, `arn:aws:iam::${ACCOUNT}:user/erin`));
    expect(cluster.nearMisses).toEqual([expect.objectContaining({ kind: 'wrong-key', at: 'aws-auth.yaml:8:16' })]);
    expect(cluster.nearMisses[0]?.message).toContain('which mapUsers does not read (it reads userarn)');
  });

  it('an IAM user written with another path', async () => {
    const cluster = only(await explain('near-misses', `arn:aws:iam::${ACCOUNT}:user/carol`));
    expect(cluster.nearMisses[0]).toMatchObject({ kind: 'user-path', at: 'near-misses/aws-auth.yaml:35:16' });
  });

  it('a mapAccounts item one digit off the caller account', async () => {
    const cluster = only(await explain('near-misses', assumed('nobody')));
    expect(cluster.nearMisses).toEqual([expect.objectContaining({ kind: 'account-typo', at: 'near-misses/aws-auth.yaml:38:7' })]);
    expect(cluster.reason).toBe(`No mapRoles or mapUsers entry matches arn:aws:iam::${ACCOUNT}:role/nobody, and mapAccounts does not list the account ${ACCOUNT}: the authenticator answers "ARN is not mapped" and kubectl prints Unauthorized.`);
  });

  it('a mapping whose whole section fails to load (a tab in mapRoles)', async () => {
    const cluster = only(await explain('dropped/yaml-error', assumed('ci')));
    expect(cluster.outcome).toBe('denied');
    expect(cluster.nearMisses).toEqual([expect.objectContaining({ kind: 'yaml-error', at: 'dropped/yaml-error/aws-auth.yaml:9:16' })]);
    expect(cluster.nearMisses[0]?.message).toContain('a tab character is used for indentation');
  });

  it('a mapping after a "---" in the section', async () => {
    const late = only(await explain('dropped/truncated', assumed('late')));
    expect(late.nearMisses).toEqual([expect.objectContaining({ kind: 'yaml-error', at: 'dropped/truncated/aws-auth.yaml:12:16' })]);
    expect(only(await explain('dropped/truncated', assumed('early'))).outcome).toBe('mapped');
  });

  it('a mapping under a data key the authenticator does not read', async () => {
    const cluster = only(await explain('dropped/data-key', `arn:aws:iam::${ACCOUNT}:user/dave`));
    expect(cluster.nearMisses).toEqual([expect.objectContaining({ kind: 'ignored-data-key', at: 'dropped/data-key/aws-auth.yaml:9:16', written: 'MapUsers' })]);
  });

  it('a mapping in a ConfigMap the cluster never reads (wrong namespace)', async () => {
    const cluster = only(await explain('dropped/wrong-namespace', assumed('sandbox')));
    expect(cluster.outcome).toBe('denied');
    expect(cluster.nearMisses[0]).toMatchObject({ kind: 'ignored-configmap', at: 'dropped/wrong-namespace/aws-auth.yaml:9:16' });
    expect(cluster.nearMisses[0]?.message).toContain('namespace "default"');
  });

  it('a mapping in a ConfigMap the API server refuses (a data value that is not a string)', async () => {
    const files = { 'aws-auth.yaml': configMap(`  mapRoles:\n    - rolearn: arn:aws:iam::${ACCOUNT}:role/nodes\n  mapUsers: |\n    - userarn: arn:aws:iam::${ACCOUNT}:user/admin\n      username: admin\n  mapAccounts: |\n    - "${ACCOUNT}"\n`) };
    const user = only(await explainText(files, `arn:aws:iam::${ACCOUNT}:user/admin`));
    expect(user).toMatchObject({ outcome: 'denied', grant: null });
    expect(user.nearMisses.map((m) => [m.kind, m.at])).toEqual([['yaml-error', 'aws-auth.yaml:10:16'], ['yaml-error', 'aws-auth.yaml:13:7']]);
    expect(user.nearMisses[0]?.message).toContain('mapRoles (line 7) holds a YAML list where a string belongs, so the ConfigMap is refused');
    const node = only(await explainText(files, assumed('nodes', 'i-0123456789abcdef0')));
    expect(node.outcome).toBe('denied');
    expect(node.nearMisses.map((m) => m.at)).toEqual(['aws-auth.yaml:8:16', 'aws-auth.yaml:13:7']);
  });

  it('the caller\'s account under a misspelled mapAccounts key', async () => {
    const files = { 'aws-auth.yaml': configMap(`  mapaccounts: |\n    - "${ACCOUNT}"\n`) };
    const cluster = only(await explainText(files, assumed('anyone')));
    expect(cluster.nearMisses).toEqual([expect.objectContaining({ kind: 'ignored-data-key', at: 'aws-auth.yaml:8:8', written: 'mapaccounts' })]);
  });

  it('access entries the EKS API refuses: the account root, an Identity Center role without its path', async () => {
    const cluster = (principal: string): string => [
      'apiVersion: eksctl.io/v1alpha5',
      'kind: ClusterConfig',
      'metadata:',
      '  name: c',
      '  region: eu-west-1',
      'accessConfig:',
      '  authenticationMode: API',
      '  accessEntries:',
      `    - principalARN: ${principal}`,
      '',
    ].join('\n');
    const root = only(await explainText({ 'c.yaml': cluster(`arn:aws:iam::${ACCOUNT}:root`) }, `arn:aws:iam::${ACCOUNT}:root`));
    expect(root).toMatchObject({ outcome: 'denied', nearMisses: [{ kind: 'principal-type', at: 'c.yaml:9:21' }] });
    expect(root.nearMisses[0]?.message).toContain('accepts only IAM roles and users');
    const sso = assumed('AWSReservedSSO_Admin_0123456789abcdef', 'ann');
    const pathless = only(await explainText({ 'c.yaml': cluster(`arn:aws:iam::${ACCOUNT}:role/AWSReservedSSO_Admin_0123456789abcdef`) }, sso));
    expect(pathless).toMatchObject({ outcome: 'denied', nearMisses: [{ kind: 'role-path', at: 'c.yaml:9:21' }] });
    expect(pathless.nearMisses[0]?.message).toContain('invalid principal');
    const full = only(await explainText({ 'c.yaml': cluster(`arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admin_0123456789abcdef`) }, sso));
    expect(full).toMatchObject({ outcome: 'mapped', grant: { via: 'access-entry' } });
  });

  it('a mapping of another cluster in scope', async () => {
    const explanation = await explain(['api-mode', 'config-map'], assumed('viewers'));
    const billing = explanation.clusters.find((c) => c.cluster.name === 'billing');
    expect(billing?.outcome).toBe('denied');
    expect(billing?.nearMisses).toEqual([expect.objectContaining({ kind: 'other-cluster', at: 'api-mode/cluster.yaml:15:21' })]);
    expect(billing?.nearMisses[0]?.message).toBe('This access entry maps the caller in cluster "search", not in this cluster.');
    expect(explanation.mapped).toBe(false);
  });
});

describe('other clusters that map the caller', () => {
  const mapsX = configMap(`  mapRoles: |\n    - rolearn: arn:aws:iam::${ACCOUNT}:role/x\n      username: x\n`);
  const mapsNobody = configMap(`  mapRoles: |\n    - rolearn: arn:aws:iam::${ACCOUNT}:role/y\n      username: y\n`);

  it('are summarised in one near miss per denied cluster when there are several', async () => {
    const explanation = await explainText({ 'a/aws-auth.yaml': mapsX, 'b/aws-auth.yaml': mapsX, 'c/aws-auth.yaml': mapsX, 'd/aws-auth.yaml': mapsNobody }, assumed('x'));
    const denied = explanation.clusters.filter((c) => c.outcome === 'denied');
    expect(denied.map((c) => c.cluster.awsAuthFiles)).toEqual([['d/aws-auth.yaml']]);
    expect(denied[0]?.nearMisses).toEqual([{
      kind: 'other-cluster',
      at: 'a/aws-auth.yaml:8:16',
      written: `arn:aws:iam::${ACCOUNT}:role/x`,
      message: 'The caller is mapped in 3 other clusters in scope (the cluster of a/aws-auth.yaml, the cluster of b/aws-auth.yaml and 1 more), not in this cluster; the first such entry is here.',
    }]);
    const two = await explainText({ 'a/aws-auth.yaml': mapsX, 'b/aws-auth.yaml': mapsX, 'd/aws-auth.yaml': mapsNobody }, assumed('x'));
    expect(two.clusters.flatMap((c) => c.nearMisses.map((m) => m.message))).toEqual(['The caller is mapped in 2 other clusters in scope (the cluster of a/aws-auth.yaml and the cluster of b/aws-auth.yaml), not in this cluster; the first such entry is here.']);
  });

  it('keep the text short on a large tree: one line per denied cluster, whatever the number of clusters', async () => {
    const files = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`env${String(i).padStart(2, '0')}/aws-auth.yaml`, i % 2 === 0 ? mapsX : mapsNobody]));
    const text = renderExplanation(await explainText(files, assumed('x')));
    expect(text.match(/mapped in 6 other clusters in scope/g)).toHaveLength(6);
    expect(text).not.toContain('maps the caller in');
  });
});

describe('authentication modes', () => {
  it('API: access entries only, with their policies and scopes; aws-auth is ignored', async () => {
    const admin = only(await explain('api-mode', assumed('platform-admin', 'x')));
    expect(admin.cluster).toMatchObject({ name: 'search', carrier: 'eksctl', definedAt: 'api-mode/cluster.yaml:5:9', authMode: 'API', authModeSource: 'explicit' });
    expect(admin).toMatchObject({
      outcome: 'mapped',
      grant: {
        via: 'access-entry',
        entryType: 'STANDARD',
        at: 'api-mode/cluster.yaml:10:21',
        username: `arn:aws:sts::${ACCOUNT}:assumed-role/platform-admin/x`,
        policies: [{ name: 'AmazonEKSClusterAdminPolicy', scope: 'cluster', namespaces: [], at: 'api-mode/cluster.yaml:12:22' }],
      },
    });
    const viewer = only(await explain('api-mode', assumed('viewers', 'ann@example.com')));
    expect(viewer.grant).toMatchObject({ username: 'viewer:ann-example.com', groups: ['view-team'], policies: [{ name: 'AmazonEKSViewPolicy', scope: 'namespace', namespaces: ['web', 'web-*'] }] });
    const legacy = only(await explain('api-mode', assumed('legacy')));
    expect(legacy.outcome).toBe('denied');
    expect(legacy.nearMisses).toEqual([expect.objectContaining({ kind: 'api-mode', at: 'api-mode/aws-auth.yaml:9:16' })]);
    expect(legacy.reason).toContain('in API mode EKS does not read aws-auth');
  });

  it('API_AND_CONFIG_MAP: an access entry wins over aws-auth; aws-auth still maps the others', async () => {
    const admin = only(await explain('both-modes', assumed('platform-admin')));
    expect(admin.grant).toMatchObject({ via: 'access-entry', at: 'both-modes/cluster.yaml:10:21', groups: [] });
    expect(admin.shadowed).toEqual([expect.objectContaining({ via: 'mapRoles', at: 'both-modes/cluster.yaml:16:10' })]);
    expect(admin.shadowed[0]?.reason).toContain('takes precedence over aws-auth');
    const reporting = only(await explain('both-modes', assumed('reporting', 'r1')));
    expect(reporting.grant).toMatchObject({ via: 'mapRoles', username: 'reporting:r1', groups: ['reporting'] });
    const batch = only(await explain('both-modes', assumed('batch')));
    expect(batch.grant).toMatchObject({ via: 'mapRoles', at: 'both-modes/aws-auth.yaml:9:16' });
    expect(batch.cluster.awsAuthFiles).toEqual(['both-modes/aws-auth.yaml', 'both-modes/cluster.yaml']);
  });

  it('CONFIG_MAP: access entries do not exist', async () => {
    const early = only(await explain('config-map', assumed('early-adopter')));
    expect(early.outcome).toBe('denied');
    expect(early.nearMisses).toEqual([expect.objectContaining({ kind: 'config-map-mode', at: 'config-map/cluster.yaml:10:21' })]);
    expect(early.warnings.join(' ')).toContain('invisible system:masters user');
    expect(only(await explain('config-map', assumed('ops', 'o1'))).grant).toMatchObject({ via: 'mapRoles', username: 'ops:o1' });
  });

  it('the implicit cluster takes --auth-mode: in API mode its aws-auth admits nobody', async () => {
    const config = only(await explain('precedence', assumed('shared')));
    expect(config.cluster).toMatchObject({ carrier: 'implicit', name: null, definedAt: null, authMode: 'CONFIG_MAP', authModeSource: 'default' });
    const api = only(await explain('precedence', assumed('shared'), { authMode: 'API' }));
    expect(api.cluster).toMatchObject({ authMode: 'API', authModeSource: 'flag' });
    expect(api.outcome).toBe('denied');
    expect(api.nearMisses.map((m) => m.kind)).toEqual(['api-mode', 'api-mode']);
  });

  it('CloudFormation: a mode or principal known only at deploy time makes the answer unknown', async () => {
    const template = (mode: string, principal: string): string => [
      'AWSTemplateFormatVersion: "2010-09-09"',
      'Parameters:',
      '  Mode:',
      '    Type: String',
      'Resources:',
      '  Cluster:',
      '    Type: AWS::EKS::Cluster',
      '    Properties:',
      '      Name: reporting',
      '      AccessConfig:',
      `        AuthenticationMode: ${mode}`,
      '  Entry:',
      '    Type: AWS::EKS::AccessEntry',
      '    Properties:',
      '      ClusterName: !Ref Cluster',
      `      PrincipalArn: ${principal}`,
      '',
    ].join('\n');
    const unknownMode = only(await explainText({ 'stack.yaml': template('!Ref Mode', `arn:aws:iam::${ACCOUNT}:role/dashboards`) }, assumed('dashboards')));
    expect(unknownMode.cluster).toMatchObject({ name: 'reporting', carrier: 'cloudformation', authModeSource: 'unknown' });
    expect(unknownMode).toMatchObject({ outcome: 'unknown', grant: { via: 'access-entry' } });
    expect(unknownMode.warnings).toContain('The authentication mode is known only at deploy time; read as API_AND_CONFIG_MAP.');
    expect(unknownMode.warnings.filter((w) => w.includes('authentication mode'))).toHaveLength(1);
    const unknownPrincipal = only(await explainText({ 'stack.yaml': template('API', '!Sub arn:aws:iam::${AWS::AccountId}:role/dashboards') }, assumed('dashboards')));
    expect(unknownPrincipal.outcome).toBe('unknown');
    expect(unknownPrincipal.warnings.join(' ')).toContain('has a principal known only at deploy time');
  });

  it('node-type access entries get the node username; users get their ARN', async () => {
    const cluster = [
      'apiVersion: eksctl.io/v1alpha5',
      'kind: ClusterConfig',
      'metadata:',
      '  name: nodes',
      '  region: eu-west-1',
      'accessConfig:',
      '  authenticationMode: API',
      '  accessEntries:',
      `    - principalARN: arn:aws:iam::${ACCOUNT}:role/workers`,
      '      type: EC2_LINUX',
      `    - principalARN: arn:aws:iam::${ACCOUNT}:user/ops/alice`,
      '',
    ].join('\n');
    const nodeExplanation = await explainText({ 'cluster.yaml': cluster }, assumed('workers', 'i-0123456789abcdef0'));
    const node = only(nodeExplanation);
    expect(node.grant).toMatchObject({ entryType: 'EC2_LINUX', usernameTemplate: 'system:node:{{EC2PrivateDNSName}}', username: null, policies: [] });
    expect(renderExplanation(nodeExplanation)).toContain('  groups   (the node groups EKS sets)\n');
    const user = only(await explainText({ 'cluster.yaml': cluster }, `arn:aws:iam::${ACCOUNT}:user/ops/alice`));
    expect(user.grant).toMatchObject({ entryType: 'STANDARD', username: `arn:aws:iam::${ACCOUNT}:user/ops/alice` });
  });
});

describe('the explanation', () => {
  it('is not mapped when nothing is in scope', async () => {
    const explanation = await explain('caller-identity.json', assumed('x'));
    expect(explanation).toMatchObject({ mapped: false, clusters: [] });
    expect(renderExplanation(explanation)).toContain('the scanned files define no cluster and hold no aws-auth ConfigMap');
  });

  it('lists files that could not be parsed', async () => {
    const explanation = await explainText({ 'broken.yaml': 'data:\n  mapRoles: [unclosed\n' }, assumed('x'));
    expect(explanation.unreadable).toEqual([expect.objectContaining({ at: expect.stringMatching(/^broken\.yaml:\d+:\d+$/) as unknown as string })]);
  });

  it('is plain JSON data', async () => {
    const explanation = await explain(['api-mode', 'config-map'], assumed('platform-admin'));
    expect(JSON.parse(JSON.stringify(explanation))).toEqual(explanation);
    expect(explanation.clusters.map((c) => [c.cluster.name, c.outcome])).toEqual([['search', 'mapped'], ['billing', 'denied']]);
  });

  it('renders text for people, with colours only when asked', async () => {
    const explanation = await explain('precedence', assumed('developers'));
    const text = renderExplanation(explanation);
    expect(text).toContain('MAPPED   The mapRoles entry at precedence/aws-auth.yaml:22:16 matches.');
    expect(text).toContain('username dev:carol-example.com:carol@example.com  (from dev:{{SessionName}}:{{SessionNameRaw}})');
    expect(text).not.toContain('\u001b[');
    expect(renderExplanation(explanation, { color: true })).toContain('\u001b[32mMAPPED\u001b[0m');
  });
});
