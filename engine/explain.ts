/**
 * Explanations, built only on request: for each indicator the value, band and points; each
 * cap and warning with its condition and the values that decided it; the terms row; the route.
 */
import type { Expr } from "../dsl/ast.js";
import type { Span } from "../dsl/diagnostic.js";
import { type Frame, read, RuntimeFault } from "./compile/frame.js";
import type { Plan } from "./compile/plan.js";
import { toJson } from "./decide.js";
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

/** A condition as shown: its text, line and the names (with slots) whose values explain it. */
interface ShownCondition {
  condition: string;
  line: number;
  names: Array<{ name: string; slot: number }>;
}

/** Everything an explanation shows that does not depend on the customer, prepared once per plan. */
interface Prepared {
  bands: Array<Array<{ band: string; line: number }>>;
  caps: ShownCondition[];
  warnings: ShownCondition[];
  terms: Array<{ row: string; line: number }> | null;
  routes: Map<unknown, { route: string; line: number }>;
}

const prepared = new WeakMap<Plan, Prepared>();

function prepare(plan: Plan): Prepared {
  let p = prepared.get(plan);
  if (p) return p;
  const termsDecl = plan.model.ast.decls.find((d) => d.kind === "terms");
  p = {
    bands: plan.indicators.map((ind) => ind.rows.map((row) => ({ band: text(plan, row.span), line: row.span.line }))),
    caps: plan.caps.map((cap) => shown(plan, cap.cond)),
    warnings: plan.warnings.map((w) => shown(plan, w.cond)),
    terms: termsDecl && termsDecl.kind === "terms" ? termsDecl.rows.map((r) => ({ row: text(plan, r.span), line: r.span.line })) : null,
    routes: new Map((plan.approval?.routes ?? []).map((r) => [r, { route: text(plan, r.span), line: r.span.line }])),
  };
  prepared.set(plan, p);
  return p;
}

function shown(plan: Plan, e: Expr): ShownCondition {
  return { condition: text(plan, e.span), line: e.span.line, names: namesIn(plan, e) };
}

/** Every name the condition reads, once, in reading order. */
function namesIn(plan: Plan, e: Expr): Array<{ name: string; slot: number }> {
  const out: Array<{ name: string; slot: number }> = [];
  const visit = (x: Expr): void => {
    switch (x.kind) {
      case "name": {
        const sym = plan.model.resolved.get(x);
        if (sym && sym.kind !== "grade" && !out.some((o) => o.name === x.name)) out.push({ name: x.name, slot: sym.slot });
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

/** Values of the names a condition reads, as this customer has them. */
function valuesOf(f: Frame, names: ShownCondition["names"]): Record<string, OutputValue> {
  const out: Record<string, OutputValue> = {};
  for (const { name, slot } of names) {
    try {
      out[name] = toJson(read(f, slot));
    } catch (err) {
      if (!(err instanceof RuntimeFault)) throw err;
      out[name] = null;
    }
  }
  return out;
}

/** `printed`: the record's indicator value texts, reused for numbers (printing a quotient is not free). */
export function explain(plan: Plan, f: Frame, printed: ReadonlyArray<{ value: string | null }> = []): Explanation {
  const p = prepare(plan);
  const indicators = plan.indicators.map((ind, i) => {
    const o = f.indicators[i];
    const band = p.bands[i][o.row];
    let value: OutputValue = null;
    try {
      const v = read(f, ind.slot);
      value = N.isNum(v) && printed[i] !== undefined ? printed[i].value : toJson(v);
    } catch (err) {
      if (!(err instanceof RuntimeFault)) throw err;
    }
    return {
      code: ind.code,
      label: ind.label,
      value,
      band: band.band,
      line: band.line,
      points: o.pointsText ?? N.formatNum(o.points as N.Num),
      weight: ind.weightText,
      contribution: o.contributionText ?? N.formatNum(o.contribution as N.Num),
    };
  });
  const caps = plan.caps.map((cap, i) => ({
    code: cap.code,
    label: cap.label,
    at: cap.grade,
    holds: read(f, cap.slot) === true,
    condition: p.caps[i].condition,
    line: p.caps[i].line,
    values: valuesOf(f, p.caps[i].names),
  }));
  const s = plan.slots;
  const terms = p.terms && f.termsRow >= 0 ? { ...p.terms[f.termsRow], limitBeforeRounding: toJson(f.limitBeforeRounding) } : null;
  const warnings = plan.warnings.map((w, i) => ({
    code: w.code,
    label: w.label,
    fired: read(f, w.slot) === true,
    condition: p.warnings[i].condition,
    line: p.warnings[i].line,
    values: valuesOf(f, p.warnings[i].names),
  }));
  let approval: Explanation["approval"] = null;
  if (plan.approval) {
    const taken = plan.approval.routes.find((r) => r.cond === null || r.cond(f));
    if (taken) approval = { ...p.routes.get(taken)! };
  }
  return {
    indicators,
    grade: { scoreGrade: s.scoreGrade >= 0 ? (read(f, s.scoreGrade) as string) : null, final: s.grade >= 0 ? (read(f, s.grade) as string) : null, caps },
    terms,
    warnings,
    approval,
  };
}
