import { describe, expect, it } from "vitest";
import { tokenizeLine } from "./highlight.js";

describe("tokenizeLine", () => {
  it("colours keywords, names, numbers, strings and operators from the policy lexer", () => {
    const line = 'input total_assets money "资产总额"';
    const tokens = tokenizeLine(line);
    const scopeAt = (text: string) => tokens.find((t) => t.startIndex === line.indexOf(text))?.scope;
    expect(scopeAt("input")).toBe("keyword");
    expect(scopeAt("total_assets")).toBe("identifier");
    expect(scopeAt('"资产总额"')).toBe("string");
  });

  it("marks comments, percent literals and comparison operators", () => {
    const line = "    debt_ratio <= 40% -> 100 // best band";
    const tokens = tokenizeLine(line);
    const scopeAt = (text: string) => tokens.find((t) => t.startIndex === line.indexOf(text))?.scope;
    expect(scopeAt("<=")).toBe("operator");
    expect(scopeAt("40%")).toBe("number");
    expect(scopeAt("// best band")).toBe("comment");
  });

  it("marks characters the lexer rejects as invalid and keeps tokens in order", () => {
    const tokens = tokenizeLine("let x = 1 $ 2");
    expect(tokens.find((t) => t.startIndex === 10)?.scope).toBe("invalid");
    const starts = tokens.map((t) => t.startIndex);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(new Set(starts).size).toBe(starts.length);
  });
});
