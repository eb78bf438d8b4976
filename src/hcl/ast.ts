/**
 * The syntax tree of an HCL2 native-syntax file (`.tf`, `.tofu`).
 *
 * Every node carries `range`: UTF-16 offsets into the text given to the parser, end exclusive
 * (a leading byte order mark keeps its offset 0, so positions of later characters are those of
 * the original text). `LineIndex` in src/span.ts turns offsets into lines and columns.
 */

export interface Range {
  readonly start: number;
  readonly end: number;
}

export interface HclError {
  readonly message: string;
  readonly range: Range;
}

export interface Comment {
  /** `#` and `//` comments are `line` (the range stops before the line break); `/* *\/` is `block`. */
  readonly kind: 'line' | 'block';
  readonly text: string;
  readonly range: Range;
}

// ---------------------------------------------------------------------------------------------
// Structure

export interface Body {
  readonly kind: 'body';
  /** A block's body spans its braces; the file's body spans the whole text. */
  readonly range: Range;
  /** Attributes and blocks in source order, duplicates included. */
  readonly items: readonly BodyItem[];
  readonly attributes: readonly Attribute[];
  readonly blocks: readonly Block[];
}

export type BodyItem = Attribute | Block;

/** `name = expr` */
export interface Attribute {
  readonly kind: 'attribute';
  readonly name: string;
  readonly nameRange: Range;
  readonly expr: Expression;
  readonly range: Range;
}

/** `type "label" label { body }` */
export interface Block {
  readonly kind: 'block';
  readonly type: string;
  readonly typeRange: Range;
  readonly labels: readonly BlockLabel[];
  readonly body: Body;
  readonly range: Range;
  readonly openBraceRange: Range;
  /** Missing when the block is not closed (an error was reported). */
  readonly closeBraceRange: Range | undefined;
}

export interface BlockLabel {
  readonly value: string;
  /** The whole label, quotes included. */
  readonly range: Range;
  /** `"label"` rather than a bare identifier. */
  readonly quoted: boolean;
}

export interface Identifier {
  readonly name: string;
  readonly range: Range;
}

// ---------------------------------------------------------------------------------------------
// Expressions

export type Expression =
  | LiteralExpr
  | TemplateExpr
  | TupleExpr
  | ObjectExpr
  | FunctionCallExpr
  | ForExpr
  | ConditionalExpr
  | BinaryExpr
  | UnaryExpr
  | ParenExpr
  | VariableExpr
  | GetAttrExpr
  | IndexExpr
  | SplatExpr
  | SplatItemExpr;

/** A number, `true`, `false` or `null`. Strings are templates. */
export interface LiteralExpr {
  readonly kind: 'literal';
  readonly value: number | boolean | null;
  readonly range: Range;
}

/** A quoted string (`"..."`) or a heredoc (`<<EOT` / `<<-EOT`). */
export interface TemplateExpr {
  readonly kind: 'template';
  readonly range: Range;
  /** Literal text and interpolation/directive parts, after escapes, `~` stripping and `<<-` flushing. */
  readonly parts: readonly TemplatePart[];
  /** Between the quotes; for a heredoc, from the line after `<<EOT` to the start of the closing marker line. */
  readonly contentRange: Range;
  /** Present for heredocs. */
  readonly heredoc: HeredocInfo | undefined;
}

export interface HeredocInfo {
  readonly marker: string;
  /** `<<-EOT`: the common leading whitespace of the lines is removed. */
  readonly indented: boolean;
  /** `<<EOT` or `<<-EOT`. */
  readonly openRange: Range;
  /** The closing marker (without its indentation); missing when the heredoc is unterminated. */
  readonly closeRange: Range | undefined;
}

export type TemplatePart = TemplateText | TemplateInterpolation | TemplateIf | TemplateFor;

/**
 * Literal text of a template. `value` is the unescaped text; `runs` map it back to the source:
 * run `i` covers value offsets `[runs[i].value, runs[i+1].value)` (the last one up to
 * `value.length`) and the source offsets `[start, end)`. When both lengths are equal the run is
 * copied character for character; otherwise it is one escape sequence (`\n`, `\u00e9`, `$${`)
 * and all its value characters map to `start`. Use `textToSource` rather than reading runs.
 */
export interface TemplateText {
  readonly kind: 'text';
  readonly value: string;
  /** The source text this literal came from (before flushing and stripping). */
  readonly range: Range;
  readonly runs: readonly TextRun[];
}

export interface TextRun {
  readonly value: number;
  readonly start: number;
  readonly end: number;
}

