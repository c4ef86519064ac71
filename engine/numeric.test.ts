// Every fast path of the exact arithmetic against decimal.js with room to spare (200 digits):
// safe integers, unreduced ratios, the overflow fallbacks, formatting and rounding.
import { Decimal as DecimalJs } from "decimal.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as N from "./numeric.js";

const Big = DecimalJs.clone({ precision: 200, rounding: DecimalJs.ROUND_HALF_EVEN, toExpNeg: -1000, toExpPos: 1000 });
type Big = InstanceType<typeof Big>;

/** What formatNum promises: plain notation, exact up to 34 significant digits, else rounded half-even. */
function reference(x: Big): string {
  const r = x.isInteger() ? x : x.toSignificantDigits(34, DecimalJs.ROUND_HALF_EVEN);
  const s = r.toFixed();
  const t = s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s;
  return t === "-0" ? "0" : t;
}

const parse = (s: string) => {
  const v = N.parseDecimal(s);
  if (v === null) throw new Error(`not parsed: ${s}`);
  return v;
};

/** Decimal strings as they arrive: amounts with cents, ratios, counts, and a few far too long for doubles. */
const decimalText = fc.oneof(
  fc.tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 99_999_999_999n }), fc.integer({ min: 0, max: 99 })).map(([neg, w, c]) => `${neg ? "-" : ""}${w}.${String(c).padStart(2, "0")}`),
  fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 1_000_000 })).map(([neg, w]) => `${neg ? "-" : ""}${w}`),
  fc.tuple(fc.integer({ min: 0, max: 9999 })).map(([f]) => `0.${String(f).padStart(4, "0")}`),
  fc.tuple(fc.bigInt({ min: 1n, max: 10n ** 24n }), fc.integer({ min: 0, max: 12 })).map(([m, scale]) => {
    const s = m.toString().padStart(scale + 1, "0");
    return scale === 0 ? s : `${s.slice(0, s.length - scale)}.${s.slice(s.length - scale)}`;
  }),
);

describe("exact arithmetic against decimal.js", () => {
  it("parses decimal strings to the same value", () => {
    fc.assert(
      fc.property(decimalText, (t) => {
        expect(N.formatNum(parse(t))).toBe(reference(new Big(t)));
      }),
    );
  });

  it("adds, subtracts and multiplies exactly", () => {
    fc.assert(
      fc.property(decimalText, decimalText, (a, b) => {
        const x = parse(a);
        const y = parse(b);
        expect(N.formatNum(N.add(x, y))).toBe(reference(new Big(a).plus(b)));
        expect(N.formatNum(N.sub(x, y))).toBe(reference(new Big(a).minus(b)));
        const product = new Big(a).times(b);
        // Products past 40 significant digits are decimal.js Decimals rounded to 40 digits by design.
        if (product.precision(true) <= 40) expect(N.formatNum(N.mul(x, y))).toBe(reference(product));
      }),
      { numRuns: 3000 },
    );
  });

  it("divides exactly and formats quotients to 34 significant digits", () => {
    fc.assert(
      fc.property(decimalText, decimalText, (a, b) => {
        fc.pre(!new Big(b).isZero());
        const q = N.div(parse(a), parse(b));
        if (q instanceof N.Decimal) return; // a 40-digit decimal.js quotient, checked below
        expect(N.formatNum(q)).toBe(reference(new Big(a).div(b)));
      }),
      { numRuns: 3000 },
    );
  });

  it("formats quotients of large safe integers (the BigInt long division) exactly", () => {
    fc.assert(
      fc.property(fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), fc.integer({ min: 2, max: Number.MAX_SAFE_INTEGER }), (n, d) => {
        expect(N.formatNum(N.div(n, d))).toBe(reference(new Big(n).div(d)));
      }),
      { numRuns: 3000 },
    );
  });

  it("compares exactly", () => {
    fc.assert(
      fc.property(decimalText, decimalText, (a, b) => {
        expect(N.cmp(parse(a), parse(b))).toBe(new Big(a).cmp(b));
        const x = N.div(parse(a), 7);
        expect(N.cmp(x, parse(b))).toBe(new Big(a).div(7).cmp(b));
      }),
      { numRuns: 3000 },
    );
  });

  it("rounds to a step in every mode like decimal.js", () => {
    const modes: Array<[N.Rounding, DecimalJs.Rounding]> = [
      ["down", DecimalJs.ROUND_DOWN],
      ["up", DecimalJs.ROUND_UP],
      ["half_up", DecimalJs.ROUND_HALF_UP],
      ["half_down", DecimalJs.ROUND_HALF_DOWN],
      ["half_even", DecimalJs.ROUND_HALF_EVEN],
      ["floor", DecimalJs.ROUND_FLOOR],
      ["ceiling", DecimalJs.ROUND_CEIL],
    ];
    fc.assert(
      fc.property(decimalText, fc.constantFrom("1", "1000", "0.01", "0.05", "2.5", "7"), fc.constantFrom(...modes), (a, step, [mode, dm]) => {
        const want = new Big(a).div(step).toDecimalPlaces(0, dm).times(step);
        expect(N.formatNum(N.roundToStep(parse(a), parse(step), mode))).toBe(reference(want));
      }),
      { numRuns: 3000 },
    );
  });

  it("rounds exact halves of ratios by the mode", () => {
    const half = N.div(2500, 1000); // 2.5 thousand-steps
    expect(N.roundToStep(N.mul(half, 1000), 1000, "half_even")).toBe(2000);
    expect(N.roundToStep(parse("3500"), 1000, "half_even")).toBe(4000);
    expect(N.roundToStep(parse("-2500"), 1000, "half_up")).toBe(-3000);
    expect(N.roundToStep(parse("-2500.01"), 1000, "down")).toBe(-2000);
    expect(N.roundToStep(parse("-2500.01"), 1000, "floor")).toBe(-3000);
    expect(N.roundToStep(parse("539999.99"), 1000, "down")).toBe(539000);
  });
});

