import { describe, expect, it } from "vitest";
import { parseExactJson, stringifyExactJson, toEngineFacts } from "./exact-json.js";

describe("exact JSON", () => {
  it("keeps every digit of a decimal number", () => {
    const parsed = parseExactJson('{"total_assets": 6400000.00000000000008, "months": 30}');
    expect(toEngineFacts(parsed)).toEqual({ total_assets: "6400000.00000000000008", months: 30 });
    expect(stringifyExactJson(parsed)).toBe('{"total_assets":6400000.00000000000008,"months":30}');
  });

  it("keeps integers too large for a JS number as text", () => {
    expect(toEngineFacts(parseExactJson("[12345678901234567890]"))).toEqual(["12345678901234567890"]);
  });
});
