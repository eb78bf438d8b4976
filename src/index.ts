/**
 * eks-auth-lint's Node API. `lint()` reads files and in-memory text and returns typed findings;
 * the reporters turn a result into the CLI's output formats.
 */
export { lint, loadModel, UnknownRuleError, type LoadedModel, type LintOptions, type LintResult, type RuleInfo } from './lint.js';
export {
  CallerError,
  explainIdentity,
  readCaller,
  readCallerIdentity,
  renderExplanation,
  type Caller,
  type CallerIdentity,
  type ClusterExplanation,
  type ExplainOptions,
  type Explanation,
  type Grant,
  type NearMiss,
  type NearMissKind,
} from './explain/index.js';
export { ConfigError, loadConfig, type Config } from './config/load.js';
export { CONFIG_NAMES, findConfig } from './config/discover.js';
export { format, FORMATS, type FormatName } from './report/index.js';
export type { FileReport, RuleSetting } from './engine.js';
export type { Finding, Level, RelatedLocation, RuleMeta, Tag } from './rule.js';
export type { Position, Span } from './span.js';
export { rules } from '../rules/index.js';