describe("exact boundaries and fallbacks", () => {
  it("6400000.00000000000008 / 8000000 is above 80%", () => {
    const r = N.div(parse("6400000.00000000000008"), parse("8000000"));
    expect(N.cmp(r, N.parseLiteral("80%"))).toBe(1);
    expect(N.formatNum(r)).toBe("0.80000000000000000001");
  });

  it("a ratio exactly on a band is equal to it, whatever its scale", () => {
    expect(N.cmp(N.div(parse("4000000.00"), parse("10000000.00")), N.parseLiteral("40%"))).toBe(0);
    expect(N.cmp(N.div(parse("3.3"), parse("3")), parse("1.1"))).toBe(0);
    expect(N.div(parse("3.30"), parse("1.10"))).toBe(3);
  });

  it("score 85 is exactly 85, an A", () => {
    let score: N.Num = 0;
    for (const [w, p] of [[12, 75], [8, 50], [5, 100], [5, 80], [10, 100], [8, 80], [7, 80], [10, 80], [15, 100], [10, 80], [10, 100]]) {
      score = N.add(score, N.div(N.mul(w, p), 100));
    }
    expect(score).toBe(85);
    expect(N.cmp(score, 85)).toBe(0);
    expect(N.cmp(N.sub(score, parse("0.1")), 85)).toBe(-1);
  });

  it("falls back to decimal.js when products pass 2^53, and stays exact", () => {
    const big = parse("9007199254740991"); // 2^53 − 1
    expect(N.formatNum(N.mul(big, 3))).toBe("27021597764222973");
    expect(N.formatNum(N.add(big, 2))).toBe("9007199254740993");
    expect(N.cmp(N.add(big, 2), N.add(big, 1))).toBe(1);
    const ratio = N.div(parse("123456789012.34"), parse("98765432109.87"));
    expect(N.formatNum(N.mul(ratio, ratio))).toBe(reference(new Big("123456789012.34").div("98765432109.87").pow(2).toSignificantDigits(40)));
  });

  it("parses 20+ digit decimals without losing a digit", () => {
    expect(N.formatNum(parse("12345678901234567890.123"))).toBe("12345678901234567890.123");
    expect(N.parseDecimal("9007199254740993")).toBeInstanceOf(N.Decimal);
    expect(N.parseDecimal("9007199254740991")).toBe(9007199254740991);
  });

  it("has no negative zero", () => {
    expect(Object.is(parse("-0"), 0)).toBe(true);
    expect(Object.is(parse("-0.00"), 0)).toBe(true);
    expect(Object.is(N.mul(-5, 0), 0)).toBe(true);
    expect(Object.is(N.add(-5, 5), 0)).toBe(true);
    expect(Object.is(N.roundToStep(parse("-0.4"), 1, "down"), 0)).toBe(true);
    expect(N.formatNum(N.roundToStep(parse("-0.4"), 1, "half_even"))).toBe("0");
  });

  it("formats quotients with long or carried expansions", () => {
    expect(N.formatNum(N.div(1, 3))).toBe("0.3333333333333333333333333333333333");
    expect(N.formatNum(N.div(2, 3))).toBe("0.6666666666666666666666666666666667");
    expect(N.formatNum(N.div(-2, 3))).toBe("-0.6666666666666666666666666666666667");
    expect(N.formatNum(N.div(1, 7_000_000))).toBe(reference(new Big(1).div(7_000_000)));
    // Denominators too large for float steps take the BigInt path.
    expect(N.formatNum(N.div(1, 9_007_199_254_740_881))).toBe(reference(new Big(1).div("9007199254740881")));
    expect(N.formatNum(N.div(parse("99999999.99"), parse("99999999.99")))).toBe("1");
  });

  it("rejects what is not a finite decimal", () => {
    for (const t of ["", " 1", "NaN", "Infinity", "12,5O0", "1e", "--1", "."]) expect(N.parseDecimal(t), t).toBeNull();
  });

  it("reads any short text of digits, points, signs and exponents as decimal.js does, or refuses it", () => {
    const plain = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
    fc.assert(
      fc.property(fc.array(fc.constantFrom(..."0123456789.+-e"), { maxLength: 24 }), (chars) => {
        const t = chars.join("");
        const v = N.parseDecimal(t);
        if (!plain.test(t) || Math.abs(new Big(t).e) > N.EXPONENT_LIMIT) expect(v, t).toBeNull();
        else expect(v === null ? null : N.formatNum(v), t).toBe(reference(new Big(t)));
      }),
      { numRuns: 5000 },
    );
  });

  it("refuses exponents beyond ±1000 instead of building gigabyte-long numbers", () => {
    expect(N.parseDecimal("1e999999999")).toBeNull();
    expect(N.parseDecimal("-2.5E-1001")).toBeNull();
    expect(N.formatNum(N.parseDecimal("1e1000")!)).toBe(`1${"0".repeat(1000)}`);
    expect(N.formatNum(N.parseDecimal("5e-1000")!)).toBe(`0.${"0".repeat(999)}5`);
  });
});