/** `${ expr }`; `stripBefore` is `${~`, `stripAfter` is `~}`. */
export interface TemplateInterpolation {
  readonly kind: 'interpolation';
  readonly expr: Expression;
  readonly range: Range;
  readonly stripBefore: boolean;
  readonly stripAfter: boolean;
}

/** `%{ if cond }...%{ else }...%{ endif }` */
export interface TemplateIf {
  readonly kind: 'if';
  readonly condition: Expression;
  readonly then: readonly TemplatePart[];
  /** Undefined when there is no `%{ else }`. */
  readonly else: readonly TemplatePart[] | undefined;
  readonly range: Range;
}

/** `%{ for k, v in coll }...%{ endfor }` */
export interface TemplateFor {
  readonly kind: 'for';
  readonly keyVar: Identifier | undefined;
  readonly valueVar: Identifier;
  readonly collection: Expression;
  readonly body: readonly TemplatePart[];
  readonly range: Range;
}

export interface TupleExpr {
  readonly kind: 'tuple';
  readonly items: readonly Expression[];
  readonly range: Range;
}

export interface ObjectExpr {
  readonly kind: 'object';
  readonly items: readonly ObjectItem[];
  readonly range: Range;
}

export interface ObjectItem {
  /** A bare identifier key is a `variable` node; `(expr)` keys are `parens`. */
  readonly key: Expression;
  /**
   * The key as a string when it is one without evaluation: a bare identifier (`a = 1`), a
   * literal-only quoted string (`"b" = 2`), or a number/bool/null literal. Undefined otherwise.
   */
  readonly keyName: string | undefined;
  readonly separator: '=' | ':';
  readonly value: Expression;
  readonly range: Range;
}

export interface FunctionCallExpr {
  readonly kind: 'call';
  /** Namespaced names keep their colons: `provider::aws::arn_parse`. */
  readonly name: string;
  readonly nameRange: Range;
  readonly args: readonly Expression[];
  /** The last argument is followed by `...`. */
  readonly expandFinal: boolean;
  readonly range: Range;
}

/** `[for k, v in coll : value if cond]` and `{for k, v in coll : key => value... if cond}` */
export interface ForExpr {
  readonly kind: 'for';
  /** The `{ for ... }` form. */
  readonly object: boolean;
  readonly keyVar: Identifier | undefined;
  readonly valueVar: Identifier;
  readonly collection: Expression;
  /** Object form only: the expression before `=>`. */
  readonly keyExpr: Expression | undefined;
  readonly valueExpr: Expression;
  /** Object form with `...` after the value. */
  readonly grouping: boolean;
  readonly condition: Expression | undefined;
  readonly range: Range;
}

export interface ConditionalExpr {
  readonly kind: 'conditional';
  readonly condition: Expression;
  readonly trueExpr: Expression;
  readonly falseExpr: Expression;
  readonly range: Range;
}

export type BinaryOperator = '||' | '&&' | '==' | '!=' | '<' | '>' | '<=' | '>=' | '+' | '-' | '*' | '/' | '%';

export interface BinaryExpr {
  readonly kind: 'binary';
  readonly operator: BinaryOperator;
  readonly operatorRange: Range;
  readonly left: Expression;
  readonly right: Expression;
  readonly range: Range;
}

export interface UnaryExpr {
  readonly kind: 'unary';
  readonly operator: '!' | '-';
  readonly operand: Expression;
  readonly range: Range;
}

export interface ParenExpr {
  readonly kind: 'parens';
  readonly expr: Expression;
  readonly range: Range;
}

/** The root of a traversal: `var` in `var.x`, `each` in `each.value`, or a lone name. */
export interface VariableExpr {
  readonly kind: 'variable';
  readonly name: string;
  readonly range: Range;
}

/** `object.name` */
export interface GetAttrExpr {
  readonly kind: 'getattr';
  readonly object: Expression;
  readonly name: string;
  readonly nameRange: Range;
  readonly range: Range;
}

/** `object[key]`, or the legacy `object.0` (`legacy`, key is a number literal). */
export interface IndexExpr {
  readonly kind: 'index';
  readonly object: Expression;
  readonly key: Expression;
  readonly legacy: boolean;
  readonly range: Range;
}

/**
 * `source[*].a.b` (full) or `source.*.a.b` (attribute-only). `each` is the traversal applied to
 * every element, rooted at a `splat-item` node (which stands for the element).
 */
export interface SplatExpr {
  readonly kind: 'splat';
  readonly source: Expression;
  readonly each: Expression;
  readonly full: boolean;
  readonly range: Range;
}

/** The element placeholder inside `SplatExpr.each`; its range is the `[*]` or `.*` marker. */
export interface SplatItemExpr {
  readonly kind: 'splat-item';
  readonly range: Range;
}
