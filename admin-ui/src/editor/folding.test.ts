import { describe, expect, it } from "vitest";
import { foldingRanges } from "./folding.js";

describe("foldingRanges", () => {
  it("folds declarations with rows and comment headings up to the next heading", () => {
    const lines = [
      "// ── Scorecard ──", // 1
      "scorecard", // 2
      "  indicator a weight 50", // 3
      "    <= 1 -> 100", // 4
      "    otherwise -> 0", // 5
      "", // 6
      "// ── Grade ──", // 7
      "grade by score: A >= 85, otherwise B", // 8
    ];
    expect(foldingRanges(lines)).toEqual([
      { start: 1, end: 5, kind: "region" },
      { start: 2, end: 5, kind: "block" },
      { start: 3, end: 5, kind: "block" },
      { start: 7, end: 8, kind: "region" },
    ]);
  });
});
