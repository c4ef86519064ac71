import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compareRecords, gradeOrder, ImpactTally } from "./impact.js";
import { generatePortfolio } from "../portfolio/generate.js";
import { faultyRuleset } from "../test/faulty-ruleset.js";
import { compile, evaluate, isErrorRecord, type DecisionRecord, type EvaluationRecord, type Plan } from "./index.js";

function planOf(path: string): Plan {
  const { plan, diagnostics } = compile(readFileSync(path, "utf8"));
  if (!plan) throw new Error(diagnostics.map((d) => d.message).join("\n"));
  return plan;
}

function compileOrThrow(source: string): Plan {
  const { plan, diagnostics } = compile(source);
  if (!plan) throw new Error(diagnostics.map((d) => `${d.span.line}:${d.span.column} ${d.message}`).join("\n"));
  return plan;
}

function decision(patch: Partial<DecisionRecord>): DecisionRecord {
  return {
    customerId: "C1",
    ruleset: "t",
    score: "80",
    grade: "B",
    gradeReasons: [],
    termDays: 30,
    limit: "100000",
    warnings: [],
    frozen: false,
    approval: { level: 1, chain: ["sales_manager"], exception: false },
    outputs: {},
    indicators: [],
    ...patch,
  };
}

const warning = (code: string) => ({ code, severity: "warning", action: "review" });

describe("compareRecords", () => {
  it("sees no change between equal decisions, even when a limit is written differently", () => {
    const i = compareRecords(decision({}), decision({ limit: "100000.00", score: "81" }));
    expect(i.changed).toBe(false);
    expect(i.limit).toBeUndefined();
    expect(i.grade).toEqual({ before: "B", after: "B" });
  });

  it("reports grade, exact limit change, warnings added and cleared, route, frozen and term", () => {
    const before = decision({ warnings: [warning("OVERDUE")] });
    const after = decision({
      grade: "C",
      limit: "99999.99",
      termDays: 15,
      frozen: true,
      warnings: [warning("HIGH_DEBT"), warning("HIGH_DEBT")],
      approval: { level: 2, chain: ["sales_manager", "general_manager"], exception: true },
    });
    const i = compareRecords(before, after);
    expect(i).toMatchObject({
      customerId: "C1",
      changed: true,
      grade: { before: "B", after: "C" },
      limit: { before: "100000", after: "99999.99", change: "-0.01" },
      warningsAdded: ["HIGH_DEBT"],
      warningsCleared: ["OVERDUE"],
      frozen: { before: false, after: true },
      termDays: { before: 30, after: 15 },
    });
    expect(i.route?.after.level).toBe(2);
  });

  it("keeps limits beyond a double's precision exact", () => {
    const i = compareRecords(decision({ limit: "12345678901234567.01" }), decision({ limit: "12345678901234567.02" }));
    expect(i.limit?.change).toBe("0.01");
  });

  it("treats an error on either side as a grade 'error' and reports both errors", () => {
    const err: EvaluationRecord = { customerId: "C1", error: { code: "MISSING_FIELD", field: "x", message: "customer C1: required field x is missing" } };
    const i = compareRecords(decision({}), err);
    expect(i).toMatchObject({ changed: true, grade: { before: "B", after: "error" }, error: { before: null, after: { code: "MISSING_FIELD" } } });
    const same = compareRecords(err, err);
    expect(same.changed).toBe(false);
    expect(same.grade).toEqual({ before: "error", after: "error" });
  });

  it("uses 'none' for a ruleset that does not grade", () => {
    expect(compareRecords(decision({ grade: null }), decision({ grade: "A" })).grade).toEqual({ before: "none", after: "A" });
  });
});

