import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import clusterNameMismatch from '../rules/kubeconfig-cluster-name-mismatch/rule.js';
import { runEngine } from '../src/engine.js';
import { clusterIdentity, identityFromContextName, identityFromName, regionOfEndpoint } from '../src/kubeconfig/cluster-identity.js';
import { readEksExec, type EksExec, type ExecValue } from '../src/kubeconfig/exec-args.js';

/** Words are located by their index in `args` (`a3`) or by their env variable (`env:AWS_REGION`). */
function exec(command: string, args: readonly string[], env: Readonly<Record<string, string>> = {}): EksExec<string> | undefined {
  return readEksExec({
    command,
    args: args.map((text, index) => ({ text, at: `a${index}` })),
    env: Object.entries(env).map(([name, text]) => ({ name, value: { text, at: `env:${name}` } })),
  });
}

function shown(value: ExecValue<string> | undefined): string | undefined {
  return value === undefined ? undefined : `${value.value} @${value.at}[${value.start}-${value.end}] via ${value.via}`;
}

const UPDATE_KUBECONFIG = ['--region', 'us-west-2', 'eks', 'get-token', '--cluster-name', 'prod', '--output', 'json'];

describe('readEksExec: aws eks get-token', () => {
  it('reads what update-kubeconfig writes, with the word and offsets of each value', () => {
    const result = exec('aws', [...UPDATE_KUBECONFIG, '--role', 'arn:aws:iam::210987654321:role/admin']);
    expect(result?.plugin).toBe('aws-cli');
    expect(result?.operation).toEqual({ text: 'get-token', at: 'a3' });
    expect(shown(result?.clusterName)).toBe('prod @a5[0-4] via --cluster-name');
    expect(result?.clusterId).toBeUndefined();
    expect(shown(result?.region)).toBe('us-west-2 @a1[0-9] via --region');
    expect(shown(result?.output)).toBe('json @a7[0-4] via --output');
    expect(shown(result?.roleArn)).toBe('arn:aws:iam::210987654321:role/admin @a9[0-36] via --role');
    expect(result?.missingValues).toEqual([]);
  });

  it('takes global options anywhere and the --opt=value form, with the value offset after "="', () => {
    const result = exec('aws', ['eks', '--profile', 'dev', 'get-token', '--cluster-name=prod', '--region=eu-west-1', '--output', 'text']);
    expect(result?.operation.at).toBe('a3');
    expect(shown(result?.clusterName)).toBe('prod @a4[15-19] via --cluster-name');
    expect(shown(result?.region)).toBe('eu-west-1 @a5[9-18] via --region');
    expect(shown(result?.profile)).toBe('dev @a2[0-3] via --profile');
    expect(result?.output?.value).toBe('text');
  });

  it('reads the Outposts --cluster-id as an id, not a name', () => {
    const result = exec('aws', ['--region', 'us-west-2', 'eks', 'get-token', '--cluster-id', 'a1b2c3d4-5678', '--output', 'json']);
    expect(result?.clusterName).toBeUndefined();
    expect(shown(result?.clusterId)).toBe('a1b2c3d4-5678 @a5[0-13] via --cluster-id');
  });

  it('resolves unique prefixes like argparse and leaves ambiguous ones alone', () => {
    expect(exec('aws', ['eks', 'get-token', '--cluster-n', 'x', '--role-a', 'r'])?.clusterName?.value).toBe('x');
    expect(exec('aws', ['eks', 'get-token', '--cluster-n', 'x', '--role-a', 'r'])?.roleArn?.value).toBe('r');
    const ambiguous = exec('aws', ['eks', 'get-token', '--cluster', 'x']);
    expect(ambiguous?.clusterName).toBeUndefined();
    expect(ambiguous?.clusterId).toBeUndefined();
  });

  it('keeps the last occurrence of an option', () => {
    expect(exec('aws', ['eks', 'get-token', '--cluster-name', 'a', '--cluster-name', 'b'])?.clusterName?.at).toBe('a5');
  });

  it('records an option whose value is missing or looks like the next option', () => {
    const result = exec('aws', ['eks', 'get-token', '--cluster-name', '--output', 'json', '--region']);
    expect(result?.clusterName).toBeUndefined();
    expect(result?.missingValues.map(shown)).toEqual(['--cluster-name @a2[0-14] via --cluster-name', '--region @a5[0-8] via --region']);
    expect(result?.output?.value).toBe('json');
  });

  it('takes the region from the exec env when --region is absent: AWS_REGION before AWS_DEFAULT_REGION', () => {
    const args = ['eks', 'get-token', '--cluster-name', 'prod'];
    expect(shown(exec('aws', args, { AWS_DEFAULT_REGION: 'eu-west-1', AWS_REGION: 'eu-west-2' })?.region)).toBe('eu-west-2 @env:AWS_REGION[0-9] via env AWS_REGION');
    expect(exec('aws', args, { AWS_DEFAULT_REGION: 'eu-west-1' })?.region?.value).toBe('eu-west-1');
    expect(exec('aws', args, { AWS_REGION: '', AWS_DEFAULT_REGION: 'eu-west-1' })?.region?.value).toBe('eu-west-1');
    expect(exec('aws', ['--region', 'us-east-1', ...args], { AWS_REGION: 'eu-west-2' })?.region?.value).toBe('us-east-1');
  });

  it('takes the output format from AWS_DEFAULT_OUTPUT in the exec env', () => {
    expect(exec('aws', ['eks', 'get-token', '--cluster-name', 'prod'], { AWS_DEFAULT_OUTPUT: 'json' })?.output?.via).toBe('env AWS_DEFAULT_OUTPUT');
  });

  it('recognises paths, .exe and the aws2 preview name', () => {
    for (const command of ['/usr/local/bin/aws', 'C:\\Program Files\\Amazon\\AWSCLIV2\\aws.exe', 'AWS.EXE', 'aws2']) {
      expect(exec(command, UPDATE_KUBECONFIG)?.plugin, command).toBe('aws-cli');
    }
    expect(exec('C:\\tools\\aws.exe', UPDATE_KUBECONFIG)?.commandName).toBe('aws.exe');
  });

  it('is not EKS for other aws commands, an unknown option before the command, or other programs', () => {
    expect(exec('aws', ['sts', 'get-caller-identity'])).toBeUndefined();
    expect(exec('aws', ['eks', 'describe-cluster', '--name', 'prod'])).toBeUndefined();
    expect(exec('aws', ['--some-new-option', 'value', 'eks', 'get-token', '--cluster-name', 'prod'])).toBeUndefined();
    expect(exec('aws', [])).toBeUndefined();
    expect(exec('awscli', UPDATE_KUBECONFIG)).toBeUndefined();
    expect(exec('gke-gcloud-auth-plugin', [])).toBeUndefined();
    expect(exec('kubelogin', ['get-token', '--server-id', 'x'])).toBeUndefined();
    expect(exec('bash', ['-c', 'aws eks get-token --cluster-name prod'])).toBeUndefined();
  });
});

