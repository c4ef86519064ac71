/**
 * Checks of the policy as a whole, run once the syntax is sound: weights, grade thresholds,
 * cycles, unused inputs, band/table/routing coverage, division guards.
 */
import type { Expr } from "../../dsl/ast.js";
import type { Checker } from "./checker.js";
import type { Model } from "./model.js";
import * as N from "../numeric.js";
import { checkApproval } from "./approval-coverage.js";
import { checkBands } from "./band-coverage.js";
import { checkDivisions } from "./division-guards.js";
import { checkTables } from "./table-coverage.js";

export function runPolicyChecks(model: Model, checker: Checker, source: string, options: { namesAndTypesSound: boolean } = { namesAndTypesSound: true }): void {
  checkWeights(model, checker);
  checkGradeThresholds(model, checker);
  // With type errors the checker has already reported the cycles it met while inferring.
  if (options.namesAndTypesSound) checkCycles(model, checker);
  // A misspelt or mistyped use would make its input look unused: wait until names are sound.
  if (options.namesAndTypesSound) checkUnusedInputs(model, checker);
  checkBands(model, checker, source);
  checkTables(model, checker, source);
  checkApproval(model, checker, source);
  checkDivisions(model, checker, source);
}

function literal(e: Expr): N.Num | null {
  if (e.kind === "unary" && e.op === "-") {
    const v = literal(e.operand);
    return v === null ? null : N.neg(v);
  }
  if (e.kind !== "number") return null;
  try {
    return N.parseLiteral(e.text);
  } catch {
    return null;
  }
}

function checkWeights(model: Model, checker: Checker): void {
  for (const d of model.ast.decls) {
    if (d.kind !== "scorecard" || d.indicators.length === 0) continue;
    let sum: N.Num = 0;
    for (const ind of d.indicators) {
      const w = literal(ind.weight);
      if (w === null) {
        checker.report("weight-not-constant", "error", `the weight of ${ind.name.text} must be a number written out, e.g. weight 12`, ind.weight.span);
        return;
      }
      if (N.sign(w) < 0) checker.report("negative-weight", "error", `the weight of ${ind.name.text} is negative`, ind.weight.span);
      sum = N.add(sum, w);
    }
    if (N.cmp(sum, 100) !== 0) {
      const parts = d.indicators.map((i) => `${i.name.text} ${N.formatNum(literal(i.weight) ?? 0)}`).join(" + ");
      checker.report("weights-sum", "error", `the weights add up to ${N.formatNum(sum)}, not 100`, d.span, [`${parts} = ${N.formatNum(sum)}`]);
    }
  }
}

function checkGradeThresholds(model: Model, checker: Checker): void {
  for (const d of model.ast.decls) {
    if (d.kind !== "gradeByScore") continue;
    let previous: { value: N.Num; grade: string } | null = null;
    for (const t of d.thresholds) {
      const v = literal(t.min);
      if (v === null) continue;
      if (previous && N.cmp(v, previous.value) >= 0) {
        checker.report(
          "grade-order",
          "error",
          `grade ${t.grade.text} needs ${t.op} ${N.formatNum(v)}, but the better grade ${previous.grade} already takes scores ${t.op} ${N.formatNum(previous.value)}: thresholds must go down from the best grade`,
          t.span,
        );
      }
      previous = { value: v, grade: t.grade.text };
    }
    const order = model.grades;
    const listed = [...d.thresholds.map((t) => t.grade.text), ...(d.otherwise ? [d.otherwise.text] : [])];
    const positions = listed.map((g) => order.indexOf(g));
    for (let i = 1; i < positions.length; i++) {
      if (positions[i] >= 0 && positions[i - 1] >= 0 && positions[i] < positions[i - 1]) {
        const span = i < d.thresholds.length ? d.thresholds[i].grade.span : d.otherwise!.span;
        checker.report("grade-order", "error", `grade ${listed[i]} is better than ${listed[i - 1]} in "grades", so it must come first`, span);
      }
    }
  }
}

function checkCycles(model: Model, checker: Checker): void {
  const state = new Map<string, 1 | 2>();
  const reported = new Set<string>();
  const visit = (name: string, path: string[]): void => {
    const st = state.get(name);
    if (st === 2) return;
    if (st === 1) {
      const cycle = [...path.slice(path.indexOf(name)), name];
      const key = [...cycle].sort().join(",");
      if (reported.has(key)) return;
      reported.add(key);
      const sym = model.symbols.get(name);
      const span = sym?.span ?? model.ast.span;
      checker.report("cycle", "error", `${cycle.join(" → ")}: these values depend on each other in a circle`, span);
      return;
    }
    state.set(name, 1);
    for (const dep of checker.deps.get(name) ?? []) visit(dep, [...path, name]);
    state.set(name, 2);
  };
  for (const name of checker.deps.keys()) visit(name, []);
}

function checkUnusedInputs(model: Model, checker: Checker): void {
  for (const sym of model.symbols.values()) {
    if (sym.kind !== "input" || !sym.span) continue;
    const used = [...checker.deps.entries()].some(([owner, deps]) => !owner.startsWith("test ") && deps.has(sym.name));
    if (!used) checker.report("unused-input", "warning", `input ${sym.name} is declared but no rule reads it`, sym.span);
  }
}
