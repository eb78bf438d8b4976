import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { buildModel, runEngine } from '../src/engine.js';
import { loadFile } from '../src/load-file.js';

const modelOf = (text: string, path = 'stack.yaml') => buildModel([loadFile({ path, content: text, explicit: true })]);

const computed = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Cluster:
    Type: AWS::EKS::Cluster
    Properties:
      Name: !Ref ClusterNameParam
      AccessConfig: {AuthenticationMode: !Ref Mode}
  Entry:
    Type: AWS::EKS::AccessEntry
    Properties:
      ClusterName: !Ref ClusterNameParam
      PrincipalArn: arn:aws:iam::210987654321:role/admins
      AccessPolicies:
        - PolicyArn: arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy
          AccessScope:
            Type: {"Fn::If": [IsProd, cluster, namespace]}
            Namespaces: {"Fn::Split": [",", {Ref: Ns}]}
        - {"Fn::If": [IsProd, {PolicyArn: x, AccessScope: {Type: cluster}}, {Ref: "AWS::NoValue"}]}
`;

describe('CloudFormation templates', () => {
  it('ties an access entry to its cluster through !Ref of the cluster or of the same name parameter', () => {
    const model = modelOf(computed);
    expect(model.clusters).toHaveLength(1);
    expect(model.accessEntries[0]?.cluster).toBe(model.clusters[0]);
  });

  it('treats a computed mode as unknown, not as the CONFIG_MAP default, and intrinsics at any depth as unknown values', () => {
    const model = modelOf(computed);
    expect(model.clusters[0]?.authMode).toEqual({ value: '', source: 'unknown' });
    expect(runEngine([{ path: 'stack.yaml', content: computed, explicit: true }], { rules }).findings).toEqual([]);
  });

  it('reads JSON templates with the long-form Ref', () => {
    const json = readFileSync(new URL('../examples/cloudformation/eks-access.yaml', import.meta.url), 'utf8');
    const model = modelOf(json);
    expect(model.clusters[0]?.authMode).toMatchObject({ value: 'CONFIG_MAP', source: 'default', defaultOf: 'CloudFormation' });
    expect(model.accessEntries.map((e) => e.cluster?.name)).toEqual(['reporting', 'reporting']);
    const template = JSON.stringify({ Resources: { C: { Type: 'AWS::EKS::Cluster', Properties: { AccessConfig: { AuthenticationMode: 'API' } } }, E: { Type: 'AWS::EKS::AccessEntry', Properties: { ClusterName: { Ref: 'C' }, PrincipalArn: 'arn:aws:iam::210987654321:role/x' } } } });
    expect(modelOf(template, 'stack.json').accessEntries[0]?.cluster?.authMode.value).toBe('API');
  });
});
