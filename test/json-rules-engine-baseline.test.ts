// The json-rules-engine version of trading-standard that the benchmark compares against
// (bench/json-rules-engine-baseline.ts) is a correct implementation: it decides every sample
// customer exactly as the expected decisions say, so the comparison is fair.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type BaselineDecision, createBaselineEngine, decideWithJsonRulesEngine } from "../bench/json-rules-engine-baseline.js";
import { generatePortfolio } from "../bench/portfolio.js";
import { compile, evaluate, isErrorRecord } from "../engine/index.js";
import { decisionDifferences } from "./expect-decision.js";
import { sampleCustomers } from "./sample-customers.js";

const read = (p: string) => readFileSync(new URL(p, import.meta.url), "utf8");
const customers = sampleCustomers();
const expected = read("./fixtures/expected-trading-standard.jsonl")
  .trim()
  .split("\n")
  .map((l) => JSON.parse(l) as { customerId: string; warnings: Array<{ code: string }> } & Record<string, unknown>);

/** The baseline's answer in the decision record's shape, for the fields both produce. */
function asRecord(d: BaselineDecision) {
  return {
    score: d.score,
    grade: d.grade,
    gradeReasons: d.gradeReasons,
    termDays: d.termDays,
    limit: d.limit,
    warnings: d.warnings,
    frozen: d.frozen,
    approval: d.approval,
    outputs: { paymentMode: d.paymentMode, limitChange: d.limitChange },
  };
}

describe("json-rules-engine baseline", () => {
  const engine = createBaselineEngine();

  it.each(expected.map((e, i) => [e.customerId, i] as const))("decides %s as the expected decision", async (_id, i) => {
    const d = await decideWithJsonRulesEngine(engine, customers[i]);
    expect("error" in d ? d.error : null).toBeNull();
    const e = expected[i];
    const want = {
      score: e.score,
      grade: e.grade,
      gradeReasons: e.gradeReasons,
      termDays: e.termDays,
      limit: e.limit,
      warnings: e.warnings.map((w) => w.code),
      frozen: e.frozen,
      approval: e.approval,
      outputs: { paymentMode: (e.outputs as Record<string, unknown>).paymentMode, limitChange: (e.outputs as Record<string, unknown>).limitChange },
    };
    expect(decisionDifferences(asRecord(d as BaselineDecision), want)).toEqual([]);
  });

  it("agrees with the engine on generated customers, boundary rows and bad rows included", async () => {
    const plan = compile(read("../rulesets/trading-standard.rules")).plan!;
    for (const c of generatePortfolio(1500, 7)) {
      const ours = evaluate(plan, c);
      const theirs = await decideWithJsonRulesEngine(engine, c);
      if (isErrorRecord(ours)) {
        expect("error" in theirs, `${c.customer_id} should be rejected`).toBe(true);
        continue;
      }
      expect("error" in theirs ? theirs.error : null).toBeNull();
      const want = {
        score: ours.score,
        grade: ours.grade,
        gradeReasons: ours.gradeReasons,
        termDays: ours.termDays,
        limit: ours.limit,
        warnings: ours.warnings.map((w) => w.code),
        frozen: ours.frozen,
        approval: ours.approval,
        outputs: { paymentMode: ours.outputs.paymentMode, limitChange: ours.outputs.limitChange },
      };
      expect(decisionDifferences(asRecord(theirs as BaselineDecision), want), String(c.customer_id)).toEqual([]);
    }
  });
});