describe('readEksExec: aws-iam-authenticator token', () => {
  it('reads -i, -r and --region', () => {
    const result = exec('aws-iam-authenticator', ['token', '-i', 'prod', '-r', 'arn:aws:iam::210987654321:role/admin', '--region', 'us-east-1']);
    expect(result?.plugin).toBe('aws-iam-authenticator');
    expect(result?.operation.at).toBe('a0');
    expect(shown(result?.clusterName)).toBe('prod @a2[0-4] via -i');
    expect(shown(result?.roleArn)).toBe('arn:aws:iam::210987654321:role/admin @a4[0-36] via -r');
    expect(shown(result?.region)).toBe('us-east-1 @a6[0-9] via --region');
    expect(result?.output).toBeUndefined();
    expect(result?.configFile).toBe(false);
  });

  it('reads the pflag forms -i=x, -ix, --cluster-id=x and root flags before the subcommand', () => {
    expect(shown(exec('aws-iam-authenticator', ['token', '-i=prod'])?.clusterName)).toBe('prod @a1[3-7] via -i');
    expect(shown(exec('aws-iam-authenticator', ['token', '-iprod'])?.clusterName)).toBe('prod @a1[2-6] via -i');
    expect(shown(exec('aws-iam-authenticator', ['token', '--cluster-id=prod'])?.clusterName)).toBe('prod @a1[13-17] via --cluster-id');
    expect(shown(exec('aws-iam-authenticator', ['-i', 'prod', 'token'])?.clusterName)).toBe('prod @a1[0-4] via -i');
  });

  it('takes the next word as the value whatever it starts with', () => {
    expect(exec('aws-iam-authenticator', ['token', '-i', '--token-only'])?.clusterName?.value).toBe('--token-only');
    expect(exec('aws-iam-authenticator', ['token', '-i'])?.missingValues.map((v) => v.via)).toEqual(['-i']);
  });

  it('falls back to the environment variables the authenticator binds, flags first', () => {
    const env = { KUBERNETES_AWS_AUTHENTICATOR_CLUSTER_ID: 'prod', DEFAULT_ROLE: 'arn:aws:iam::210987654321:role/x', AWS_DEFAULT_REGION: 'eu-west-1' };
    const fromEnv = exec('aws-iam-authenticator', ['token'], env);
    expect(shown(fromEnv?.clusterName)).toBe('prod @env:KUBERNETES_AWS_AUTHENTICATOR_CLUSTER_ID[0-4] via env KUBERNETES_AWS_AUTHENTICATOR_CLUSTER_ID');
    expect(fromEnv?.roleArn?.via).toBe('env DEFAULT_ROLE');
    expect(fromEnv?.region?.via).toBe('env AWS_DEFAULT_REGION');
    expect(exec('aws-iam-authenticator', ['token', '-i', 'staging'], env)?.clusterName?.value).toBe('staging');
  });

  it('notes a configuration file, which can hold the cluster id', () => {
    expect(exec('aws-iam-authenticator', ['-c', '/etc/authenticator.yaml', 'token'])?.configFile).toBe(true);
  });

  it('recognises the legacy name and .exe, and nothing but the token subcommand', () => {
    expect(exec('heptio-authenticator-aws', ['token', '-i', 'prod'])?.plugin).toBe('aws-iam-authenticator');
    expect(exec('C:\\bin\\aws-iam-authenticator.exe', ['token', '-i', 'prod'])?.plugin).toBe('aws-iam-authenticator');
    expect(exec('aws-iam-authenticator', ['verify', '-i', 'prod', '-t', 'k8s-aws-v1.x'])).toBeUndefined();
    expect(exec('aws-iam-authenticator', ['-i', 'prod'])).toBeUndefined();
  });
});

