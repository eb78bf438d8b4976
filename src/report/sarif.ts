import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import { baselineMarks, FINGERPRINT_KEY } from '../baseline.js';
import type { FileReport } from '../engine.js';
import { sarifFixes } from '../fix/sarif-fix.js';
import type { LintResult, RuleInfo } from '../lint.js';
import { INFORMATION_URI, ruleDoc, ruleDocUri, TOOL_NAME } from '../package-info.js';
import type { Finding } from '../rule.js';
import type { Span } from '../span.js';
import { repositoryPath } from '../repository-path.js';

const SRCROOT = '%SRCROOT%';

/**
 * SARIF 2.1.0 for GitHub code scanning: one run, the whole rule catalog in tool.driver, URIs relative
 * to the repository root, regions in UTF-16 code units. Deterministic: no timestamps.
 */
export function sarif(result: LintResult): string {
  const ruleIndex = new Map(result.rules.map((rule, index) => [rule.id, index]));
  const uri = (file: string): string => artifactUri(result, file);
  const log: Sarif.Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            version: result.toolVersion,
            semanticVersion: result.toolVersion,
            informationUri: INFORMATION_URI,
            rules: result.rules.map(descriptor),
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(result.root).href.replace(/\/?$/, '/') } },
        columnKind: 'utf16CodeUnits',
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: result.files.filter((f) => f.status === 'skipped').map((f) => notification(f, uri)),
          },
        ],
        results: result.findings.map((finding) => ({
          ruleId: finding.ruleId,
          ruleIndex: ruleIndex.get(finding.ruleId) ?? -1,
          level: finding.level,
          message: { text: finding.message },
          locations: [location(finding.span, uri)],
          ...(finding.related.length === 0
            ? {}
            : { relatedLocations: finding.related.map((r, id) => ({ id, ...location(r.span, uri), message: { text: r.message } })) }),
          ...(finding.suppression === undefined
            ? {}
            : { suppressions: [{ kind: 'inSource' as const, justification: finding.suppression.justification, location: location(finding.suppression.span, uri) }] }),
          ...baselineFields(finding),
          ...sarifFixes(finding.fix, (file) => ({ uri: uri(file), uriBaseId: SRCROOT })),
        })),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/** Our line-independent fingerprint (never GitHub's own `primaryLocationLineHash`) and, with --baseline, `baselineState`. */
function baselineFields(finding: Finding): Pick<Sarif.Result, 'partialFingerprints' | 'baselineState'> {
  const { fingerprint, baselineState } = baselineMarks(finding);
  return {
    ...(fingerprint === undefined ? {} : { partialFingerprints: { [FINGERPRINT_KEY]: fingerprint } }),
    ...(baselineState === undefined ? {} : { baselineState }),
  };
}

function descriptor(rule: RuleInfo): Sarif.ReportingDescriptor {
  const helpUri = ruleDocUri(rule.id);
  const security = rule.securitySeverity === undefined ? {} : { 'security-severity': rule.securitySeverity };
  return {
    id: rule.id,
    name: rule.id.replace(/(^|-)([a-z0-9])/g, (_, __: string, c: string) => c.toUpperCase()),
    shortDescription: { text: rule.summary },
    fullDescription: { text: rule.description },
    help: { text: `${rule.description}\n\nDocumentation: ${helpUri}`, markdown: ruleDoc(rule.id) ?? `${rule.description}\n\n[Documentation](${helpUri})` },
    helpUri,
    defaultConfiguration: rule.setting === 'off' ? { enabled: false, level: rule.level } : { level: rule.setting },
    properties: {
      tags: [...rule.tags, 'eks'],
      precision: 'very-high',
      'problem.severity': rule.level === 'note' ? 'recommendation' : rule.level,
      ...security,
    },
  };
}

function location(span: Span, uri: (file: string) => string): Sarif.Location {
  // An empty range (a parse error at one point) becomes one character, which every viewer can show.
  const sameLine = span.start.line === span.end.line;
  const endColumn = sameLine && span.end.column <= span.start.column ? span.start.column + 1 : span.end.column;
  return {
    physicalLocation: {
      artifactLocation: { uri: uri(span.file), uriBaseId: SRCROOT },
      region: { startLine: span.start.line, startColumn: span.start.column, endLine: span.end.line, endColumn },
    },
  };
}

function notification(file: FileReport, uri: (file: string) => string): Sarif.Notification {
  return {
    level: 'note',
    message: { text: `Skipped ${file.path}: ${file.reason ?? 'not linted'}.` },
    locations: [{ physicalLocation: { artifactLocation: { uri: uri(file.path), uriBaseId: SRCROOT } } }],
  };
}

/** Repository-relative, forward slashes, each segment percent-encoded. */
function artifactUri(result: LintResult, file: string): string {
  return repositoryPath(result, file).split('/').map((segment) => (segment === '..' ? segment : encodeURIComponent(segment))).join('/');
}
