// The third example ruleset, built on decision tables: it compiles cleanly, passes its own
// test cases, and decides sample customers with explanations a credit officer can follow.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compile, evaluate, isErrorRecord, runTests, type DecisionRecord, type EvaluationRecord, type Explanation } from "../engine/index.js";

const source = readFileSync(new URL("../rulesets/distributor-matrix.rules", import.meta.url), "utf8");
const { plan, diagnostics } = compile(source);

const base = {
  industry: "快消品",
  region: "华东",
  years_in_business: 8,
  avg_monthly_purchases: "500000",
  requested_limit: "1200000",
  requested_term_days: 60,
  on_time_payment_rate: "0.95",
  max_overdue_days_12m: 30,
};

function decision(r: EvaluationRecord): DecisionRecord & { explanation: Explanation } {
  if (isErrorRecord(r)) throw new Error(r.error.message);
  return r as DecisionRecord & { explanation: Explanation };
}

describe("distributor-matrix", () => {
  it("compiles without errors or warnings", () => {
    expect(diagnostics).toEqual([]);
    expect(plan).not.toBeNull();
  });

  it("passes its own test cases, which cover every table", () => {
    const results = runTests(plan!);
    expect(results.length).toBeGreaterThanOrEqual(20);
    for (const r of results) expect({ name: r.name, failures: r.failures }).toEqual({ name: r.name, failures: [] });
  });

  it("an R1 customer: 2x monthly purchases, grade A, explained", () => {
    const r = decision(evaluate(plan!, { customer_id: "D-001", ...base }, { explain: true }));
    expect(r).toMatchObject({ customerId: "D-001", grade: "A", gradeReasons: [], termDays: 60, limit: "1000000", frozen: false });
    expect(r.outputs).toEqual({ riskClass: "R1", multiple: "2", adjustment: "0", haircut: "1", paymentMode: "credit" });
    expect(r.warnings.map((w) => w.code)).toEqual(["LIMIT_BELOW_REQUEST"]);
    expect(r.approval).toEqual({ level: 2, chain: ["sales_manager", "credit_manager", "finance_director"], exception: false });
    expect(r.explanation.terms).toMatchObject({ row: "A: 60 days, limit credit_line", limitBeforeRounding: "1000000" });
    expect(r.explanation.warnings.find((w) => w.code === "LIMIT_BELOW_REQUEST")).toMatchObject({ fired: true, values: { limit: "1000000", requested_limit: "1200000" } });
  });

  it("an R3 building-materials dealer gets secured credit only, from its property at a 30% haircut", () => {
    const r = decision(
      evaluate(
        plan!,
        { customer_id: "D-002", ...base, industry: "建材", region: "华北", years_in_business: 6, requested_limit: "800000", requested_term_days: 45, collateral_type: "房产", collateral_value: "500000.50" },
        { explain: true },
      ),
    );
    expect(r).toMatchObject({ grade: "C", gradeReasons: ["A_RISK", "B_RISK"], termDays: 30, limit: "350000" });
    expect(r.outputs).toMatchObject({ riskClass: "R3", haircut: "0.3" });
    expect(r.explanation.terms).toMatchObject({ row: "C when collateral_credit > 0: 30 days, limit min(collateral_credit, requested_limit)", limitBeforeRounding: "350000.35" });
    // A 30-day term against 45 requested is an exception: at least level 2, then the committee.
    expect(r.approval).toEqual({ level: 2, chain: ["sales_manager", "credit_manager", "finance_director", "credit_committee"], exception: true });
  });

  it("a cut in the priority table wins over a reward: 84.99% on time gives 0.5x, exactly", () => {
    const r = decision(evaluate(plan!, { ...base, on_time_payment_rate: "0.8499", has_guarantor: true }));
    expect(r.outputs).toMatchObject({ multiple: "0.5", adjustment: "0.1" });
    expect(r).toMatchObject({ grade: "B", limit: "275000" });
  });

  it("bad facts are error records naming the customer and field", () => {
    const r = evaluate(plan!, { customer_id: "D-003", ...base, region: "东北", industry: undefined });
    expect(isErrorRecord(r)).toBe(true);
    if (!isErrorRecord(r)) return;
    expect(r.error).toMatchObject({ code: "MISSING_FIELD", field: "industry" });
    expect(r.errors?.[1]).toMatchObject({ code: "INVALID_VALUE", field: "region" });
    expect(r.errors?.[1].message).toContain("customer D-003");
  });
});
