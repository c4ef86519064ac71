/**
 * Explanations, built only on request: for each indicator the value, band and points; each
 * cap and warning with its condition and the values that decided it; the terms row; the route.
 */
import type { Expr } from "../dsl/ast.js";
import type { Span } from "../dsl/diagnostic.js";
import { type Frame, read, RuntimeFault } from "./compile/frame.js";
import type { Plan } from "./compile/plan.js";
import { route, toJson } from "./decide.js";
import type { OutputValue } from "./record.js";
import * as N from "./numeric.js";

export interface Explanation {
  indicators: Array<{ code: string; label: string | null; value: OutputValue; band: string; line: number; points: string; weight: string; contribution: string }>;
  grade: { scoreGrade: string | null; final: string | null; caps: Array<{ code: string; label: string | null; at: string; holds: boolean; condition: string; line: number; values: Record<string, OutputValue> }> };
  terms: { row: string; line: number; limitBeforeRounding: OutputValue } | null;
  warnings: Array<{ code: string; label: string | null; fired: boolean; condition: string; line: number; values: Record<string, OutputValue> }>;
  approval: { route: string; line: number } | null;
}

const text = (plan: Plan, span: Span) => plan.source.slice(span.start, span.end).replace(/\s+/g, " ");

/** Values of every name the condition reads, as this customer has them. */
function valuesOf(plan: Plan, f: Frame, e: Expr): Record<string, OutputValue> {
  const out: Record<string, OutputValue> = {};
  const visit = (x: Expr): void => {
    switch (x.kind) {
      case "name": {
        const sym = plan.model.resolved.get(x);
        if (sym && sym.kind !== "grade" && !(x.name in out)) {
          try {
            out[x.name] = toJson(read(f, sym.slot));
          } catch (err) {
            if (!(err instanceof RuntimeFault)) throw err;
            out[x.name] = null;
          }
        }
        return;
      }
      case "binary":
        visit(x.left);
        visit(x.right);
        return;
      case "unary":
        visit(x.operand);
        return;
      case "if":
        visit(x.cond);
        visit(x.then);
        visit(x.else);
        return;
      case "call":
        x.args.forEach(visit);
        return;
      case "list":
        x.items.forEach(visit);
        return;
      case "member":
        visit(x.object);
        return;
      default:
        return;
    }
  };
  visit(e);
  return out;
}

export function explain(plan: Plan, f: Frame): Explanation {
  const indicators = plan.indicators.map((ind, i) => {
    const o = f.indicators[i];
    const row = ind.rows[o.row];
    let value: OutputValue = null;
    try {
      value = toJson(ind.value(f));
    } catch (err) {
      if (!(err instanceof RuntimeFault)) throw err;
    }
    return {
      code: ind.code,
      label: ind.label,
      value,
      band: text(plan, row.span),
      line: row.span.line,
      points: N.formatNum(o.points as N.Num),
      weight: ind.weightText,
      contribution: N.formatNum(o.contribution as N.Num),
    };
  });
  const caps = plan.caps.map((cap) => ({
    code: cap.code,
    label: cap.label,
    at: cap.grade,
    holds: read(f, cap.slot) === true,
    condition: text(plan, cap.cond.span),
    line: cap.cond.span.line,
    values: valuesOf(plan, f, cap.cond),
  }));
  const s = plan.slots;
  const termsDecl = plan.model.ast.decls.find((d) => d.kind === "terms");
  const terms =
    termsDecl && termsDecl.kind === "terms" && f.termsRow >= 0
      ? { row: text(plan, termsDecl.rows[f.termsRow].span), line: termsDecl.rows[f.termsRow].span.line, limitBeforeRounding: toJson(f.limitBeforeRounding) }
      : null;
  const warnings = plan.warnings.map((w) => ({
    code: w.code,
    label: w.label,
    fired: read(f, w.slot) === true,
    condition: text(plan, w.cond.span),
    line: w.cond.span.line,
    values: valuesOf(plan, f, w.cond),
  }));
  let approval: Explanation["approval"] = null;
  if (plan.approval) {
    route(plan, f);
    const taken = plan.approval.routes.find((r) => r.cond === null || r.cond(f));
    if (taken) approval = { route: text(plan, taken.span), line: taken.span.line };
  }
  return {
    indicators,
    grade: { scoreGrade: s.scoreGrade >= 0 ? (read(f, s.scoreGrade) as string) : null, final: s.grade >= 0 ? (read(f, s.grade) as string) : null, caps },
    terms,
    warnings,
    approval,
  };
}
