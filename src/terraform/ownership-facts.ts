import { posix } from 'node:path';
import type { Block, Expression } from '../hcl/index.js';
import { walkExpressions } from '../hcl/walk.js';
import type { CallerIdentityPrincipal, TerraformConfigMapOwner } from '../model.js';
import { stringValue } from '../source-node.js';
import type { Span } from '../span.js';
import { evaluate, moduleScope, traversal, type Scope, type TfFile } from './evaluate.js';

/** Facts about Terraform modules that the aws-auth carrier does not read: where caller-identity ARNs are used as principals, and ConfigMap ownership next to node groups. */
export interface TerraformOwnershipFacts {
  readonly callerIdentityPrincipals: readonly CallerIdentityPrincipal[];
  readonly configMapOwners: readonly TerraformConfigMapOwner[];
}

const PRINCIPAL_RESOURCES = new Set(['aws_eks_access_entry', 'aws_eks_access_policy_association']);
const CONFIG_MAP_TYPES = new Set(['kubernetes_config_map', 'kubernetes_config_map_v1', 'kubernetes_config_map_v1_data']);
const FULL_OWNERSHIP_TYPES = new Set(['kubernetes_config_map', 'kubernetes_config_map_v1']);
const NODE_RESOURCES = new Set(['aws_eks_node_group', 'aws_eks_fargate_profile']);

/** Reads every module (one per directory) of the given files. */
export function readOwnershipFacts(files: readonly TfFile[]): TerraformOwnershipFacts {
  const byDirectory = new Map<string, TfFile[]>();
  for (const file of files) {
    const directory = posix.dirname(file.path);
    byDirectory.set(directory, [...(byDirectory.get(directory) ?? []), file]);
  }
  const callerIdentityPrincipals: CallerIdentityPrincipal[] = [];
  const configMapOwners: TerraformConfigMapOwner[] = [];
  for (const moduleFiles of byDirectory.values()) {
    const scope = moduleScope(moduleFiles);
    const resources = moduleFiles.flatMap((file) =>
      file.body.blocks.flatMap((block) => {
        const [type, name] = block.labels;
        return block.type === 'resource' && type !== undefined && name !== undefined ? [{ type: type.value, block, file }] : [];
      }),
    );
    const seen = new Set<string>();
    const add = (found: CallerIdentityPrincipal): void => {
      const key = `${found.span.file}\0${found.span.startOffset}`;
      if (seen.has(key)) return;
      seen.add(key);
      callerIdentityPrincipals.push(found);
    };
    for (const { type, block, file } of resources) {
      if (PRINCIPAL_RESOURCES.has(type)) {
        const attribute = block.body.attributes.findLast((a) => a.name === 'principal_arn');
        if (attribute !== undefined) for (const found of callerIdentityArns(attribute.expr, file, scope, 'principal_arn')) add(found);
      } else if (CONFIG_MAP_TYPES.has(type)) {
        const data = block.body.attributes.findLast((a) => a.name === 'data');
        const roles = data === undefined ? undefined : sectionExpression(data.expr, file, scope, 'mapRoles', 0);
        if (roles !== undefined) for (const found of callerIdentityArns(roles.expr, roles.file, scope, 'rolearn')) add(found);
      }
    }
    const nodeResources = resources.filter((r) => NODE_RESOURCES.has(r.type)).map((r) => ({ type: r.type, span: headerSpan(r.block, r.file) }));
    for (const { type, block, file } of resources) {
      if (!FULL_OWNERSHIP_TYPES.has(type) || ignoresData(block)) continue;
      const metadata = block.body.blocks.findLast((b) => b.type === 'metadata');
      const nameAttribute = metadata?.body.attributes.findLast((a) => a.name === 'name');
      if (nameAttribute === undefined || stringValue(evaluate(nameAttribute.expr, file, scope)) !== 'aws-auth') continue;
      const label = block.labels[0];
      if (label === undefined) continue;
      configMapOwners.push({
        type,
        file: file.path,
        anchor: headerSpan(block, file),
        typeSpan: file.lines.span(label.range.start, label.range.end),
        nodeResources,
      });
    }
  }
  return { callerIdentityPrincipals, configMapOwners };
}

/** `resource "type" "name"`, as the aws-auth carrier anchors a ConfigMap. */
function headerSpan(block: Block, file: TfFile): Span {
  const last = block.labels.at(-1);
  return file.lines.span(block.typeRange.start, last?.range.end ?? block.typeRange.end);
}

/** `lifecycle { ignore_changes = [data] }` (or `all`): Terraform no longer writes the data it declares. */
function ignoresData(block: Block): boolean {
  const lifecycle = block.body.blocks.findLast((b) => b.type === 'lifecycle');
  const ignore = lifecycle?.body.attributes.findLast((a) => a.name === 'ignore_changes');
  if (ignore === undefined) return false;
  if (traversal(ignore.expr)?.[0] === 'all') return true;
  return ignore.expr.kind === 'tuple' && ignore.expr.items.some((item) => traversal(item)?.[0] === 'data');
}

/** The expression of one key of a ConfigMap's `data`, through `local.x` and `merge(...)`. */
function sectionExpression(expr: Expression, file: TfFile, scope: Scope, key: string, depth: number): { expr: Expression; file: TfFile } | undefined {
  if (depth > 16) return undefined;
  if (expr.kind === 'parens') return sectionExpression(expr.expr, file, scope, key, depth + 1);
  if (expr.kind === 'object') {
    const item = expr.items.findLast((i) => i.keyName === key);
    return item === undefined ? undefined : { expr: item.value, file };
  }
  if (expr.kind === 'call' && expr.name === 'merge') {
    for (const arg of [...expr.args].reverse()) {
      const found = sectionExpression(arg, file, scope, key, depth + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  const path = traversal(expr);
  if (path?.[0] === 'local' && typeof path[1] === 'string' && path.length === 2) {
    const def = scope.localDefinition(path[1]);
    return def === undefined ? undefined : sectionExpression(def.expr, def.file, scope, key, depth + 1);
  }
  return undefined;
}

/** Every `data.aws_caller_identity.<name>.arn` an expression is built from, looking through `local.x`. */
function callerIdentityArns(expr: Expression, file: TfFile, scope: Scope, attribute: CallerIdentityPrincipal['attribute']): CallerIdentityPrincipal[] {
  const found: CallerIdentityPrincipal[] = [];
  const visited = new Set<string>();
  const visit = (root: Expression, where: TfFile, depth: number): void => {
    if (depth > 16) return;
    walkExpressions(root, (e) => {
      if (e.kind !== 'getattr' && e.kind !== 'variable') return;
      const path = traversal(e);
      if (path === undefined) return;
      if (path.length === 4 && path[0] === 'data' && path[1] === 'aws_caller_identity' && typeof path[2] === 'string' && path[3] === 'arn') {
        found.push({ attribute, dataName: path[2], span: where.lines.span(e.range.start, e.range.end) });
      } else if (path[0] === 'local' && typeof path[1] === 'string' && path.length === 2 && !visited.has(path[1])) {
        visited.add(path[1]);
        const def = scope.localDefinition(path[1]);
        if (def !== undefined) visit(def.expr, def.file, depth + 1);
      }
    });
  };
  visit(expr, file, 0);
  return found;
}
