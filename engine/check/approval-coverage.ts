/**
 * Approval routing: without an `otherwise` route, a request no route takes stops the decision
 * for that customer. Routes are read in order, so a route the ones above already take is dead.
 */
import type { ApprovalDecl } from "../../dsl/ast.js";
import type { Checker } from "./checker.js";
import { type Approx, condOf, describeExample, PolicySpace, textOf } from "./conditions.js";
import type { Model } from "./model.js";
import { type Box, boxExample, FULL, regionIntersect, regionMinusAll, TooComplex } from "./regions.js";

export function checkApproval(model: Model, checker: Checker, source: string): void {
  for (const d of model.ast.decls) {
    if (d.kind !== "approval") continue;
    try {
      checkRoutes(d, model, checker, source);
    } catch (e) {
      if (!(e instanceof TooComplex)) throw e;
    }
  }
}

function routeName(r: ApprovalDecl["routes"][number]): string {
  return r.none ? `the route "none"` : r.level ? `level ${r.level.value}` : `the route to ${r.chain.map((n) => n.text).join(", ")}`;
}

function checkRoutes(d: ApprovalDecl, model: Model, checker: Checker, source: string): void {
  const space = new PolicySpace(model);
  const routes: Approx[] = d.routes.map((r) => (r.cond ? space.approx(condOf(r.cond), null) : { under: [FULL], over: [FULL] }));
  const taken: Box[] = [];
  const dead = new Set<number>();
  d.routes.forEach((r, i) => {
    const mine = routes[i];
    if (r.cond && mine.over.length === 0) {
      dead.add(i);
      checker.report("unreachable-route", "warning", `${routeName(r)} is never taken: no request satisfies "${textOf(source, r.cond.span)}"`, r.span);
    } else if (regionMinusAll(mine.over, taken, space).length === 0) {
      dead.add(i);
      const by = d.routes.slice(0, i).filter((_, j) => !dead.has(j) && regionIntersect(routes[j].under, mine.over, space).length > 0);
      checker.report(
        "unreachable-route",
        "warning",
        `${routeName(r)} is never taken: the routes above already take every request it covers`,
        r.span,
        by.map((x) => `taken by line ${x.span.line} (${routeName(x)})${x.cond ? `: ${textOf(source, x.cond.span)}` : ""}`),
      );
    }
    taken.push(...mine.under);
  });
  if (d.routes.some((r) => r.cond === null)) return;
  const gap = regionMinusAll([FULL], routes.flatMap((r) => r.over), space);
  if (gap.length === 0) return;
  const byKey = d.by ? space.keyOf(d.by, null) : null;
  const example = boxExample(gap[0], byKey ? [byKey] : [], space);
  const exact = example.every(([k]) => space.isExact(k));
  checker.report("approval-gap", exact ? "error" : "warning", `some requests match no approval route and there is no "otherwise" route`, d.routes.length ? spanOfHead(d) : d.span, [
    `e.g. a request with ${describeExample(example, space)} ${exact ? "is" : "would be"} routed nowhere, and evaluation stops for that customer`,
    `add a route for these requests or "otherwise: approvers"`,
  ]);
}

/** The `approval …` line, not the whole block. */
function spanOfHead(d: ApprovalDecl) {
  const end = d.by ? d.by.span : d.span;
  return { line: d.span.line, column: d.span.column, start: d.span.start, endLine: end.endLine, endColumn: d.by ? end.endColumn : d.span.column + "approval".length, end: d.by ? end.end : d.span.start + "approval".length };
}