describe('readEksExec properties', () => {
  const word = fc.oneof(
    fc.constantFrom('eks', 'get-token', 'token', '--cluster-name', '--cluster-id', '--region', '--role', '-i', '-r', '--', '-', '=', '--output=json', '-i=x'),
    fc.string({ maxLength: 12 }),
  );

  it('never throws, and every value it reports is the text at its offsets', () => {
    fc.assert(
      fc.property(fc.constantFrom('aws', 'aws-iam-authenticator'), fc.array(word, { maxLength: 10 }), (command, args) => {
        const result = exec(command, args);
        if (result === undefined) return;
        for (const value of [result.clusterName, result.clusterId, result.region, result.roleArn, result.output, result.profile]) {
          if (value === undefined) continue;
          const text = args[Number(value.at.slice(1))] ?? '';
          expect(text.slice(value.start, value.end)).toBe(value.value);
        }
      }),
    );
  });

  it('finds the same cluster name wherever the global options are placed', () => {
    const globals = fc.subarray([['--region', 'us-east-1'], ['--profile', 'p'], ['--output', 'json'], ['--debug']]);
    fc.assert(
      fc.property(globals, fc.nat(4), (options, cut) => {
        const flat = options.flat();
        const position = Math.min(cut, 2);
        const command = ['eks', 'get-token', '--cluster-name', 'prod'];
        const args = [...command.slice(0, position), ...flat, ...command.slice(position)];
        expect(exec('aws', args)?.clusterName?.value).toBe('prod');
      }),
    );
  });
});

