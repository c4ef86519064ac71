// Decision-table semantics (docs/decision-tables.md), each checked through compile + evaluate.
import { describe, expect, it } from "vitest";
import { compile, evaluate, isErrorRecord, type DecisionRecord, type EvaluationRecord } from "../index.js";

function planOf(source: string) {
  const { plan, diagnostics } = compile(source);
  if (!plan) throw new Error(diagnostics.map((d) => `${d.span.line}:${d.span.column} ${d.message}`).join("\n"));
  return plan;
}

function outputs(r: EvaluationRecord): DecisionRecord["outputs"] {
  if (isErrorRecord(r)) throw new Error(`expected a decision, got ${r.error.message}`);
  return r.outputs;
}

function fault(r: EvaluationRecord) {
  if (!isErrorRecord(r)) throw new Error(`expected an error record, got ${JSON.stringify(r.outputs)}`);
  return r.error;
}

describe("collect aggregations", () => {
  const plan = planOf(`ruleset t
input years number
table bonus hit collect sum
  | years || points |
  | > 1   || 100    |
  | > 2   || 0.5    |
table bonus_count hit collect count
  | years || points |
  | > 1   || 100    |
table bonus_max hit collect max
  | years || points |
  | > 1   || 100    |
  | > 2   || 200    |
output total = bonus
output how_many = bonus_count
output most = bonus_max
`);

  it("sums, counts and takes the largest of the matching rows, exactly", () => {
    expect(outputs(evaluate(plan, { customer_id: "C1", years: "3" }))).toEqual({ total: "100.5", how_many: "1", most: "200" });
  });

  it("a sum over no matching row has no value (as DMN's sum([]) = null): reading it makes an error record naming the table", () => {
    const e = fault(evaluate(plan, { customer_id: "C2", years: "1" }));
    expect(e.code).toBe("RUNTIME_FAULT");
    expect(e.rule).toBe("bonus");
    expect(e.message).toContain("customer C2");
    expect(e.message).toContain("table bonus has no matching row");
  });

  it("a count over no matching row is 0", () => {
    const p = planOf(`ruleset t
input years number
table n hit collect count
  | years || points |
  | > 1   || 100    |
output c = n
`);
    expect(outputs(evaluate(p, { years: "0" }))).toEqual({ c: "0" });
  });
});

describe("priority and output order over several output columns", () => {
  // Status decides first; among equal statuses the rate's order decides; then row order.
  const source = (hit: string) => `ruleset t
input age number
table verdict hit ${hit}
  | age  || status in ("Declined", "Approved") | rate in ("Best", "Standard") |
  | >= 0 || "Approved"                         | "Standard"                   |
  | >= 0 || "Approved"                         | "Best"                       |
  | >= 18 || "Declined"                        | "Standard"                   |
output a = verdict
`;

  it("priority: the first column decides, the next column breaks its ties", () => {
    const p = planOf(source("priority"));
    expect(outputs(evaluate(p, { age: "10" }))).toEqual({ a: { status: "Approved", rate: "Best" } });
    expect(outputs(evaluate(p, { age: "20" }))).toEqual({ a: { status: "Declined", rate: "Standard" } });
  });

  it("output order: sorted by the first column, then the next, then row order", () => {
    const p = planOf(source("output order"));
    expect(outputs(evaluate(p, { age: "20" }))).toEqual({
      a: [
        { status: "Declined", rate: "Standard" },
        { status: "Approved", rate: "Best" },
        { status: "Approved", rate: "Standard" },
      ],
    });
  });
});

describe("single-hit violations are error records, never a guess", () => {
  it("unique with two matching rows", () => {
    // With constant cells the checker refuses the overlap outright (table-overlap); a cell that
    // depends on the customer can only be caught when it happens.
    expect(compile(`ruleset t\ninput age number\ntable t1 hit unique\n  | age || v |\n  | >= 18 || 1 |\n  | >= 16 || 2 |\noutput o = t1\n`).plan).toBeNull();
    const p = planOf(`ruleset t
input age number
input adult_age number
table t1 hit unique
  | age          || v |
  | >= adult_age || 1 |
  | [16..18)     || 2 |
output o = t1
`);
    expect(outputs(evaluate(p, { age: "17", adult_age: "18" }))).toEqual({ o: "2" });
    const e = fault(evaluate(p, { customer_id: "C9", age: "17", adult_age: "16" }));
    expect(e.rule).toBe("t1");
    expect(e.message).toContain("hit policy unique but 2 rows match");
    expect(e.message).toContain("customer C9");
  });

  it("any with matching rows that disagree; agreeing rows give their common value", () => {
    const p = planOf(`ruleset t
input age number
input retire_age number
table t2 hit any
  | age           || v |
  | >= 18         || "a" |
  | >= 16         || "a" |
  | >= retire_age || "b" |
output o = t2
`);
    expect(outputs(evaluate(p, { age: "20", retire_age: "60" }))).toEqual({ o: "a" });
    expect(fault(evaluate(p, { age: "61", retire_age: "60" })).message).toContain("hit policy any but matching rows give different outputs");
  });
});

describe("lists of rows", () => {
  const p = planOf(`ruleset t
input age number
table r hit rule order
  | age   || v |
  | >= 18 || "x" |
  | >= 12 || "y" |
output o = r
output n = count(r)
`);
  it("rule order keeps row order; no matching row is an empty list", () => {
    expect(outputs(evaluate(p, { age: "19" }))).toEqual({ o: ["x", "y"], n: "2" });
    expect(outputs(evaluate(p, { age: "5" }))).toEqual({ o: [], n: "0" });
  });
});
