import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CompareOp } from "../../dsl/ast.js";
import * as N from "../numeric.js";
import { NumSet } from "./intervals.js";

const ops: CompareOp[] = ["=", "!=", "<", "<=", ">", ">="];
const holds = (v: N.Num, op: CompareOp, x: N.Num) => {
  const k = N.cmp(v, x);
  return op === "=" ? k === 0 : op === "!=" ? k !== 0 : op === "<" ? k < 0 : op === "<=" ? k <= 0 : op === ">" ? k > 0 : k >= 0;
};
/** Hundredths from -5 to 5: the thresholds and the points between and on them. */
const value = fc.integer({ min: -500, max: 500 }).map((n) => N.div(n, 100));
const atom = fc.tuple(fc.constantFrom(...ops), value);

describe("NumSet", () => {
  it("agrees with the comparisons it is built from under union, intersection and complement", () => {
    fc.assert(
      fc.property(atom, atom, value, fc.boolean(), ([o1, x1], [o2, x2], v, whole) => {
        const a = NumSet.compare(o1, x1, whole);
        const b = NumSet.compare(o2, x2, whole);
        const inA = (!whole || N.isInteger(v)) && holds(v, o1, x1);
        const inB = (!whole || N.isInteger(v)) && holds(v, o2, x2);
        expect(a.contains(v)).toBe(inA);
        expect(a.union(b).contains(v)).toBe(inA || inB);
        expect(a.intersect(b).contains(v)).toBe(inA && inB);
        expect(a.minus(b).contains(v)).toBe(inA && !inB);
        if (!whole || N.isInteger(v)) expect(a.complement().contains(v)).toBe(!inA);
      }),
      { numRuns: 300 },
    );
  });

  it("gives an example inside every non-empty set", () => {
    fc.assert(
      fc.property(atom, atom, fc.boolean(), ([o1, x1], [o2, x2], whole) => {
        const s = NumSet.compare(o1, x1, whole).intersect(NumSet.compare(o2, x2, whole));
        const e = s.example();
        if (s.isEmpty()) expect(e).toBeNull();
        else expect(s.contains(e!)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("finds the exact gap between bands written as percentages", () => {
    const covered = NumSet.compare("<=", N.parseLiteral("40%")).union(NumSet.range(N.parseLiteral("55%"), false, null, false));
    const gap = NumSet.range(0, true, 1, true).minus(covered);
    expect(gap.contains(N.parseLiteral("40%"))).toBe(false);
    expect(gap.contains(N.parseLiteral("40.0001%"))).toBe(true);
    expect(gap.contains(N.parseLiteral("55%"))).toBe(true);
    expect(N.formatNum(gap.example()!)).toBe("0.41");
  });

  it("treats whole numbers as whole: nothing lies strictly between 3 and 4", () => {
    expect(NumSet.range(3, false, 4, false, true).isEmpty()).toBe(true);
    expect(NumSet.range(3, false, 4, false).isEmpty()).toBe(false);
    expect(N.formatNum(NumSet.compare(">", 3_000_000, true).example()!)).toBe("3000001");
  });
});
