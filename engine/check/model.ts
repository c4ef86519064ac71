/** What checking learns about a ruleset: its names, their types, and what each name refers to. */
import type { Decl, Expr, IndicatorDecl, RulesetAst, TableDecl } from "../../dsl/ast.js";
import type { Diagnostic, Span } from "../../dsl/diagnostic.js";
import type { Type } from "./types.js";

export type SymbolKind = "input" | "let" | "output" | "indicator" | "builtin" | "warning" | "cap" | "condition" | "table" | "grade" | "rule";

export interface PolicySymbol {
  name: string;
  kind: SymbolKind;
  type: Type;
  label: string | null;
  /** Where it is declared (the name); builtins point at what defines them, or nowhere. */
  span: Span | null;
  decl: Decl | IndicatorDecl | null;
  /** Every use of the name in the ruleset, for find-references and rename. */
  references: Span[];
  /** Value slot in the evaluator's frame. */
  slot: number;
}

export interface Model {
  ast: RulesetAst;
  symbols: Map<string, PolicySymbol>;
  /** Name expressions resolved to their symbol. */
  resolved: Map<Expr, PolicySymbol>;
  types: Map<Expr, Type>;
  /** Best first. */
  grades: string[];
  diagnostics: Diagnostic[];
  tables: Map<string, TableDecl>;
}

/** The builtin names every ruleset may read, once the part that defines them exists. */
export const BUILTINS = {
  score: "the scorecard score (sum of weight × points / 100)",
  score_grade: "the grade given by the score before caps",
  grade: "the final grade, after caps",
  limit: "the credit limit from the terms, after rounding",
  term: "the credit term in days from the terms",
  frozen: "true when a warning with action freeze fires",
} as const;

export type BuiltinName = keyof typeof BUILTINS;

/** Functions callable in expressions, with the signature shown in editors. */
export const FUNCTIONS: Record<string, { signature: string; doc: string }> = {
  min: { signature: "min(a, b, …)", doc: "the smallest of its arguments" },
  max: { signature: "max(a, b, …)", doc: "the largest of its arguments" },
  abs: { signature: "abs(x)", doc: "x without its sign" },
  round: { signature: "round(x, step, mode)", doc: "x rounded to a multiple of step (default 1) with mode half_up (default), half_even, half_down, up, down, floor or ceiling" },
  floor: { signature: "floor(x, step)", doc: "x rounded down (toward −∞) to a multiple of step (default 1)" },
  ceil: { signature: "ceil(x, step)", doc: "x rounded up (toward +∞) to a multiple of step (default 1)" },
  power: { signature: "power(x, n)", doc: "x raised to the whole power n (e.g. power(1 + monthly_rate, -term) for an annuity)" },
  contains: { signature: "contains(list, value)", doc: "true when the list holds the value" },
  count: { signature: "count(list)", doc: "how many items the list has" },
};

export const ROUNDING_MODES = ["half_up", "half_even", "half_down", "up", "down", "floor", "ceiling"] as const;
export const SEVERITIES = ["info", "warning", "critical"] as const;
