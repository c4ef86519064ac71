/** Source → checked model → plan. The one entry point every host (CLI, server, editor) uses. */
import { type Diagnostic, hasErrors, sortDiagnostics } from "../dsl/diagnostic.js";
import { parse } from "../dsl/parse.js";
import { Checker } from "./check/checker.js";
import type { Model } from "./check/model.js";
import { runPolicyChecks } from "./check/policy-checks.js";
import { buildPlan, type Plan } from "./compile/plan.js";

export interface CompileOptions {
  file?: string;
  /** Generate JavaScript for the ruleset's expressions (default: when the host allows it); false composes closures. */
  generate?: boolean;
}

export interface CheckResult {
  model: Model;
  diagnostics: Diagnostic[];
}

export interface CompileResult {
  /** null when some diagnostic is an error. */
  plan: Plan | null;
  diagnostics: Diagnostic[];
}

/** Parse and check only: what the editor needs on every keystroke. */
export function check(source: string): CheckResult {
  const parsed = parse(source);
  const checker = new Checker(parsed.ast);
  const model = checker.run();
  // Policy checks need a whole syntax tree; they read around names and types the checker rejected.
  if (!hasErrors(parsed.diagnostics)) runPolicyChecks(model, checker, source, { namesAndTypesSound: !hasErrors(checker.diagnostics) });
  // A line with a syntax error was only partly read: what the checker says about it is noise.
  // Parts recovery invented (a name it inserted) have no place in the text: nothing to report there.
  const broken = new Set(parsed.diagnostics.filter((d) => d.severity === "error").map((d) => d.span.line));
  const invented = (d: Diagnostic) => broken.size > 0 && d.span.end === 0;
  const diagnostics = sortDiagnostics([...parsed.diagnostics, ...model.diagnostics.filter((d) => !broken.has(d.span.line) && !invented(d))]);
  return { model: { ...model, diagnostics }, diagnostics };
}

export function compile(source: string, options: CompileOptions = {}): CompileResult {
  const { model, diagnostics } = check(source);
  if (hasErrors(diagnostics)) return { plan: null, diagnostics };
  return { plan: buildPlan(model, source, { generate: options.generate }), diagnostics };
}
