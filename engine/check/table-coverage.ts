/**
 * Decision tables: overlapping rows under hit policy unique (or any, when their outputs
 * differ), inputs no row matches, and rows that can never be used. Every column is a name
 * with a domain (intervals for numbers, value sets for texts, grades and true/false); a row
 * is a box, and the questions are box algebra, exact for cells that compare with constants.
 */
import type { TableDecl, UnaryTest } from "../../dsl/ast.js";
import type { Checker } from "./checker.js";
import { describeExample, PolicySpace, textOf } from "./conditions.js";
import { NumSet } from "./intervals.js";
import type { Model } from "./model.js";
import { type Box, boxExample, FULL, nums, regionIntersect, regionMinusAll, setComplement, setIntersect, setIsEmpty, setUnion, TooComplex, type VarSet } from "./regions.js";

interface RowRegion {
  /** Inputs the row surely matches (empty when a cell cannot be read exactly). */
  under: Box[];
  /** Inputs the row may match. */
  over: Box[];
}

export function checkTables(model: Model, checker: Checker, source: string): void {
  for (const d of model.ast.decls) {
    if (d.kind !== "table" || d.rows.some((r) => r.cells.length !== d.inputs.length)) continue;
    try {
      checkTable(d, model, checker, source);
    } catch (e) {
      if (!(e instanceof TooComplex)) throw e;
    }
  }
}

function checkTable(d: TableDecl, model: Model, checker: Checker, source: string): void {
  const space = new PolicySpace(model);
  const keys = d.inputs.map((e, i) => {
    const key = space.keyOf(e, null);
    if (key) return key;
    const synthetic = textOf(source, e.span) || `column ${i + 1}`;
    space.define(synthetic, space.typeDomain(model.types.get(e) ?? { k: "unknown" }));
    return synthetic;
  });
  const rows: RowRegion[] = d.rows.map((row) => rowRegion(row.cells.map((c) => c.tests), keys, space));
  const rowLine = (i: number) => `line ${d.rows[i].span.line}`;
  const example = (b: Box) => describeExample(boxExample(b, keys, space).filter(([k]) => keys.includes(k)), space);

  if (d.hit === "unique" || d.hit === "any") {
    for (let j = 1; j < rows.length; j++) {
      for (let i = 0; i < j; i++) {
        if (d.hit === "any" && sameOutputs(d, i, j, source)) continue;
        const both = regionIntersect(rows[i].under, rows[j].under, space);
        if (both.length === 0) continue;
        const why = d.hit === "unique" ? "hit policy unique allows only one matching row" : "hit policy any needs matching rows to give the same output";
        checker.report("table-overlap", "error", `this row and the row at ${rowLine(i)} both match some inputs of table ${d.name.text}, but ${why}`, d.rows[j].span, [
          `e.g. ${example(both[0])} matches both`,
        ]);
        break;
      }
    }
  }

  if (d.hit === "first" || d.hit === "priority") {
    const rank = d.hit === "priority" ? priorities(d, source) : null;
    const dead = new Set<number>();
    for (let i = 0; i < rows.length; i++) {
      if (rows[i].over.length === 0) {
        dead.add(i);
        checker.report("unreachable-row", "warning", `this row of table ${d.name.text} can never match: no input satisfies all its cells`, d.rows[i].span);
        continue;
      }
      const winners = rows
        .map((_, k) => k)
        .filter((k) => k !== i && !dead.has(k) && (rank ? rank[k] < rank[i] || (rank[k] === rank[i] && k < i) : k < i));
      if (regionMinusAll(rows[i].over, winners.flatMap((k) => rows[k].under), space).length > 0) continue;
      dead.add(i);
      const by = winners.filter((k) => regionIntersect(rows[k].under, rows[i].over, space).length > 0);
      const what = rank ? "rows with an output of higher priority" : "the rows above";
      checker.report("unreachable-row", "warning", `this row of table ${d.name.text} is never used: ${what} already match every input it matches`, d.rows[i].span, by.map((k) => `taken by ${rowLine(k)}: ${textOf(source, d.rows[k].span)}`));
    }
  }

  if (d.hit === "first" || d.hit === "unique" || d.hit === "any" || d.hit === "priority") {
    const gap = regionMinusAll([FULL], rows.flatMap((r) => r.over), space);
    if (gap.length === 0) return;
    const exact = keys.every((k) => space.isExact(k));
    checker.report("table-gap", "warning", `table ${d.name.text} has no row for some inputs`, d.name.span, [
      `e.g. ${example(gap[0])} ${exact ? "matches" : "would match"} no row, so ${d.name.text} has no value for that customer`,
      `add a row for these inputs, or a last row of "-" cells`,
    ]);
  }
}

function rowRegion(cells: UnaryTest[][], keys: string[], space: PolicySpace): RowRegion {
  const box = new Map<string, VarSet>();
  let exact = true;
  for (let i = 0; i < cells.length; i++) {
    if (cells[i].length === 0) continue;
    const set = testsSet(cells[i], keys[i], space);
    if (!set) {
      exact = false;
      continue;
    }
    const prior = box.get(keys[i]) ?? space.domain(keys[i]);
    const within = setIntersect(prior, set);
    if (!within) {
      exact = false;
      continue;
    }
    if (setIsEmpty(within)) return { under: [], over: [] };
    box.set(keys[i], within);
  }
  return { under: exact ? [box] : [], over: [box] };
}

/** The values a cell accepts (any of its tests), or null when a test is not a constant. */
export function testsSet(tests: UnaryTest[], key: string, space: PolicySpace): VarSet | null {
  let acc: VarSet | null = null;
  for (const t of tests) {
    const s = testSet(t, key, space);
    if (!s) return null;
    acc = acc ? setUnion(acc, s) : s;
    if (!acc) return null;
  }
  return acc;
}

function testSet(t: UnaryTest, key: string, space: PolicySpace): VarSet | null {
  switch (t.kind) {
    case "compare": {
      const c = space.constant(t.value);
      return c ? space.compareSet(key, t.op, c) : null;
    }
    case "range": {
      const lo = space.constant(t.low);
      const hi = space.constant(t.high);
      if (!lo || !hi || lo.k !== "num" || hi.k !== "num") return null;
      return nums(NumSet.range(lo.v, t.lowInclusive, hi.v, t.highInclusive));
    }
    case "not": {
      const inner = testsSet(t.tests, key, space);
      return inner && setComplement(inner);
    }
  }
}

function sameOutputs(d: TableDecl, i: number, j: number, source: string): boolean {
  const a = d.rows[i].outputs;
  const b = d.rows[j].outputs;
  return a.length === b.length && a.every((o, k) => textOf(source, o.span) === textOf(source, b[k].span));
}

/** Each row's position in the declared output order (lower wins), as the evaluator ranks it. */
function priorities(d: TableDecl, source: string): number[] {
  const col = d.outputs.findIndex((o) => o.order.length > 0);
  if (col < 0) return d.rows.map(() => 0);
  const order = d.outputs[col].order.map((e) => textOf(source, e.span));
  return d.rows.map((r) => {
    const o = r.outputs[col];
    const k = o ? order.indexOf(textOf(source, o.span)) : -1;
    return k < 0 ? order.length : k;
  });
}
