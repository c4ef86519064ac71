/** The syntax tree of a ruleset. Every node carries its span; names keep their own span for editors. */
import type { Span } from "./diagnostic.js";

export interface Name {
  text: string;
  span: Span;
}

export type CompareOp = "=" | "!=" | "<" | "<=" | ">" | ">=";
export type BinaryOp = "+" | "-" | "*" | "/" | "and" | "or" | CompareOp;
export type MatchOp = CompareOp | "in" | "not in" | "contains" | "not contains";
export type Quantifier = "any" | "all";

export type Expr =
  /** `text` is the literal as written (`3,000,000`, `40%`, `300万`); engine/ turns it into a decimal. */
  | { kind: "number"; text: string; unit: "days" | null; span: Span }
  | { kind: "string"; value: string; span: Span }
  | { kind: "bool"; value: boolean; span: Span }
  /** `none`: JSON null, for comparing json values. */
  | { kind: "null"; span: Span }
  | { kind: "name"; name: string; span: Span }
  /** The indicator value a band row compares when it starts with an operator (`<= 40%`). */
  | { kind: "subject"; span: Span }
  | { kind: "member"; object: Expr; name: Name; span: Span }
  | { kind: "unary"; op: "-" | "not"; operand: Expr; span: Span }
  | { kind: "binary"; op: BinaryOp; left: Expr; right: Expr; opSpan: Span; span: Span }
  | { kind: "if"; cond: Expr; then: Expr; else: Expr; span: Span }
  | { kind: "call"; callee: Name; args: Expr[]; span: Span }
  | { kind: "list"; items: Expr[]; span: Span }
  /**
   * A json-rules-engine style test: `tags contains "x"`, `age not in [1, 2]`, `any of tags in valid`,
   * `score > all of limits`. A quantifier (`any of`, `all of`) applies the test to each item of its side.
   */
  | { kind: "match"; op: MatchOp; left: Expr; right: Expr; leftQ: Quantifier | null; rightQ: Quantifier | null; opSpan: Span; span: Span }
  /** A node the parser could not build after a syntax error; checking skips it. */
  | { kind: "error"; span: Span };

/** `json`: any JSON value, compared with json-rules-engine's semantics (docs/interop.md). */
export type TypeName = "money" | "ratio" | "number" | "int" | "days" | "bool" | "text" | "json";

export interface InputDecl {
  kind: "input";
  name: Name;
  type: { name: TypeName | "enum"; values: Array<{ value: string; span: Span }>; span: Span };
  signed: boolean;
  default: Expr | null;
  range: { low: Expr; high: Expr; span: Span } | null;
  label: string | null;
  /** `from "profile.address.city"`: read the value at this path of the facts instead of the input's name. */
  path: { segments: Array<string | number>; text: string; span: Span } | null;
  span: Span;
}

export interface LetDecl {
  kind: "let";
  name: Name;
  label: string | null;
  expr: Expr;
  guard: Expr | null;
  span: Span;
}

export interface OutputDecl {
  kind: "output";
  name: Name;
  label: string | null;
  expr: Expr;
  span: Span;
}

export interface BandRow {
  /** null for `otherwise`. */
  cond: Expr | null;
  points: Expr;
  span: Span;
}

export interface IndicatorDecl {
  name: Name;
  label: string | null;
  /** The value banded; defaults to the input or let of the same name. */
  expr: Expr | null;
  weight: Expr;
  rows: BandRow[];
  span: Span;
}

export interface ScorecardDecl {
  kind: "scorecard";
  label: string | null;
  indicators: IndicatorDecl[];
  span: Span;
}

export interface GradesDecl {
  kind: "grades";
  names: Name[];
  span: Span;
}

export interface ScoreThreshold {
  grade: Name;
  op: ">=" | ">";
  min: Expr;
  span: Span;
}

export interface GradeByScore {
  kind: "gradeByScore";
  thresholds: ScoreThreshold[];
  otherwise: Name | null;
  span: Span;
}

export interface GradeCondition {
  code: Name;
  label: string | null;
  cond: Expr;
  span: Span;
}

export interface GradeRule {
  grade: Name;
  mode: "any" | "all";
  conditions: GradeCondition[];
  span: Span;
}

