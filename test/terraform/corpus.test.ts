import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Body } from '../../src/hcl/index.js';
import { walkNodes, type SourceNode } from '../../src/source-node.js';
import { evaluate, instances, isIndefinite, moduleScope, parseTfFile, type Scope, type TfFile } from '../../src/terraform/evaluate.js';
import { attributeExpr, entry, item, plain, must } from './helpers.js';

const CORPUS = join(import.meta.dirname, '..', '..', '..', 'shared', 'corpus', 'realworld', 'terraform');
const names = readdirSync(CORPUS)
  .filter((f) => f.endsWith('.tf'))
  .sort();

function loadFile(name: string): TfFile {
  return parseTfFile(name, readFileSync(join(CORPUS, name), 'utf8')).file;
}

/** Problems with a value: spans outside their file, characters that do not map to themselves. */
function checkValue(node: SourceNode, files: ReadonlyMap<string, TfFile>, where: string, problems: string[]): void {
  walkNodes(node, (n) => {
    const file = files.get(n.span.file);
    if (file === undefined || n.span.startOffset > n.span.endOffset || n.span.endOffset > file.text.length) {
      problems.push(`${where}: bad span ${JSON.stringify(n.span)}`);
      return;
    }
    if (n.kind === 'map') {
      for (const e of n.entries) if (!files.has(e.keySpan.file) || e.keySpan.startOffset > e.keySpan.endOffset) problems.push(`${where}: bad key span for ${e.key}`);
    }
    if (n.kind !== 'scalar' || typeof n.value !== 'string') return;
    const embedded = n.embed?.();
    if (embedded?.ok !== true) {
      problems.push(`${where}: string without embed`);
      return;
    }
    let last = -1;
    for (let i = 0; i <= n.value.length; i++) {
      const at = embedded.toSource(i);
      if (at < 0 || at > file.text.length) problems.push(`${where}: char ${i} maps outside the file`);
      // Embedded positions never run backwards, so any range of them is a sane span.
      if (at < last) problems.push(`${where}: char ${i} of ${JSON.stringify(n.value.slice(0, 40))} maps backwards`);
      last = at;
    }
    for (let i = 0; i < n.value.length; i++) {
      const span = n.locate?.(i, i + 1);
      if (span?.file !== n.span.file) continue;
      const source = file.text.slice(span.startOffset, span.endOffset);
      // A character copied from the source maps onto itself (escapes map to the whole sequence).
      if (source.length === 1 && source !== n.value.charAt(i) && source !== '"') {
        problems.push(`${where}: char ${i} ${JSON.stringify(n.value.charAt(i))} of ${JSON.stringify(n.value.slice(0, 40))} maps to ${JSON.stringify(source)}`);
        break;
      }
    }
  });
}

function evaluateBody(body: Body, file: TfFile, scope: Scope, files: ReadonlyMap<string, TfFile>, problems: string[]): number {
  let count = 0;
  for (const attribute of body.attributes) {
    checkValue(evaluate(attribute.expr, file, scope), files, `${file.path} ${attribute.name}`, problems);
    count++;
  }
  for (const block of body.blocks) {
    count += evaluateBody(block.body, file, scope, files, problems);
    // With the bindings of each known for_each/count instance too.
    if (block.type === 'resource' || block.type === 'module' || block.type === 'data') {
      for (const instance of instances(block, file, scope) ?? []) {
        for (const attribute of block.body.attributes) {
          checkValue(evaluate(attribute.expr, file, scope, { bindings: instance.bindings }), files, `${file.path} ${attribute.name}`, problems);
        }
      }
    }
  }
  return count;
}

describe('real-world Terraform corpus', () => {
  it('has files to read', () => {
    expect(names.length).toBeGreaterThan(40);
  });

  it.each(names)('%s: every attribute and local evaluates without throwing, with sound spans and maps', (name) => {
    const file = loadFile(name);
    const scope = moduleScope([file]);
    const files = new Map([[file.path, file]]);
    const problems: string[] = [];
    const count = evaluateBody(file.body, file, scope, files, problems);
    for (const local of scope.localNames()) {
      const value = scope.local(local);
      if (value !== undefined) checkValue(value, files, `${name} local.${local}`, problems);
    }
    for (const variable of scope.variableNames()) {
      const value = scope.variable(variable);
      if (value !== undefined) checkValue(value, files, `${name} var.${variable}`, problems);
    }
    expect(problems).toEqual([]);
    expect(count).toBeGreaterThan(0);
  });

  it('the two files of one module (prow-build-cluster) evaluate together', () => {
    const auth = loadFile('kubernetes__k8s.io__infra__aws__terraform__prow-build-cluster__aws-auth.tf');
    const locals = loadFile('kubernetes__k8s.io__infra__aws__terraform__prow-build-cluster__locals.tf');
    const scope = moduleScope([auth, locals]);
    const module = auth.body.blocks.find((b) => b.type === 'module');
    if (module === undefined) throw new Error('no module block');
    const users = evaluate(attributeExpr(module.body, 'aws_auth_users'), auth, scope);
    expect(plain(users)).toEqual([{ userarn: '<unknown>', username: 'root', groups: ['eks-cluster-admin'] }]);
    // local.root_account_arn is built from data.aws_caller_identity: unknown, never a half-built ARN.
    expect(entry(item(users, 0), 'userarn').kind).toBe('opaque');
    // aws_auth_roles: flatten([cond ? [prow admin] : [], admins, viewers]) where cond depends on
    // var.cluster_name (declared elsewhere): the conditional part is any number of unknown items.
    const roles = evaluate(attributeExpr(module.body, 'aws_auth_roles'), auth, scope);
    expect(plain(roles)).toHaveLength(5);
    expect(isIndefinite(item(roles, 0))).toBe(true);
    expect(plain(item(roles, 4))).toEqual({ rolearn: '<unknown>', username: 'eks-infra-viewer', groups: ['eks-cluster-viewer'] });
    // The admin and viewer lists are known apart from the role ARNs, whose spans are in locals.tf.
    const admins = scope.local('cluster_admin_roles');
    expect(plain(must(admins))).toEqual([
      { rolearn: '<unknown>', username: 'eks-infra-admin', groups: ['eks-cluster-admin'] },
      { rolearn: '<unknown>', username: 'eks-cluster-admin', groups: ['eks-cluster-admin'] },
    ]);
    expect(entry(item(admins, 1), 'username').span.file).toBe(locals.path);
  });
});
