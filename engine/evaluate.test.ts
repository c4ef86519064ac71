import { describe, expect, it } from "vitest";
import { compile, evaluate, isErrorRecord, type EvaluationRecord } from "./index.js";

function planOf(source: string) {
  const { plan, diagnostics } = compile(source);
  if (!plan) throw new Error(diagnostics.map((d) => `${d.span.line}:${d.span.column} ${d.message}`).join("\n"));
  return plan;
}

const source = `ruleset t
input id text
input assets money "资产"
input debts money
input growth ratio signed
input rate ratio = 0
input months int
input ok bool = true
input kind one of ("retail", "wholesale") = "retail"
let ratio_ = debts / assets
output r = ratio_
output rt = rate
output g = growth
output m = months
output k = kind
output okv = ok
`;

const good = { customer_id: "C1", id: "C1", assets: "100", debts: "40", growth: "-0.05", months: 3 };

function errorOf(r: EvaluationRecord) {
  expect(isErrorRecord(r)).toBe(true);
  return isErrorRecord(r) ? r : null!;
}

describe("input validation", () => {
  const plan = planOf(source);

  it("decides a good customer and uses defaults for absent fields", () => {
    const r = evaluate(plan, good);
    expect(isErrorRecord(r)).toBe(false);
    expect(r).toMatchObject({ customerId: "C1", outputs: { r: "0.4", g: "-0.05", m: "3", k: "retail", okv: true } });
  });

  it.each([
    [{ assets: undefined }, "MISSING_FIELD", "assets", "customer C1: required field assets is missing"],
    [{ assets: null }, "NULL_VALUE", "assets", "customer C1: field assets is null"],
    [{ assets: "12,5O0" }, "INVALID_NUMBER", "assets", 'must be a number, got "12,5O0"'],
    [{ assets: "NaN" }, "INVALID_NUMBER", "assets", "must be a number"],
    [{ assets: "Infinity" }, "INVALID_NUMBER", "assets", "must be a number"],
    [{ assets: "" }, "INVALID_NUMBER", "assets", "must be a number"],
    [{ debts: "-1" }, "NEGATIVE_NOT_ALLOWED", "debts", "must not be negative"],
    [{ rate: "95" }, "OUT_OF_RANGE", "rate", 'must be a ratio between 0 and 1 ("0.95" is 95%), got "95"'],
    [{ months: 2.5 }, "NOT_WHOLE", "months", "whole number"],
    [{ months: -1 }, "NEGATIVE_NOT_ALLOWED", "months", "negative"],
    [{ ok: "no" }, "INVALID_BOOL", "ok", 'must be true or false, got "no"'],
    [{ kind: "farm" }, "INVALID_VALUE", "kind", 'one of "retail", "wholesale"'],
  ])("rejects %j as %s", (patch, code, field, message) => {
    const facts: Record<string, unknown> = { ...good, ...patch };
    for (const [k, v] of Object.entries(patch)) if (v === undefined) delete facts[k];
    const r = errorOf(evaluate(plan, facts));
    expect(r.error).toMatchObject({ code, field });
    expect(r.error.message).toContain(message);
    expect(r.customerId).toBe("C1");
  });

  it("a signed ratio may be negative but is still a ratio", () => {
    expect(isErrorRecord(evaluate(plan, { ...good, growth: "-0.3" }))).toBe(false);
  });

  it("reports every problem of the row at once", () => {
    const r = errorOf(evaluate(plan, { customer_id: "C9", id: "C9", assets: "x", debts: null, growth: "0", rate: "2", months: "1.5" }));
    expect(r.errors?.map((e) => e.field)).toEqual(["assets", "debts", "rate", "months"]);
  });

  it("treats empty CSV cells as absent, so defaults apply and required fields are missing", () => {
    const csv = { customer_id: "C2", id: "C2", assets: "100", debts: "40", growth: "0", months: "3", ok: "", kind: "" };
    expect(isErrorRecord(evaluate(plan, csv, { textual: true }))).toBe(false);
    expect(errorOf(evaluate(plan, { ...csv, assets: "" }, { textual: true })).error.code).toBe("MISSING_FIELD");
  });

  it("keeps decimal strings exact, however many digits", () => {
    const r = evaluate(plan, { ...good, assets: "8000000", debts: "6400000.00000000000008" });
    expect(r).toMatchObject({ outputs: { r: "0.80000000000000000001" } });
  });

  it("names a customer without an id clearly", () => {
    const r = errorOf(evaluate(plan, { assets: "1" }));
    expect(r.customerId).toBeNull();
    expect(r.error.message).toMatch(/^customer \(no id\): required field/);
  });

  it("rejects something that is not an object", () => {
    expect(errorOf(evaluate(plan, [1, 2])).error.code).toBe("NOT_AN_OBJECT");
  });
});

describe("runtime faults", () => {
  it("an unguarded division by zero is an error record pointing at the source line", () => {
    const plan = planOf(source);
    const r = errorOf(evaluate(plan, { ...good, assets: "0" }));
    expect(r.error.code).toBe("RUNTIME_FAULT");
    expect(r.error.line).toBe(10);
    expect(r.error.message).toContain("division by zero: assets is 0");
  });

  it("reading a guarded value whose condition is false names the condition", () => {
    const plan = planOf(`input a money\ninput b money\nlet x = b / a when a > 0\noutput y = x * 2\n`);
    const r = errorOf(evaluate(plan, { customer_id: "Z", a: "0", b: "1" }));
    expect(r.error.message).toContain('x is not defined for this customer: its condition "a > 0" is false');
    expect(r.error.line).toBe(4);
  });
});

describe("decisions", () => {
  const plan = planOf(`ruleset mini
input score_in number
input fraud bool
scorecard
  indicator score_in weight 100
    >= 85 -> 100
    >= 50 -> 60
    otherwise -> 0
grades A, B, C
grade by score: A >= 85, B >= 50, otherwise C
cap KO "欺诈" at C when fraud
terms by grade
  A: 60 days, limit 1,000,000.50
  otherwise: 0 days, limit 0
  round limit down to 1,000
warning W "w" critical freeze when fraud
approval
  when grade = A: manager
  otherwise: none
`);

  it("a score of exactly the threshold gets the grade", () => {
    expect(evaluate(plan, { customer_id: "X", score_in: "85", fraud: false })).toMatchObject({ score: "100", grade: "A", termDays: 60, limit: "1000000" });
  });

  it("caps apply worst-wins and are listed in gradeReasons", () => {
    expect(evaluate(plan, { customer_id: "X", score_in: "90", fraud: true })).toMatchObject({
      grade: "C",
      gradeReasons: ["KO"],
      frozen: true,
      warnings: [{ code: "W", severity: "critical", action: "freeze" }],
      approval: { level: null, chain: [], exception: false },
    });
  });

  it("explains the band, the caps and the warnings with the values that decided them", () => {
    const r = evaluate(plan, { customer_id: "X", score_in: "60", fraud: true }, { explain: true }) as { explanation: any };
    expect(r.explanation.indicators[0]).toMatchObject({ code: "score_in", value: "60", band: ">= 50 -> 60", points: "60", contribution: "60" });
    expect(r.explanation.grade.caps[0]).toMatchObject({ code: "KO", holds: true, condition: "fraud", values: { fraud: true } });
    expect(r.explanation.warnings[0]).toMatchObject({ code: "W", fired: true, values: { fraud: true } });
  });
});
