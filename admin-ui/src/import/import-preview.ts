/**
 * The import preview, computed in the browser with the importer the CLI and the server run:
 * the converted text, or the importer's report exactly as `credit-rules import` prints it.
 * Nothing is created here; the server converts the file again when the ruleset is created.
 */
import type { ImportIssue } from "../../../interop/json-rules-engine/import.js";
import { importJsonRulesEngine, parseRulesFile } from "../../../interop/json-rules-engine/import.js";
import { refusalReport, unreadableLine } from "../../../interop/json-rules-engine/import-report.js";
import { generatedRulesetNameProblem } from "../../../server/rulesets/ruleset-name.js";

export type ImportPreview =
  | { kind: "empty" }
  /** Not JSON: one line with the parser's message and position. */
  | { kind: "unreadable"; report: string[] }
  /** JSON, but some part cannot be represented (or it is not json-rules-engine rules at all). */
  | { kind: "refused"; report: string[]; issues: ImportIssue[] }
  /** `rules` is the file's JSON with its numbers kept exactly, as it is sent to the server. */
  | { kind: "ready"; source: string; rules: unknown };

/** The name written into the preview's `ruleset` line while the chosen one is not usable yet. */
export const PLACEHOLDER_NAME = "imported";

export function previewImport(text: string, file: string, name: string): ImportPreview {
  if (text.trim() === "") return { kind: "empty" };
  let rules: unknown;
  try {
    rules = parseRulesFile(text);
  } catch (error) {
    return { kind: "unreadable", report: [unreadableLine(file, error)] };
  }
  const usable = generatedRulesetNameProblem(name) === null ? name : PLACEHOLDER_NAME;
  const result = importJsonRulesEngine(rules, { name: usable });
  if (result.source === null) return { kind: "refused", report: refusalReport(file, result.issues), issues: result.issues };
  return { kind: "ready", source: result.source, rules };
}

export type NameProblem = "required" | "format" | "header" | "taken";

/** Why `name` cannot be the new ruleset's name in a unit that already has `taken`, or null. */
export function nameProblem(name: string, taken: readonly string[]): NameProblem | null {
  if (name === "") return "required";
  const problem = generatedRulesetNameProblem(name);
  if (problem) return problem;
  return taken.includes(name) ? "taken" : null;
}

/** A free name suggested from the file's name (`Fouled Out.json` → `fouled-out`), or "" when none fits. */
export function suggestName(fileName: string, taken: readonly string[]): string {
  const base = fileName
    .replace(/\.[^.]*$/, "")
    .toLowerCase()
    // A part after "-" may not start with a digit in the ruleset's text: join those with "_".
    .replace(/[^a-z0-9_]+(?=[0-9])/g, "_")
    .replace(/[^a-z0-9_]+/g, "-")
    .replace(/^[-_0-9]+|-+$/g, "")
    .slice(0, 56)
    .replace(/-+$/, "");
  if (base === "" || generatedRulesetNameProblem(base) !== null) return "";
  let name = base;
  for (let i = 2; taken.includes(name); i++) name = `${base}-${i}`;
  return name;
}