describe('cluster identity', () => {
  it('reads an EKS cluster ARN, in every partition', () => {
    expect(identityFromName('arn:aws:eks:us-west-2:210987654321:cluster/prod')).toEqual({ name: 'prod', region: 'us-west-2', partition: 'aws', source: 'arn' });
    expect(identityFromName('arn:aws-cn:eks:cn-north-1:210987654321:cluster/prod-cn')).toMatchObject({ name: 'prod-cn', partition: 'aws-cn' });
    expect(identityFromName('arn:aws-us-gov:eks:us-gov-west-1:210987654321:cluster/gov')).toMatchObject({ partition: 'aws-us-gov' });
  });

  it('reads an eksctl name', () => {
    expect(identityFromName('prod.eu-central-1.eksctl.io')).toEqual({ name: 'prod', region: 'eu-central-1', partition: 'aws', source: 'eksctl' });
  });

  it('reads nothing from other names', () => {
    for (const name of ['prod', 'kubernetes', 'arn:aws:iam::210987654321:role/prod', 'arn:aws:eks:us-west-2:210987654321:nodegroup/prod/ng/1', 'arn:aws:eks::210987654321:cluster/prod', 'prod.not-region.eksctl.io', 'a.b.us-east-1.eksctl.io', 'gke_project_zone_name']) {
      expect(identityFromName(name), name).toBeUndefined();
    }
  });

  it('reads the region of an EKS endpoint host, and nothing of other hosts', () => {
    expect(regionOfEndpoint('https://0123456789ABCDEF0123456789ABCDEF.gr7.us-west-2.eks.amazonaws.com')).toBe('us-west-2');
    expect(regionOfEndpoint('https://ABCDEF.yl4.us-east-2.eks.amazonaws.com:443/')).toBe('us-east-2');
    expect(regionOfEndpoint('https://ABCDEF.sk1.cn-northwest-1.eks.amazonaws.com.cn')).toBe('cn-northwest-1');
    expect(regionOfEndpoint('https://ABCDEF.gr7.us-gov-west-1.eks.amazonaws.com')).toBe('us-gov-west-1');
    for (const server of [
      'https://kubernetes.internal.example.com',
      'https://10.0.0.1:6443',
      'http://ABCDEF.gr7.us-west-2.eks.amazonaws.com',
      'https://eks.amazonaws.com',
      'https://ABCDEF.gr7.cn-north-1.eks.amazonaws.com',
      'https://ABCDEF.gr7.us-west-2.eks.amazonaws.com.cn',
      'https://ABCDEF.gr7.us-west-2.eks.amazonaws.com.proxy.example.com',
      'not a url',
      '',
    ]) {
      expect(regionOfEndpoint(server), server).toBeUndefined();
    }
  });

  it('reads the context names update-kubeconfig and eksctl write', () => {
    expect(identityFromContextName('arn:aws:eks:us-west-2:210987654321:cluster/prod')).toMatchObject({ name: 'prod', source: 'context' });
    expect(identityFromContextName('jane@example.com@prod.us-west-2.eksctl.io')).toMatchObject({ name: 'prod', region: 'us-west-2', source: 'context' });
    expect(identityFromContextName('prod-admin')).toBeUndefined();
  });

  it('prefers the cluster entry name, then a context name, each where it agrees with the endpoint, then the endpoint', () => {
    const arn = 'arn:aws:eks:us-west-2:210987654321:cluster/prod';
    const server = 'https://ABC.gr7.eu-west-1.eks.amazonaws.com';
    expect(clusterIdentity({ name: arn, server: 'https://ABC.gr7.us-west-2.eks.amazonaws.com' })).toMatchObject({ name: 'prod', region: 'us-west-2', source: 'arn' });
    expect(clusterIdentity({ name: arn, server: 'https://proxy.example.com' })).toMatchObject({ name: 'prod', region: 'us-west-2', source: 'arn' });
    // A name from another region than the endpoint's is not that cluster's: only the endpoint's region is known.
    expect(clusterIdentity({ name: arn, server })).toEqual({ name: undefined, region: 'eu-west-1', partition: 'aws', source: 'server' });
    expect(clusterIdentity({ name: 'prod.us-west-2.eksctl.io', server })).toMatchObject({ name: undefined, source: 'server' });
    expect(clusterIdentity({ name: 'prod', server })).toEqual({ name: undefined, region: 'eu-west-1', partition: 'aws', source: 'server' });
    expect(clusterIdentity({ name: 'prod', server }, 'arn:aws:eks:eu-west-1:210987654321:cluster/prod')).toMatchObject({ name: 'prod', source: 'context' });
    expect(clusterIdentity({ name: 'prod', server }, arn)).toMatchObject({ name: undefined, source: 'server' });
    expect(clusterIdentity({ name: 'prod', server: 'https://proxy.example.com' }, arn)).toMatchObject({ name: 'prod', source: 'context' });
    expect(clusterIdentity({ name: 'prod', server: 'https://proxy.example.com' }, 'prod')).toBeUndefined();
    expect(clusterIdentity({})).toBeUndefined();
  });
});

describe('EKS users of merged kubeconfigs', () => {
  const first = [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '  - name: arn:aws:eks:eu-west-1:210987654321:cluster/prod',
    '    cluster: {server: "https://ABC.gr7.eu-west-1.eks.amazonaws.com"}',
    'users:',
    '  - name: prod',
    '    user:',
    '      exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: aws, args: [eks, get-token, --cluster-name, prod, --output, json]}',
    '',
  ].join('\n');
  const second = [
    'apiVersion: v1',
    'kind: Config',
    'contexts:',
    '  - name: prod',
    '    context: {cluster: "arn:aws:eks:eu-west-1:210987654321:cluster/prod", user: prod}',
    'users:',
    '  - name: prod',
    '    user:',
    '      exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: aws, args: [eks, get-token, --cluster-name, staging, --output, json]}',
    '',
  ].join('\n');
  const files = [{ path: 'first.yaml', content: first }, { path: 'second.yaml', content: second }];
  const findings = (kubeconfigList?: readonly string[]): string[] =>
    runEngine(files, { rules: [clusterNameMismatch], ...(kubeconfigList === undefined ? {} : { kubeconfigList }) }).findings.map(
      (f) => `${f.span.file}:${f.span.start.line}:${f.span.start.column}`,
    );

  it('reads the user that wins the merge, once, with the contexts and clusters of every file', () => {
    expect(findings(['second.yaml', 'first.yaml'])).toEqual(['second.yaml:9:117']);
  });

  it('ignores a user entry an earlier file shadows', () => {
    expect(findings(['first.yaml', 'second.yaml'])).toEqual([]);
  });

  it('reads files found in a repository on their own: a context without its cluster entry reaches no EKS cluster', () => {
    expect(findings()).toEqual([]);
  });
});
