import type { Model } from './model.js';
import type { Span } from './span.js';

/** SARIF's own words, so no mapping table is needed anywhere. */
export type Level = 'error' | 'warning' | 'note';
export type Tag = 'lockout' | 'security' | 'correctness' | 'migration';

export interface RuleMeta {
  /** Public, stable id: SARIF ruleId, config key, suppression name and doc folder. */
  readonly id: string;
  readonly level: Level;
  readonly tags: readonly Tag[];
  /** One sentence: what the rule detects. */
  readonly summary: string;
  /** Why it matters: what the authenticator or EKS does with it. */
  readonly description: string;
  /** CVSS-like score as a string, for rules tagged `security` (GitHub code scanning). */
  readonly securitySeverity?: string;
}

export interface RelatedLocation {
  readonly span: Span;
  readonly message: string;
}

export interface Report {
  readonly span: Span;
  readonly message: string;
  readonly related?: readonly RelatedLocation[];
  /**
   * A level for this finding instead of the rule's default, where the same mistake is worse in one
   * carrier (a username the authenticator accepts but the access entries API rejects). A level set by
   * the user with --rule still wins.
   */
  readonly level?: Level;
  /** A safe, exact edit that resolves this finding (`--fix`), when one exists. */
  readonly fix?: Fix;
}

/** Replaces `span` (offsets into the decoded text of `span.file`) with `text`; empty span: insertion. */
export interface TextEdit {
  readonly span: Span;
  readonly text: string;
}

/** Edits of the original text of one file that together resolve one finding. */
export interface Fix {
  /** Short imperative sentence: what the edits do. */
  readonly description: string;
  readonly edits: readonly TextEdit[];
}

export interface RuleContext {
  report(report: Report): void;
  /**
   * The decoded text of a linted file, so that a rule can check what is written at a span before it offers
   * a fix (optional: contexts built outside the engine may not have it).
   */
  readonly sourceText?: (file: string) => string | undefined;
}

export interface Rule extends RuleMeta {
  check(model: Model, context: RuleContext): void;
}

/** Identity function: gives rule files a typed literal without a class hierarchy. */
export function defineRule(rule: Rule): Rule {
  return rule;
}

export interface Finding {
  readonly ruleId: string;
  readonly level: Level;
  readonly message: string;
  readonly span: Span;
  readonly related: readonly RelatedLocation[];
  /**
   * Set when an inline directive (`# eks-auth-lint-disable-next-line RULE -- reason` and its
   * same-line and file forms) suppresses this finding: its reason and where the directive is.
   * Suppressed findings do not fail the run and are only shown by the json and sarif formats.
   */
  readonly suppression?: { readonly justification: string; readonly span: Span };
  /** The rule's fix, when it offers one (see `Report.fix`). */
  readonly fix?: Fix;
}
