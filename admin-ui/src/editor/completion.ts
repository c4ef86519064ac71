/**
 * What to offer at the cursor, worked out from the text of the line before it and the
 * ruleset's symbols. Pure: the Monaco provider only turns these into suggestion items.
 */
import type { SymbolTable } from "../../../engine/symbols.js";

export type CompletionKind = "keyword" | "input" | "let" | "name" | "function" | "grade" | "severity" | "action" | "role" | "mode";

export interface Completion {
  label: string;
  kind: CompletionKind;
  /** Type and label, shown beside the suggestion. */
  detail: string;
  documentation?: string;
  /** Text to insert when it differs from the label (a snippet for functions). */
  insertText?: string;
  snippet?: boolean;
}

/** Words that open a declaration or a row; offered at the start of a line. */
const DECLARATION_WORDS = ["input", "let", "output", "scorecard", "indicator", "grades", "grade by score:", "grade by rules", "cap", "terms by grade", "warning", "approval by", "table", "test", "given", "expect", "otherwise", "override when", "round limit", "level", "none when", "on exception"];
/** Words that continue an expression. */
const EXPRESSION_WORDS = ["and", "or", "not", "if", "then", "else", "when", "true", "false", "days", "otherwise"];
const TYPES = ["money", "ratio", "number", "int", "days", "bool", "text", "signed"];

function detailOf(type: string, label: string | null): string {
  return label ? `${type} · ${label}` : type;
}

function names(table: SymbolTable): Completion[] {
  const out: Completion[] = [];
  for (const s of table.symbols) {
    if (s.kind === "grade" || s.kind === "warning" || s.kind === "cap" || s.kind === "condition") continue;
    const kind: CompletionKind = s.kind === "input" ? "input" : s.kind === "let" ? "let" : "name";
    out.push({ label: s.name, kind, detail: detailOf(s.type, s.label), documentation: s.definition ?? undefined });
  }
  for (const f of table.functions) {
    out.push({ label: f.name, kind: "function", detail: f.signature, documentation: f.doc, insertText: `${f.name}($1)`, snippet: true });
  }
  return out;
}

const words = (list: readonly string[], kind: CompletionKind, detail: string): Completion[] => list.map((label) => ({ label, kind, detail }));

export function completionsAt(lineBefore: string, table: SymbolTable): Completion[] {
  const trimmed = lineBefore.trimStart();
  const grades = words(table.grades, "grade", "grade");
  // `warning CODE "label" <severity> <action> when …`
  const warning = /^warning\s+\S+(?:\s+"[^"]*"|\s+“[^”]*”)?\s+(\S+\s+)?$/.exec(trimmed);
  if (warning) return warning[1] ? words(table.actions, "action", "action") : words(table.severities, "severity", "severity");
  if (/^cap\s.*\bat\s+\S*$/.test(trimmed)) return grades;
  if (/^round\s+limit\s+\S*$/.test(trimmed) || /\bround\(.*,.*,\s*\S*$/.test(trimmed)) return words(table.roundingModes, "mode", "rounding mode");
  // Approver chains follow the colon of a route or `then` in the exception line.
  if (/^(level\s+\d+.*|otherwise|none\b.*|on\s+exception.*then)\s*:?.*[:,]\s*[\p{L}_]*$/u.test(trimmed) && /^(level|otherwise|on\s+exception)/.test(trimmed)) {
    return words(table.roles, "role", "approver role");
  }
  if (/^input\s+\S+\s+\S*$/.test(trimmed)) return words(TYPES, "keyword", "type");
  // Grade names start rows of `terms by grade`, score thresholds and rule-based grades.
  if (/^grade\s+by\s+score\s*:.*$/.test(trimmed)) return [...grades, ...words(["otherwise"], "keyword", "keyword")];
  if (/^[\p{L}_]*$/u.test(trimmed)) {
    return [...words(DECLARATION_WORDS, "keyword", "keyword"), ...grades, ...names(table)];
  }
  return [...names(table), ...grades, ...words(EXPRESSION_WORDS, "keyword", "keyword")];
}
