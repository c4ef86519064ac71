/**
 * Customer generators for property tests, read off a plan's declared inputs: valid facts
 * respect each input's type and range (with the edge values that break naive engines: exact
 * thresholds, zero divisors, 20+ digit amounts, tiny decimals); invalid facts break one field.
 */
import fc from "fast-check";
import type { Plan } from "../../engine/index.js";
import * as N from "../../engine/numeric.js";

type Spec = Plan["inputs"][number];

const digits = (min: number, max: number) => fc.stringMatching(new RegExp(`^[1-9][0-9]{${min},${max}}$`));

/** A non-negative decimal string: small, round, huge, or tiny. */
const amount = fc.oneof(
  fc.constantFrom("0", "1", "0.01", "100", "1000", "500000", "500000.00", "3000000", "3000000.01", "100000", "1000000"),
  fc.integer({ min: 0, max: 10_000_000 }).map(String),
  fc.tuple(fc.integer({ min: 0, max: 99_999_999 }), fc.integer({ min: 0, max: 99 })).map(([a, c]) => `${a}.${String(c).padStart(2, "0")}`),
  digits(19, 24),
  fc.tuple(digits(0, 3), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 6, max: 18 })).map(([a, d, z]) => `${a}.${"0".repeat(z)}${d}`),
  fc.integer({ min: 0, max: 10_000_000 }),
);

const ratio = fc.oneof(
  fc.constantFrom("0", "1", "0.4", "0.40", "0.55", "0.6", "0.7", "0.8", "0.85", "0.95", "0.70", "0.999999999999999999999"),
  fc.integer({ min: 0, max: 10_000 }).map((n) => N.formatNum(N.div(n, 10_000))),
  fc.constantFrom(0, 1, 0.4, 0.95, 0.5),
);

const whole = fc.oneof(fc.constantFrom(0, 1, 2, 3, 6, 11, 12, 24, 36, 60, 90, 91, 100), fc.integer({ min: 0, max: 10_000 }), digits(15, 22), fc.integer({ min: 0, max: 400 }).map(String));

function valueFor(spec: Spec): fc.Arbitrary<unknown> {
  const t = spec.type;
  if (t.k === "bool") return fc.constantFrom(true, false, "true", "false");
  if (t.k === "text") return t.values ? fc.constantFrom(...t.values) : fc.string({ maxLength: 12 });
  if (t.k !== "num") return fc.constant(null);
  if (spec.low !== null && spec.high !== null) {
    const lo = spec.low;
    const hi = spec.high;
    return fc.oneof(fc.constant(N.formatNum(lo)), fc.constant(N.formatNum(hi)), fc.double({ min: 0, max: 1, noNaN: true }).map((x) => N.formatNum(N.roundToStep(N.add(lo, N.mul(N.sub(hi, lo), N.parseDecimal(x.toFixed(6))!)), 1, "floor"))));
  }
  switch (t.unit) {
    case "ratio":
      return spec.signed ? fc.oneof(ratio, ratio.map((r) => (typeof r === "number" ? -r : r === "0" ? r : `-${r}`))) : ratio;
    case "int":
    case "days":
      return whole;
    default:
      return spec.signed ? fc.oneof(amount, amount.map((a) => (typeof a === "number" ? -a : a === "0" ? a : `-${a}`))) : amount;
  }
}

/** Valid facts: every required input, inputs with a default sometimes left out. */
export function validCustomer(plan: Plan): fc.Arbitrary<Record<string, unknown>> {
  const fields: Record<string, fc.Arbitrary<unknown>> = { customer_id: fc.constant("P-1") };
  for (const spec of plan.inputs) fields[spec.name] = spec.hasDefault ? fc.option(valueFor(spec), { nil: undefined }) : valueFor(spec);
  return fc.record(fields).map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)));
}

/** Debt ratios exactly at the policies' thresholds: liabilities = assets × threshold. */
export function atThreshold(customer: Record<string, unknown>, threshold: string): Record<string, unknown> {
  const assets = N.parseDecimal(String(customer.total_assets ?? "0"));
  if (assets === null) return customer;
  return { ...customer, total_liabilities: N.formatNum(N.mul(assets, N.parseDecimal(threshold)!)) };
}

/** Ways one field can be wrong for its type, with the input it applies to. */
export function breakField(spec: Spec): fc.Arbitrary<unknown> | null {
  const t = spec.type;
  const missing = spec.hasDefault ? [] : [fc.constant(undefined)];
  if (t.k === "bool") return fc.oneof(fc.constant(null), fc.constantFrom("yes", "1", 1, "TRUE", ""), ...missing);
  if (t.k === "text") return t.values ? fc.oneof(fc.constant(null), fc.constantFrom("not-a-listed-value", 42), ...missing) : null;
  if (t.k !== "num") return null;
  const bad: Array<fc.Arbitrary<unknown>> = [fc.constant(null), fc.constantFrom("12,5O0", "NaN", "Infinity", "1e", "", " 1", "abc", true, Number.NaN, Number.POSITIVE_INFINITY), ...missing];
  if (!spec.signed && spec.low === null) bad.push(fc.constantFrom("-1", "-0.01", -5));
  if (t.unit === "int" || t.unit === "days") bad.push(fc.constantFrom("2.5", 0.5));
  if (t.unit === "ratio" && !spec.signed && spec.low === null) bad.push(fc.constantFrom("95", "1.01", 2));
  return fc.oneof(...bad);
}
