import { describe, expect, it } from "vitest";
import type { DecisionRecord } from "../../../engine/index.js";
import { customerValues } from "./customer-values.js";

describe("customerValues", () => {
  it("takes inputs from the facts and derived values from the explanation", () => {
    const record: DecisionRecord = {
      customerId: "W1",
      ruleset: "r",
      score: "85.9",
      grade: "A",
      gradeReasons: [],
      termDays: 60,
      limit: "540000",
      warnings: [],
      frozen: false,
      approval: { level: null, chain: [], exception: false },
      outputs: {},
      indicators: [],
      explanation: {
        indicators: [{ code: "debt_ratio", label: null, value: "0.5", band: "<= 55% -> 75", line: 3, points: "75", weight: "12", contribution: "9" }],
        grade: { scoreGrade: "A", final: "A", caps: [] },
        terms: null,
        warnings: [{ code: "X", label: null, fired: false, condition: "exposure > current_limit", line: 9, values: { exposure: "3472785.12", current_limit: "3371636.04" } }],
        approval: null,
      },
    };
    const values = customerValues({ total_assets: "10000000.00", fraud_flag: false }, record);
    expect(values).toMatchObject({ total_assets: "10000000.00", fraud_flag: "false", debt_ratio: "0.5", exposure: "3472785.12", score: "85.9", grade: "A", limit: "540000", term: "60" });
  });
});
