// Generated code and composed closures are two compilations of one meaning: every ruleset of
// the project decides every sample and generated customer identically both ways, explanations,
// error records and runtime faults included.
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { generatePortfolio, prng } from "../../bench/portfolio.js";
import { compile, evaluate } from "../index.js";
import { setGenerationAllowed } from "./codegen.js";

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");
const samples = read("test/fixtures/customers-sample.jsonl")
  .trim()
  .split("\n")
  .map((l) => JSON.parse(l) as Record<string, unknown>);
const portfolio = generatePortfolio(3000, 7).map((c) => JSON.parse(JSON.stringify(c)) as Record<string, unknown>);

/** Distributors across every table row: industries, regions, amounts, rates, absent defaults, bad values. */
function distributors(count: number): Array<Record<string, unknown>> {
  const rnd = prng(11);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
  const amount = () => `${Math.floor(rnd() * 3_000_000)}.${String(Math.floor(rnd() * 100)).padStart(2, "0")}`;
  const out: Array<Record<string, unknown>> = [];
  for (let i = 0; i < count; i++) {
    const c: Record<string, unknown> = {
      customer_id: `D${i}`,
      industry: pick(["快消品", "医药", "家电", "电子元器件", "建材", "其他"]),
      region: pick(["华东", "华南", "华北", "西部"]),
      years_in_business: Math.floor(rnd() * 20),
      avg_monthly_purchases: amount(),
      requested_limit: pick([amount(), "0", "5000000"]),
      requested_term_days: pick([0, 30, 60, 90, 120]),
      on_time_payment_rate: pick(["0.95", "0.9", "0.8", "0.7", "1", "0", "1.2"]),
      max_overdue_days_12m: pick([0, 15, 30, 45, 60, 90, 120]),
    };
    if (rnd() < 0.5) c.ar_outstanding = amount();
    if (rnd() < 0.5) c.ar_overdue = pick(["0", amount()]);
    if (rnd() < 0.5) c.legal_disputes = pick([0, 1, 2, 3]);
    if (rnd() < 0.5) c.has_guarantor = rnd() < 0.5;
    if (rnd() < 0.5) c.exclusive_distributor = rnd() < 0.5;
    if (rnd() < 0.5) c.collateral_type = pick(["无", "银行承兑汇票", "房产", "存货", "应收账款"]);
    if (rnd() < 0.5) c.collateral_value = amount();
    out.push(c);
  }
  return out;
}

function decisions(source: string, customers: unknown[]): string[] {
  const { plan, diagnostics } = compile(source);
  if (!plan) throw new Error(diagnostics.map((d) => d.message).join("; "));
  return customers.map((c) => JSON.stringify(evaluate(plan, c, { explain: true, version: "1" })));
}

afterEach(() => setGenerationAllowed(null));

describe("generated code decides as the closures do", () => {
  for (const name of ["trading-standard", "retail-abc", "distributor-matrix"]) {
    it(name, () => {
      const source = read(`rulesets/${name}.rules`);
      const customers = name === "distributor-matrix" ? distributors(3000) : [...samples, ...portfolio];
      const generated = decisions(source, customers);
      setGenerationAllowed(false);
      const closures = decisions(source, customers);
      expect(generated.length).toBe(customers.length);
      for (let i = 0; i < customers.length; i++) expect(generated[i], `customer ${i}`).toBe(closures[i]);
      // The portfolio reaches error records and both sides of the thresholds, not one path only.
      expect(generated.some((r) => r.includes('"error"'))).toBe(true);
      expect(new Set(generated.map((r) => (JSON.parse(r) as { grade?: string }).grade)).size).toBeGreaterThan(2);
    });
  }

  it("a runtime fault and a guarded value are the same both ways", () => {
    const source = `ruleset faults
input a money
input b money
let q = a / b when b > 0
output ratio = q
output raw = a / b
output either = if b > 0 then q else 0
`;
    const customers = [
      { id: "1", a: "10.00", b: "4.00" },
      { id: "2", a: "10.00", b: "0" },
      { id: "3", a: "-1", b: "2" },
      { id: "4", a: "1", b: "3", extra: true },
      { id: "5", b: "3" },
    ];
    const generated = decisions(source, customers);
    setGenerationAllowed(false);
    expect(decisions(source, customers)).toEqual(generated);
    expect(generated[1]).toContain("RUNTIME_FAULT");
    expect(generated[2]).toContain("NEGATIVE_NOT_ALLOWED");
    expect(generated[4]).toContain("MISSING_FIELD");
  });
});
