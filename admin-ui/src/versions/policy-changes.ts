/**
 * What changed between two versions of a ruleset in policy terms — weights, bands, grade
 * thresholds, caps, terms and limits, warnings, approval routes — rather than lines of text.
 * Each part of the policy gets a stable key; parts are compared by their normalised text.
 */
import "../../../dsl/object-group-by.js";
import type { Decl } from "../../../dsl/ast.js";
import type { Span } from "../../../dsl/diagnostic.js";
import { parse } from "../../../dsl/parse.js";

export type PolicyArea = "input" | "derived" | "output" | "weight" | "band" | "threshold" | "grade-rule" | "cap" | "terms" | "warning" | "route" | "table" | "test";

export interface PolicyChange {
  area: PolicyArea;
  change: "added" | "removed" | "changed";
  subject: string;
  before: string | null;
  after: string | null;
}

interface Part {
  area: PolicyArea;
  subject: string;
  text: string;
}

function partsOf(source: string): Map<string, Part> {
  const { ast } = parse(source);
  const parts = new Map<string, Part>();
  const text = (span: Span) => source.slice(span.start, span.end).replace(/\s+/g, " ").trim();
  const put = (key: string, area: PolicyArea, subject: string, span: Span) => parts.set(key, { area, subject, text: text(span) });
  const visit = (d: Decl) => {
    switch (d.kind) {
      case "input":
        return put(`input:${d.name.text}`, "input", d.name.text, d.span);
      case "let":
        return put(`let:${d.name.text}`, "derived", d.name.text, d.span);
      case "output":
        return put(`output:${d.name.text}`, "output", d.name.text, d.span);
      case "scorecard":
        for (const ind of d.indicators) {
          put(`weight:${ind.name.text}`, "weight", ind.name.text, ind.weight.span);
          parts.set(`bands:${ind.name.text}`, { area: "band", subject: ind.name.text, text: ind.rows.map((r) => text(r.span)).join("; ") });
        }
        return;
      case "gradeByScore":
        for (const th of d.thresholds) put(`threshold:${th.grade.text}`, "threshold", th.grade.text, th.span);
        if (d.otherwise) put("threshold:otherwise", "threshold", "otherwise", d.otherwise.span);
        return;
      case "gradeByRules":
        for (const rule of d.rules) for (const c of rule.conditions) put(`grade-rule:${rule.grade.text}:${c.code.text}`, "grade-rule", `${rule.grade.text} ${c.code.text}`, c.span);
        return;
      case "cap":
        return put(`cap:${d.code.text}`, "cap", d.code.text, d.span);
      case "terms": {
        let overrides = 0;
        for (const row of d.rows) {
          const subject = row.override ? `override ${++overrides}` : (row.grade?.text ?? "otherwise");
          put(`terms:${subject}`, "terms", subject, row.span);
        }
        if (d.rounding) put("terms:rounding", "terms", "rounding", d.rounding.span);
        if (d.atLeast) put("terms:at-least", "terms", "limit at least", d.atLeast.span);
        return;
      }
      case "warning":
        return put(`warning:${d.code.text}`, "warning", d.code.text, d.span);
      case "approval": {
        let unnumbered = 0;
        for (const r of d.routes) {
          const subject = r.level ? `level ${r.level.value}` : r.none ? "none" : r.cond === null ? "otherwise" : `route ${++unnumbered}`;
          put(`route:${subject}`, "route", subject, r.span);
        }
        if (d.exception) put("route:exception", "route", "on exception", d.exception.span);
        return;
      }
      case "table":
        return put(`table:${d.name.text}`, "table", d.name.text, d.span);
      case "test":
        return put(`test:${d.name.text}`, "test", d.name.text, d.span);
      case "grades":
        return put("grades", "threshold", "grades", d.span);
    }
  };
  ast.decls.forEach(visit);
  return parts;
}

export function policyChanges(before: string, after: string): PolicyChange[] {
  const a = partsOf(before);
  const b = partsOf(after);
  const changes: PolicyChange[] = [];
  for (const [key, part] of a) {
    const other = b.get(key);
    if (!other) changes.push({ area: part.area, change: "removed", subject: part.subject, before: part.text, after: null });
    else if (other.text !== part.text) changes.push({ area: part.area, change: "changed", subject: part.subject, before: part.text, after: other.text });
  }
  for (const [key, part] of b) if (!a.has(key)) changes.push({ area: part.area, change: "added", subject: part.subject, before: null, after: part.text });
  const order: PolicyArea[] = ["weight", "band", "threshold", "grade-rule", "cap", "terms", "warning", "route", "input", "derived", "output", "table", "test"];
  return changes.sort((x, y) => order.indexOf(x.area) - order.indexOf(y.area));
}
