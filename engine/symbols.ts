/**
 * What editors need about the names of a ruleset: declarations with their kind, type, label
 * and definition text, and every reference — for completion, hover, go to definition, find
 * references and rename. Works on rulesets with errors (whatever parsed).
 */
import type { Span } from "../dsl/diagnostic.js";
import { check } from "./compile.js";
import { BUILTINS, FUNCTIONS, ROUNDING_MODES, SEVERITIES, type SymbolKind } from "./check/model.js";
import { describe } from "./check/types.js";

export interface SymbolInfo {
  name: string;
  kind: SymbolKind;
  /** In words: "money", "ratio", "true/false", "a grade", … */
  type: string;
  label: string | null;
  /** The declaration's name, or null for builtins and grades declared implicitly. */
  span: Span | null;
  /** The declaration as written (for hover), e.g. `let debt_ratio = total_liabilities / total_assets when total_assets > 0`. */
  definition: string | null;
  references: Span[];
  /** For inputs: the allowed range in words, e.g. "0 … 1" or "≥ 0". */
  range: string | null;
}

export interface SymbolTable {
  symbols: SymbolInfo[];
  grades: string[];
  functions: Array<{ name: string; signature: string; doc: string }>;
  roles: string[];
  actions: string[];
  severities: readonly string[];
  roundingModes: readonly string[];
}

export function symbolsOf(source: string): SymbolTable {
  const { model } = check(source);
  const symbols: SymbolInfo[] = [];
  for (const s of model.symbols.values()) {
    const d = s.decl;
    let definition: string | null = null;
    let range: string | null = null;
    if (d && "span" in d) definition = source.slice(d.span.start, d.span.end).replace(/\s+/g, " ").slice(0, 300);
    if (s.kind === "builtin") definition = BUILTINS[s.name as keyof typeof BUILTINS] ?? null;
    if (d && "kind" in d && d.kind === "input") {
      if (d.range) range = `${source.slice(d.range.low.span.start, d.range.low.span.end)} … ${source.slice(d.range.high.span.start, d.range.high.span.end)}`;
      else if (d.type.name === "ratio") range = d.signed ? "≤ 1" : "0 … 1";
      else if (d.type.name === "bool" || d.type.name === "text" || d.type.name === "enum") range = null;
      else range = d.signed ? "any" : "≥ 0";
    }
    symbols.push({ name: s.name, kind: s.kind, type: describe(s.type), label: s.label, span: s.span, definition, references: s.references, range });
  }
  const roles = new Set<string>();
  const actions = new Set<string>(["freeze", "notify", "review", "collect"]);
  for (const d of model.ast.decls) {
    if (d.kind === "approval") {
      for (const r of d.routes) for (const n of r.chain) roles.add(n.text);
      for (const n of d.exception?.then ?? []) roles.add(n.text);
    }
    if (d.kind === "warning") actions.add(d.action.text);
  }
  return {
    symbols,
    grades: model.grades,
    functions: Object.entries(FUNCTIONS).map(([name, f]) => ({ name, ...f })),
    roles: [...roles],
    actions: [...actions],
    severities: SEVERITIES,
    roundingModes: ROUNDING_MODES,
  };
}

/** The symbol whose declaration or a reference covers `offset`, for definition/references/rename. */
export function symbolAt(table: SymbolTable, offset: number): SymbolInfo | null {
  const inSpan = (s: Span | null) => s !== null && offset >= s.start && offset <= s.end;
  return table.symbols.find((s) => inSpan(s.span) || s.references.some(inSpan)) ?? null;
}
