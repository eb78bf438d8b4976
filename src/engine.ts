import { accountsOf, mappingsOf } from './aws-auth/mappings.js';
import type { InputFile } from './input.js';
import { loadFiles, type LoadedFile } from './load-file.js';
import { ownership, type DirectoryMode } from './cluster/ownership.js';
import { readTerraform } from './terraform/carrier.js';
import { readOwnershipFacts } from './terraform/ownership-facts.js';
import { placeKubeconfigs } from './kubeconfig/merge.js';
import type { AuthMode, Mapping, Model } from './model.js';
import { stringValue } from './source-node.js';
import type { Finding, Level, Rule } from './rule.js';
import type { Span } from './span.js';
import { validateClusterConfig, validateSection } from './schema/validate.js';
import { compareSpans } from './span.js';
import { covers, scanDirectives, type Directive } from './suppress.js';
import { decode } from './input.js';
import { rules as catalog } from '../rules/index.js';

/** The rule whose findings report suppression directives that are malformed or suppress nothing. */
export const UNUSED_SUPPRESSION = 'unused-suppression';

export type RuleSetting = Level | 'off';

export interface EngineOptions {
  readonly rules: readonly Rule[];
  /** The authentication mode of clusters the scanned files do not define (`--auth-mode`). */
  readonly authMode?: AuthMode;
  /** Authentication modes by directory, for manifests no scanned cluster owns (the configuration file's `clusters`). */
  readonly directoryModes?: readonly DirectoryMode[];
  /** Display paths of the files given with --kubeconfig or KUBECONFIG, in order: merged as kubectl merges them. */
  readonly kubeconfigList?: readonly string[];
  /** Level overrides by rule id; `off` disables a rule. */
  readonly ruleSettings?: Readonly<Record<string, RuleSetting>>;
  /** Rule ids a suppression directive may name; defaults to the whole catalog. */
  readonly knownRuleIds?: readonly string[];
  /** Called as files are loaded (`done` of `total`), for a progress display. */
  readonly onProgress?: (done: number, total: number) => void;
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
export function buildModel(loaded: readonly LoadedFile[], authMode?: AuthMode, directoryModes?: readonly DirectoryMode[], kubeconfigList: readonly string[] = []): Model {
  const tfFiles = loaded.flatMap((f) => (f.terraform === undefined ? [] : [f.terraform]));
  const terraform = readTerraform(tfFiles);
  const facts = readOwnershipFacts(tfFiles);
  const configMaps = [...loaded.flatMap((f) => f.configMaps), ...terraform.configMaps];
  const eksctl = loaded.flatMap((f) => f.eksctl);
  const manifestSections = configMaps.flatMap((c) => c.sections);
  const sections = [...manifestSections, ...eksctl.flatMap((e) => e.sections)];
  const templates = loaded.flatMap((f) => f.templates);
  const clusters = [...eksctl.map((e) => e.cluster), ...templates.flatMap((t) => t.clusters), ...terraform.clusters];
  const clusterOf = ownership(clusters, authMode, directoryModes);
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
    kubeconfigs: placeKubeconfigs(loaded.flatMap((f) => f.kubeconfigs), kubeconfigList),
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
  const loaded = loadFiles(files, options.onProgress);
  const model = buildModel(loaded, options.authMode, options.directoryModes, options.kubeconfigList);
  const findings: Finding[] = [];
  const sourceText = sourceTexts(files);
  for (const rule of options.rules) {
    const override = options.ruleSettings?.[rule.id];
    if (override === 'off') continue;
    rule.check(model, {
      report(report) {
        const level = override ?? report.level ?? rule.level;
        const fix = report.fix === undefined ? {} : { fix: report.fix };
        findings.push({ ruleId: rule.id, level, message: report.message, span: report.span, related: report.related ?? [], ...fix });
      },
      sourceText,
    });
  }
  return {
    findings: suppress(files, dedupe(findings), options).sort(compareFindings),
    files: loaded
      .map((f) => (f.reason === undefined ? { path: f.path, status: f.status } : { path: f.path, status: f.status, reason: f.reason }))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
  };
}

/** Decoded file texts by path, decoded on first request only (rules ask for them when they build a fix). */
function sourceTexts(files: readonly InputFile[]): (file: string) => string | undefined {
  const cache = new Map<string, string | undefined>();
  let byPath: Map<string, InputFile> | undefined;
  return (path) => {
    if (!cache.has(path)) {
      byPath ??= new Map(files.map((f) => [f.path, f]));
      const file = byPath.get(path);
      const decoded = file === undefined ? undefined : decode(file);
      cache.set(path, decoded?.ok === true ? decoded.text : undefined);
    }
    return cache.get(path);
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

/**
 * Applies the inline suppression directives of every input file: marks the findings they cover and,
 * when the rule unused-suppression runs, reports directives without a reason, naming unknown rules or
 * suppressing nothing. Runs after the rules, since a rule cannot know about comments.
 */
/** Every directive contains this text; UTF-8 bytes without it are not decoded a second time (most files of a large tree). */
const DIRECTIVE_BYTES = Buffer.from('eks-auth-lint-');

function mayHoldDirectives(file: InputFile): boolean {
  const bytes = file.content;
  if (typeof bytes === 'string') return true;
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  return utf16 || Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(DIRECTIVE_BYTES);
}

function suppress(files: readonly InputFile[], findings: Finding[], options: EngineOptions): Finding[] {
  const directivesByFile = new Map<string, Directive[]>();
  for (const file of files) {
    if (!mayHoldDirectives(file)) continue;
    const decoded = decode(file);
    if (!decoded.ok) continue;
    const directives = scanDirectives(file.path, decoded.text);
    if (directives.length > 0) directivesByFile.set(file.path, [...(directivesByFile.get(file.path) ?? []), ...directives]);
  }
  if (directivesByFile.size === 0) return findings;
  const used = new Map<Directive, Set<string>>();
  const result = findings.map((finding) => {
    const directive = (directivesByFile.get(finding.span.file) ?? []).find(
      (d) => d.justification !== undefined && covers(d, finding.ruleId, finding.span.start.line),
    );
    if (directive?.justification === undefined) return finding;
    used.set(directive, (used.get(directive) ?? new Set()).add(finding.ruleId));
    return { ...finding, suppression: { justification: directive.justification, span: directive.span } };
  });
  const unusedRule = options.rules.find((r) => r.id === UNUSED_SUPPRESSION);
  const unusedSetting = options.ruleSettings?.[UNUSED_SUPPRESSION];
  if (unusedRule === undefined || unusedSetting === 'off') return result;
  const level = unusedSetting ?? unusedRule.level;
  const known = new Set(options.knownRuleIds ?? catalog.map((r) => r.id));
  const ran = new Set(options.rules.filter((r) => options.ruleSettings?.[r.id] !== 'off').map((r) => r.id));
  const report = (span: Span, message: string): void => {
    result.push({ ruleId: UNUSED_SUPPRESSION, level, message, span, related: [] });
  };
  for (const directives of directivesByFile.values()) {
    for (const d of directives) {
      const name = `eks-auth-lint-${d.kind}`;
      if (d.ruleIds.length === 0) {
        report(d.span, `${name} names no rule: write "${name} RULE -- reason".`);
        continue;
      }
      if (d.justification === undefined) {
        report(d.span, `${name} gives no reason, so it suppresses nothing: add " -- " and why the finding is acceptable.`);
      }
      for (const id of d.ruleIds.filter((r) => !known.has(r))) {
        report(d.span, `${name} names ${id}, which is not a rule id of eks-auth-lint (see docs/rules.md).`);
      }
      if (d.justification === undefined) continue;
      const hits = used.get(d) ?? new Set<string>();
      for (const id of d.ruleIds.filter((r) => known.has(r) && ran.has(r) && !hits.has(r))) {
        const where = d.kind === 'disable-file' ? 'in this file' : `starting on line ${d.targetLine}`;
        report(d.span, `${name} suppresses nothing: there is no ${id} finding ${where}. Remove "${id}" from the directive.`);
      }
    }
  }
  return result;
}
