import { accountsOf, mappingsOf } from './aws-auth/mappings.js';
import type { InputFile } from './input.js';
import { loadFile, type LoadedFile } from './load-file.js';
import { ownership } from './cluster/ownership.js';
import { readTerraform } from './terraform/carrier.js';
import { readOwnershipFacts } from './terraform/ownership-facts.js';
import type { AuthMode, Mapping, Model } from './model.js';
import { stringValue } from './source-node.js';
import type { Finding, Level, Rule } from './rule.js';
import { validateClusterConfig, validateSection } from './schema/validate.js';
import { compareSpans } from './span.js';

export type RuleSetting = Level | 'off';

export interface EngineOptions {
  readonly rules: readonly Rule[];
  /** The authentication mode of clusters the scanned files do not define (`--auth-mode`). */
  readonly authMode?: AuthMode;
  /** Level overrides by rule id; `off` disables a rule. */
  readonly ruleSettings?: Readonly<Record<string, RuleSetting>>;
}

export interface FileReport {
  readonly path: string;
  readonly status: LoadedFile['status'];
  readonly reason?: string;
}

export interface EngineResult {
  readonly findings: readonly Finding[];
  readonly files: readonly FileReport[];
}

/** Builds the one model every rule reads from all the files of a run. */
export function buildModel(loaded: readonly LoadedFile[], authMode?: AuthMode): Model {
  const tfFiles = loaded.flatMap((f) => (f.terraform === undefined ? [] : [f.terraform]));
  const terraform = readTerraform(tfFiles);
  const facts = readOwnershipFacts(tfFiles);
  const configMaps = [...loaded.flatMap((f) => f.configMaps), ...terraform.configMaps];
  const eksctl = loaded.flatMap((f) => f.eksctl);
  const manifestSections = configMaps.flatMap((c) => c.sections);
  const sections = [...manifestSections, ...eksctl.flatMap((e) => e.sections)];
  const templates = loaded.flatMap((f) => f.templates);
  const clusters = [...eksctl.map((e) => e.cluster), ...templates.flatMap((t) => t.clusters), ...terraform.clusters];
  const clusterOf = ownership(clusters, authMode);
  const mappings = withDeclaredNodeKinds([...manifestSections.flatMap(mappingsOf), ...eksctl.flatMap((e) => e.mappings)], clusterOf);
  return {
    configMaps,
    sections,
    mappings,
    accounts: [...manifestSections.flatMap(accountsOf), ...eksctl.flatMap((e) => e.accounts)],
    schemaIssues: manifestSections.flatMap((s) => validateSection(s, mappings)),
    configIssues: clusters.flatMap(validateClusterConfig),
    parseFailures: loaded.flatMap((f) => f.parseFailures),
    kustomizations: loaded.flatMap((f) => (f.kustomization === undefined ? [] : [f.kustomization])),
    clusters,
    accessEntries: [...eksctl.flatMap((e) => e.cluster.accessEntries), ...templates.flatMap((t) => t.accessEntries), ...terraform.accessEntries],
    eksModules: terraform.eksModules ?? [],
    callerIdentityPrincipals: facts.callerIdentityPrincipals,
    configMapOwners: facts.configMapOwners,
    clusterOf,
  };
}

/** A mapping of a role that its cluster declares as a node group or Fargate role is that kind of node. */
function withDeclaredNodeKinds(mappings: readonly Mapping[], clusterOf: Model['clusterOf']): Mapping[] {
  return mappings.map((mapping) => {
    const arn = stringValue(mapping.principal)?.trim().toLowerCase();
    const role = arn === undefined ? undefined : clusterOf(mapping.section.owner)?.nodes.roles.find((r) => r.arn.toLowerCase() === arn);
    return role === undefined ? mapping : { ...mapping, declaredNodeKind: role.kind };
  });
}

/** Pure core: files in, findings out, in a stable order. Only the CLI touches the disk. */
export function runEngine(files: readonly InputFile[], options: EngineOptions): EngineResult {
  const loaded = files.map(loadFile);
  const model = buildModel(loaded, options.authMode);
  const findings: Finding[] = [];
  for (const rule of options.rules) {
    const override = options.ruleSettings?.[rule.id];
    if (override === 'off') continue;
    rule.check(model, {
      report(report) {
        const level = override ?? report.level ?? rule.level;
        findings.push({ ruleId: rule.id, level, message: report.message, span: report.span, related: report.related ?? [] });
      },
    });
  }
  return {
    findings: dedupe(findings).sort(compareFindings),
    files: loaded
      .map((f) => (f.reason === undefined ? { path: f.path, status: f.status } : { path: f.path, status: f.status, reason: f.reason }))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
  };
}

export function compareFindings(a: Finding, b: Finding): number {
  return compareSpans(a.span, b.span) || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);
}

/** Aliased YAML can make one source place reachable twice; report it once. */
function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.ruleId}\0${f.span.file}\0${f.span.startOffset}\0${f.span.endOffset}\0${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
