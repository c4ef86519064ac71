// The inlinable operations of generated code give what numeric.ts gives, for every kind of value.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as N from "../numeric.js";
import { compare, compareRatio, compareWhole, divide, greatest, least, minus, plus, times } from "./fast-ops.js";
import { RuntimeFault } from "./frame.js";

const span = { line: 1, column: 1, endLine: 1, endColumn: 2, start: 0, end: 1 };
const fault = () => new RuntimeFault("division by zero", span, null);

// Small and near-overflow integers, cents (shared denominators), other ratios, 40-digit decimals.
const whole = fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.constantFrom(0, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 2 ** 52, 3 * 2 ** 50));
const text = fc.oneof(
  whole.map(String),
  fc.tuple(fc.integer({ min: -99_999_999, max: 99_999_999 }), fc.integer({ min: 1, max: 99 })).map(([w, c]) => `${w}.${String(c).padStart(2, "0")}`),
  fc.constantFrom("0.5", "0.333", "9007199254740.99", "-9007199254740.99", "123456789012345678901234.5", "6400000.00000000000008"),
);
const num = fc.oneof(
  text.map((t) => N.parseDecimal(t)!),
  fc.tuple(fc.integer({ min: -1e6, max: 1e6 }), fc.integer({ min: 1, max: 1e6 })).map(([n, d]) => N.div(n, d)),
);

/** Values as text, so a Decimal and an equal Ratio compare equal. */
const same = (a: N.Num, b: N.Num) => expect(N.formatNum(a)).toBe(N.formatNum(b));

describe("fast operations", () => {
  it("compare like numeric.ts", () => {
    fc.assert(
      fc.property(num, num, whole, (a, b, k) => {
        expect(compare(a, b)).toBe(N.cmp(a, b));
        expect(compareWhole(a, k)).toBe(N.cmp(a, k));
        if (b instanceof N.Ratio) expect(compareRatio(a, b)).toBe(N.cmp(a, b));
      }),
      { numRuns: 3000 },
    );
  });

  it("compute like numeric.ts", () => {
    fc.assert(
      fc.property(num, num, (a, b) => {
        same(plus(a, b), N.add(a, b));
        same(minus(a, b), N.sub(a, b));
        same(times(a, b), N.mul(a, b));
        same(least(a, b), N.min(a, b));
        same(greatest(a, b), N.max(a, b));
        if (N.isZero(b)) expect(() => divide(a, b, fault)).toThrow(RuntimeFault);
        else same(divide(a, b, fault), N.div(a, b));
      }),
      { numRuns: 3000 },
    );
  });

  it("keep the cheapest representation: whole results are numbers", () => {
    const cents = (t: string) => N.parseDecimal(t)!;
    expect(plus(cents("0.25"), cents("0.75"))).toBe(1);
    expect(minus(cents("1.25"), cents("0.25"))).toBe(1);
    expect(divide(cents("5.50"), cents("2.75"), fault)).toBe(2);
    expect(times(4, cents("0.25"))).toBe(1);
    expect(minus(3, 3)).toBe(0);
    expect(Object.is(times(0, -5), 0)).toBe(true);
  });
});