describe("ImpactTally", () => {
  it("builds the migration matrix over the grades, exact totals, warning and error counts", () => {
    const t = new ImpactTally(["A", "B", "C", "D"]);
    t.add(compareRecords(decision({ grade: "A", limit: "0.1" }), decision({ grade: "B", limit: "0.2", warnings: [warning("W1")] })));
    t.add(compareRecords(decision({ grade: "A", limit: "0.1" }), decision({ grade: "A", limit: "0.1" })));
    t.add(compareRecords(decision({ grade: "C", limit: "9007199254740993", warnings: [warning("W1")] }), decision({ grade: "C", limit: "9007199254740993" })));
    t.add(compareRecords(decision({}), { customerId: "X", error: { code: "RUNTIME_FAULT", message: "m" } }));
    const s = t.summary();
    expect(s.grades).toEqual(["A", "B", "C", "D", "error"]);
    expect(s.matrix.A).toEqual({ A: 1, B: 1, C: 0, D: 0, error: 0 });
    expect(s.matrix.B.error).toBe(1);
    expect(s.matrix.D).toEqual({ A: 0, B: 0, C: 0, D: 0, error: 0 });
    expect(s).toMatchObject({
      customers: 4,
      changed: 3,
      errors: 1,
      // 0.1 + 0.1 + 9007199254740993 (not a safe integer): no float would get these right.
      totalLimitBefore: "9007199254740993.2",
      totalLimitAfter: "9007199254740993.3",
      totalLimitChange: "0.1",
      newWarnings: { W1: 1 },
      clearedWarnings: { W1: 1 },
      errorsBefore: {},
      errorsAfter: { RUNTIME_FAULT: 1 },
    });
  });

  it("merges partial summaries into the same result as one tally over everything", () => {
    const records = Array.from({ length: 30 }, (_, k) => [
      decision({ customerId: `C${k}`, grade: "ABCD"[k % 4], limit: `${k}.${k % 10}`, warnings: k % 3 ? [] : [warning("W")] }),
      decision({ customerId: `C${k}`, grade: "ABCD"[(k * 7) % 4], limit: `${k * 2}.05`, warnings: k % 5 ? [] : [warning("V")] }),
    ]);
    const whole = new ImpactTally(["A", "B", "C", "D"]);
    const parts = [new ImpactTally(["A", "B", "C", "D"]), new ImpactTally(["A", "B", "C", "D"])];
    records.forEach(([b, a], k) => {
      whole.add(compareRecords(b, a));
      parts[k % 2].add(compareRecords(b, a));
    });
    const merged = new ImpactTally(["A", "B", "C", "D"]);
    for (const p of parts) merged.merge(JSON.parse(JSON.stringify(p.summary())));
    expect(merged.summary()).toEqual(whole.summary());
  });

  it("compares the reference ruleset with a draft over the sample customers", () => {
    const published = planOf("rulesets/trading-standard.rules");
    const draft = planOf("test/fixtures/trading-standard-draft.rules");
    const customers = readFileSync("test/fixtures/customers-sample.jsonl", "utf8").trim().split("\n").map((l) => JSON.parse(l) as unknown);
    const t = new ImpactTally(gradeOrder(published.model.grades, draft.model.grades));
    let bToC = 0;
    for (const c of customers) {
      const before = evaluate(published, c);
      const after = evaluate(draft, c);
      const i = compareRecords(before, after);
      t.add(i);
      if (!isErrorRecord(before) && !isErrorRecord(after)) {
        // The draft only raises the bar for B and lowers the C limit: nobody improves.
        expect("ABCD".indexOf(i.grade.after)).toBeGreaterThanOrEqual("ABCD".indexOf(i.grade.before));
        if (i.grade.before === "B" && i.grade.after === "C") bToC++;
        if (i.limit) expect(i.limit.change.startsWith("-")).toBe(true);
      }
    }
    const s = t.summary();
    expect(s.customers).toBe(customers.length);
    expect(bToC).toBeGreaterThan(0);
    expect(s.matrix.B.C).toBe(bToC);
    expect(s.grades.slice(0, 4)).toEqual(["A", "B", "C", "D"]);
    expect(Object.values(s.matrix).flatMap((r) => Object.values(r)).reduce((a, b) => a + b, 0)).toBe(customers.length);
  });

  it("compares records made with `comparable` exactly as full records, faults included", () => {
    const pairs: Array<[Plan, Plan]> = [[planOf("rulesets/trading-standard.rules"), planOf("test/fixtures/trading-standard-draft.rules")]];
    // Runtime faults in an output, a rule, its event's params and the score (test/faulty-ruleset.ts).
    const faults = (divisor: string) => compileOrThrow(faultyRuleset(divisor));
    pairs.push([faults("debts"), faults("assets")]);
    for (const [published, draft] of pairs) {
      const customers = [
        ...generatePortfolio(3000, { profile: "thresholds", seed: 7 }),
        { customer_id: "Z", assets: "0", debts: "0", cash: "0" },
        { customer_id: "Y", assets: "5", debts: "0", cash: "0" },
        { customer_id: "X", assets: "0", debts: "5" },
      ];
      for (const c of customers) {
        const full = compareRecords(evaluate(published, c), evaluate(draft, c));
        const lean = compareRecords(evaluate(published, c, { comparable: true }), evaluate(draft, c, { comparable: true }));
        expect(lean).toEqual(full);
      }
    }
  });
});