export interface GradeByRules {
  kind: "gradeByRules";
  rules: GradeRule[];
  otherwise: Name | null;
  span: Span;
}

export interface CapDecl {
  kind: "cap";
  code: Name;
  label: string | null;
  grade: Name;
  cond: Expr;
  span: Span;
}

export interface TermRow {
  /** null for `otherwise`. */
  grade: Name | null;
  guard: Expr | null;
  days: Expr;
  limit: Expr;
  label: string | null;
  override: boolean;
  span: Span;
}

export type RoundingMode = "down" | "up" | "half_up" | "half_down" | "half_even" | "floor" | "ceiling";

export interface TermsDecl {
  kind: "terms";
  rows: TermRow[];
  rounding: { mode: RoundingMode; modeSpan: Span; step: Expr; span: Span } | null;
  atLeast: Expr | null;
  span: Span;
}

export interface WarningDecl {
  kind: "warning";
  code: Name;
  label: string | null;
  severity: Name;
  action: Name;
  cond: Expr;
  span: Span;
}

export interface Route {
  /** null when the routing has no numbered levels. */
  level: { value: number; span: Span } | null;
  /** `none`: no approval needed. */
  none: boolean;
  /** null for `otherwise`. */
  cond: Expr | null;
  chain: Name[];
  span: Span;
}

export interface ApprovalDecl {
  kind: "approval";
  by: Expr | null;
  routes: Route[];
  exception: { cond: Expr; atLeast: { value: number; span: Span } | null; then: Name[]; span: Span } | null;
  span: Span;
}

export type UnaryTest =
  | { kind: "compare"; op: CompareOp; value: Expr; span: Span }
  | { kind: "range"; low: Expr; high: Expr; lowInclusive: boolean; highInclusive: boolean; span: Span }
  | { kind: "not"; tests: UnaryTest[]; span: Span };

export interface TableCell {
  /** Empty for `-` (any value). Several tests: any of them. */
  tests: UnaryTest[];
  span: Span;
}

export interface TableOutputColumn {
  name: Name;
  /** The output values in priority order (for `priority` and `output order`). */
  order: Expr[];
}

export type HitPolicy = "first" | "unique" | "any" | "priority" | "rule order" | "output order" | "collect";
export type Aggregation = "sum" | "min" | "max" | "count";

export interface TableDecl {
  kind: "table";
  name: Name;
  label: string | null;
  hit: HitPolicy;
  aggregation: Aggregation | null;
  hitSpan: Span;
  inputs: Expr[];
  outputs: TableOutputColumn[];
  rows: Array<{ cells: TableCell[]; outputs: Expr[]; span: Span }>;
  span: Span;
}

export interface TestDecl {
  kind: "test";
  name: { text: string; span: Span };
  like: { text: string; span: Span } | null;
  given: Array<{ name: Name; value: Expr }>;
  expects: Expr[];
  span: Span;
}

/** An event's params: a JSON object whose leaves are expressions (`none` is null). */
export type EventParam =
  | { kind: "object"; entries: Array<{ key: string; keySpan: Span; value: EventParam }>; span: Span }
  | { kind: "array"; items: EventParam[]; span: Span }
  | { kind: "null"; span: Span }
  | { kind: "value"; expr: Expr; span: Span };

/** `rule code "label" priority 2 when … event "type" { … }`: fires its event when the condition holds. */
export interface RuleDecl {
  kind: "rule";
  code: Name;
  label: string | null;
  priority: { value: number; span: Span } | null;
  cond: Expr;
  event: { type: string; typeSpan: Span; params: EventParam | null };
  span: Span;
}

export type Decl =
  | RuleDecl
  | InputDecl
  | LetDecl
  | OutputDecl
  | ScorecardDecl
  | GradesDecl
  | GradeByScore
  | GradeByRules
  | CapDecl
  | TermsDecl
  | WarningDecl
  | ApprovalDecl
  | TableDecl
  | TestDecl;

export interface RulesetAst {
  name: Name | null;
  label: string | null;
  decls: Decl[];
  /** Comments with their spans, for the formatter. */
  comments: Array<{ text: string; span: Span }>;
  span: Span;
}
