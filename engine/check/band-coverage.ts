/**
 * Scorecard bands: a value no band takes (with no `otherwise`) stops the evaluation for that
 * customer; a band the rows above already cover is dead policy text. Both are found exactly
 * for rows that compare names with constants; other rows only ever silence a report.
 */
import type { IndicatorDecl } from "../../dsl/ast.js";
import type { Checker } from "./checker.js";
import { type Approx, condOf, describeExample, PolicySpace, textOf } from "./conditions.js";
import type { Model } from "./model.js";
import { type Box, boxExample, FULL, regionIntersect, regionMinusAll, TooComplex } from "./regions.js";

export function checkBands(model: Model, checker: Checker, source: string): void {
  for (const d of model.ast.decls) {
    if (d.kind !== "scorecard") continue;
    for (const ind of d.indicators) {
      try {
        checkIndicator(ind, model, checker, source);
      } catch (e) {
        if (!(e instanceof TooComplex)) throw e;
      }
    }
  }
}

function checkIndicator(ind: IndicatorDecl, model: Model, checker: Checker, source: string): void {
  const space = new PolicySpace(model);
  const subject = ind.name.text;
  if (!model.symbols.has(subject)) return;
  const rows: Approx[] = ind.rows.map((r) => (r.cond ? space.approx(condOf(r.cond), subject) : { under: [FULL], over: [FULL] }));
  const taken: Box[] = [];
  const dead = new Set<number>();
  ind.rows.forEach((row, i) => {
    const mine = rows[i];
    if (row.cond && mine.over.length === 0) {
      dead.add(i);
      checker.report("unreachable-row", "warning", `this band can never match: no value of ${subject} satisfies "${textOf(source, row.cond.span)}"`, row.span);
    } else if (regionMinusAll(mine.over, taken, space).length === 0) {
      dead.add(i);
      const by = ind.rows.slice(0, i).filter((_, j) => !dead.has(j) && regionIntersect(rows[j].under, mine.over, space).length > 0);
      const what = row.cond ? "this band can never match" : `"otherwise" is never reached`;
      checker.report(
        "unreachable-row",
        "warning",
        `${what}: the bands above already take every value of ${subject} it covers`,
        row.span,
        by.map((r) => `taken by line ${r.span.line}: ${textOf(source, r.span)}`),
      );
    }
    taken.push(...mine.under);
  });
  if (ind.rows.some((r) => r.cond === null)) return;
  const gap = regionMinusAll([FULL], rows.flatMap((r) => r.over), space);
  if (gap.length === 0) return;
  const example = boxExample(gap[0], [subject], space);
  const exact = example.every(([k]) => space.isExact(k));
  checker.report(
    "band-gap",
    exact ? "error" : "warning",
    `indicator ${subject} has no band for some values and no "otherwise" row`,
    ind.name.span,
    [
      `e.g. ${describeExample(example, space)} ${exact ? "matches" : "would match"} no band, and evaluation stops for that customer`,
      `add a band for these values or "otherwise -> points"`,
    ],
  );
}
