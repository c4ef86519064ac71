// The compiled plan's shortcuts (comparisons against constants, folded literal arithmetic,
// band contributions summed as integers, indicator values printed by long division) give
// exactly what decimal.js gives, on small rulesets and on generated trading-standard customers.
import { readFileSync } from "node:fs";
import { Decimal as DecimalJs } from "decimal.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generatePortfolio } from "../../bench/portfolio.js";
import { compile, type DecisionRecord, evaluate, isErrorRecord } from "../index.js";

const Big = DecimalJs.clone({ precision: 200, rounding: DecimalJs.ROUND_HALF_EVEN, toExpNeg: -1000, toExpPos: 1000 });
type Big = InstanceType<typeof Big>;

/** The engine's text for a value: exact up to 34 significant digits, else rounded half-even. */
function text(x: Big): string {
  const r = x.isInteger() ? x : x.toSignificantDigits(34, DecimalJs.ROUND_HALF_EVEN);
  const s = r.toFixed();
  const t = s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s;
  return t === "-0" ? "0" : t;
}

const comparisons = compile(`ruleset comparisons
input x money signed
input y money
let q = x / y when y > 0
output leInt = x <= 3
output gtInt = x > -2
output eqZero = x = 0
output neZero = x != 0
output geRatio = x >= 2.5
output ltRatio = x < 80%
output constLeft = 2.5 > x
output quotientAbove = q > 80%
output quotientAtMost = q <= 40%
output folded = 90% * 1,000 + 1 / 3 - 2
`);

const amount = fc.oneof(
  fc.tuple(fc.integer({ min: -5, max: 5 }), fc.constantFrom("", ".0", ".5", ".50", ".8", ".49", ".51")).map(([w, f]) => `${w}${f}`),
  fc.constantFrom("6400000.00000000000008", "3.00000000000000000001", "2.49999999999999999999", "0.8", "0.80", "-0.00", "123456789012345678901234.5"),
  fc.tuple(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), fc.integer({ min: 0, max: 99 })).map(([w, c]) => `${w}.${String(c).padStart(2, "0")}`),
);
const divisor = fc.oneof(fc.constantFrom("8000000", "8000000.00", "1", "3", "0.01"), fc.integer({ min: 1, max: 10 ** 9 }).map((n) => `${n}.${n % 100}`));

describe("comparisons against constants", () => {
  it("compile without errors", () => {
    expect(comparisons.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  it("decide like decimal.js for whole numbers, ratios, long decimals and quotients", () => {
    fc.assert(
      fc.property(amount, divisor, (xs, ys) => {
        const r = evaluate(comparisons.plan!, { customer_id: "c", x: xs, y: ys }) as DecisionRecord;
        expect(isErrorRecord(r)).toBe(false);
        const x = new Big(xs);
        const y = new Big(ys);
        const q = x.div(y);
        expect(r.outputs).toEqual({
          leInt: x.lte(3),
          gtInt: x.gt(-2),
          eqZero: x.isZero(),
          neZero: !x.isZero(),
          geRatio: x.gte("2.5"),
          ltRatio: x.lt("0.8"),
          constLeft: new Big("2.5").gt(x),
          quotientAbove: q!.gt("0.8"),
          quotientAtMost: q!.lte("0.4"),
          folded: text(new Big(900).plus(new Big(1).div(3)).minus(2)),
        });
      }),
      { numRuns: 2000 },
    );
  });

  it("knows 6400000.00000000000008 / 8000000 is above 80% and 6400000.00 / 8000000 is not", () => {
    const above = evaluate(comparisons.plan!, { customer_id: "c", x: "6400000.00000000000008", y: "8000000" }) as DecisionRecord;
    const at = evaluate(comparisons.plan!, { customer_id: "c", x: "6400000.00", y: "8000000.00" }) as DecisionRecord;
    expect(above.outputs.quotientAbove).toBe(true);
    expect(at.outputs.quotientAbove).toBe(false);
  });
});

describe("trading-standard on generated customers, against decimal.js", () => {
  const plan = compile(readFileSync(new URL("../../rulesets/trading-standard.rules", import.meta.url), "utf8")).plan!;
  const customers = generatePortfolio(1000, 11);
  const quotient = (c: Record<string, unknown>, num: Big, den: string | number): string | null => {
    const d = new Big(String(den));
    return d.gt(0) ? text(num.div(d)) : null;
  };

  it("prints every indicator value, contribution and score exactly", () => {
    let decided = 0;
    for (const c of customers) {
      const r = evaluate(plan, c);
      if (isErrorRecord(r)) continue;
      decided++;
      const v = (k: string) => new Big(String(c[k] ?? 0));
      const want: Record<string, string | null> = {
        debt_ratio: quotient(c, v("total_liabilities"), String(c.total_assets)),
        current_ratio: quotient(c, v("current_assets"), String(c.current_liabilities)),
        quick_ratio: quotient(c, v("current_assets").minus(v("inventory")), String(c.current_liabilities)),
        net_margin: quotient(c, v("net_profit_last_year"), String(c.revenue_last_year)),
        revenue_growth: quotient(c, v("revenue_last_year").minus(v("revenue_prev_year")), String(c.revenue_prev_year)),
        pay_trend: quotient(c, v("avg_days_to_pay_12m"), Number(c.avg_days_to_pay_hist)),
      };
      let score = new Big(0);
      for (const ind of r.indicators) {
        if (ind.code in want) expect(ind.value, `${String(c.customer_id)} ${ind.code}`).toBe(want[ind.code]);
        const contribution = new Big(ind.weight).times(ind.points).div(100);
        expect(ind.contribution).toBe(text(contribution));
        score = score.plus(contribution);
      }
      expect(r.score, String(c.customer_id)).toBe(text(score));
      const grade = score.gte(85) ? "A" : score.gte(70) ? "B" : score.gte(55) ? "C" : "D";
      expect("ABCD".indexOf(r.grade!)).toBeGreaterThanOrEqual("ABCD".indexOf(grade));
    }
    expect(decided).toBeGreaterThan(960);
  });

  it("rounds limits down to 1,000 exactly", () => {
    for (const c of customers) {
      const r = evaluate(plan, c);
      if (isErrorRecord(r) || r.grade !== "A" || Number(c.relationship_months) < 3) continue;
      const raw = DecimalJs.min(new Big(String(c.monthly_sales_forecast)).times(3), new Big(String(c.avg_monthly_collections_12m)).times(3));
      expect(r.limit).toBe(text(raw.div(1000).floor().times(1000)));
    }
  });
});
