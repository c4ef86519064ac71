import { describe, expect, it } from "vitest";
import { compareExpected } from "../../../server/evaluation/expectations.js";
import type { DecisionRecord } from "../../../engine/index.js";
import { expectedOutcome } from "./expected-outcome.js";

const record: DecisionRecord = {
  customerId: "W0001",
  ruleset: "trading-standard",
  score: "85.9",
  grade: "A",
  gradeReasons: [],
  termDays: 60,
  limit: "540000",
  warnings: [{ code: "LIMIT_EXCEEDED", severity: "critical", action: "freeze" }],
  frozen: true,
  approval: { level: 2, chain: ["sales_manager", "finance_manager"], exception: true },
  outputs: {},
  indicators: [],
};

describe("expectedOutcome", () => {
  it("is met by the decision it was taken from", () => {
    expect(compareExpected(expectedOutcome(record), record)).toEqual([]);
  });

  it("catches a changed grade and a cleared warning", () => {
    const changed = { ...record, grade: "B", warnings: [] };
    const paths = compareExpected(expectedOutcome(record), changed).map((m) => m.path);
    expect(paths).toEqual(["grade", "warnings"]);
  });
});
