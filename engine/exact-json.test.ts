import { LosslessNumber } from "lossless-json";
import { describe, expect, it } from "vitest";
import { mapLosslessNumbers, parseExactJson, stringifyExactJson, toEngineFacts } from "./exact-json.js";

describe("exact JSON", () => {
  it("keeps every digit of a decimal number", () => {
    const parsed = parseExactJson('{"total_assets": 6400000.00000000000008, "months": 30}', { safeIntegersAsNumbers: true });
    expect(toEngineFacts(parsed)).toEqual({ total_assets: "6400000.00000000000008", months: 30 });
    expect(stringifyExactJson(parsed)).toBe('{"total_assets":6400000.00000000000008,"months":30}');
  });

  it("keeps integers too large for a JS number as text", () => {
    expect(toEngineFacts(parseExactJson("[12345678901234567890]", { safeIntegersAsNumbers: true }))).toEqual(["12345678901234567890"]);
  });

  it("without safeIntegersAsNumbers, every number is a LosslessNumber and reaches the engine as text", () => {
    const parsed = parseExactJson('{"months": 30, "rows": [{"amount": 1.50}]}') as { months: unknown };
    expect(parsed.months).toBeInstanceOf(LosslessNumber);
    expect(toEngineFacts(parsed)).toEqual({ months: "30", rows: [{ amount: "1.50" }] });
    expect(stringifyExactJson(parsed)).toBe('{"months":30,"rows":[{"amount":1.50}]}');
  });

  it("replaces numbers deep in arrays and objects and leaves the rest alone", () => {
    const parsed = parseExactJson('{"a": [1, {"b": 2.5}], "c": "3", "d": null, "e": true}');
    expect(mapLosslessNumbers(parsed, (n) => `#${n.value}`)).toEqual({ a: ["#1", { b: "#2.5" }], c: "3", d: null, e: true });
  });

  it("refuses a value JSON cannot hold", () => {
    expect(() => stringifyExactJson(undefined)).toThrow(/cannot be written as JSON/);
  });
});
