// The rule catalog: one import per folder, sorted. test/catalog.test.ts checks it against the folders.
import type { Rule } from '../src/rule.js';
import arnSectionMismatch from './arn-section-mismatch/rule.js';
import assumedRoleArn from './assumed-role-arn/rule.js';
import awsAuthDataKey from './aws-auth-data-key/rule.js';
import awsAuthImmutable from './aws-auth-immutable/rule.js';
import awsAuthLocation from './aws-auth-location/rule.js';
import awsAuthValueType from './aws-auth-value-type/rule.js';
import duplicateKey from './duplicate-key/rule.js';
import duplicatePrincipal from './duplicate-principal/rule.js';
import ec2DnsTemplateMisuse from './ec2-dns-template-misuse/rule.js';
import embeddedYamlShape from './embedded-yaml-shape/rule.js';
import embeddedYamlSyntax from './embedded-yaml-syntax/rule.js';
import exampleAccountId from './example-account-id/rule.js';
import fieldKeyCase from './field-key-case/rule.js';
import invalidAccountId from './invalid-account-id/rule.js';
import invalidArn from './invalid-arn/rule.js';
import mapAccounts from './map-accounts/rule.js';
import mergedListItem from './merged-list-item/rule.js';
import missingPrincipal from './missing-principal/rule.js';
import missingUsername from './missing-username/rule.js';
import noPermissions from './no-permissions/rule.js';
import nodeGroupsToHumans from './node-groups-to-humans/rule.js';
import nodeMappingShape from './node-mapping-shape/rule.js';
import nonStringValue from './non-string-value/rule.js';
import parseError from './parse-error/rule.js';
import reservedUsername from './reserved-username/rule.js';
import roleArnPath from './role-arn-path/rule.js';
import sessionControlledIdentity from './session-controlled-identity/rule.js';
import sessionTemplateInUserMapping from './session-template-in-user-mapping/rule.js';
import ssoMapping from './sso-mapping/rule.js';
import systemMasters from './system-masters/rule.js';
import unknownField from './unknown-field/rule.js';
import unknownTemplate from './unknown-template/rule.js';

export const rules: readonly Rule[] = [
  arnSectionMismatch,
  assumedRoleArn,
  awsAuthDataKey,
  awsAuthImmutable,
  awsAuthLocation,
  awsAuthValueType,
  duplicateKey,
  duplicatePrincipal,
  ec2DnsTemplateMisuse,
  embeddedYamlShape,
  embeddedYamlSyntax,
  exampleAccountId,
  fieldKeyCase,
  invalidAccountId,
  invalidArn,
  mapAccounts,
  mergedListItem,
  missingPrincipal,
  missingUsername,
  noPermissions,
  nodeGroupsToHumans,
  nodeMappingShape,
  nonStringValue,
  parseError,
  reservedUsername,
  roleArnPath,
  sessionControlledIdentity,
  sessionTemplateInUserMapping,
  ssoMapping,
  systemMasters,
  unknownField,
  unknownTemplate,
];
