import { describe, expect, it } from "vitest";
import { symbolAt, symbolsOf } from "./symbols.js";

const source = `ruleset demo
input total_assets money "资产总额"
input total_liabilities money
let debt_ratio "资产负债率" = total_liabilities / total_assets when total_assets > 0
warning HIGH_DEBT "负债率过高" warning review when total_assets <= 0 or debt_ratio > 80%
`;

describe("symbolsOf", () => {
  const table = symbolsOf(source);
  const byName = (n: string) => table.symbols.find((s) => s.name === n)!;

  it("describes inputs with type, label and range", () => {
    expect(byName("total_assets")).toMatchObject({ kind: "input", type: "money", label: "资产总额", range: "≥ 0" });
  });

  it("gives a derived value's definition and inferred type", () => {
    expect(byName("debt_ratio")).toMatchObject({ kind: "let", type: "ratio", label: "资产负债率" });
    expect(byName("debt_ratio").definition).toContain("total_liabilities / total_assets when total_assets > 0");
  });

  it("lists every reference of an input, for find-references and rename", () => {
    const refs = byName("total_assets").references.map((r) => source.slice(r.start, r.end));
    expect(refs).toEqual(["total_assets", "total_assets", "total_assets"]);
  });

  it("finds the symbol under the cursor on a reference", () => {
    const offset = source.indexOf("debt_ratio > 80%") + 2;
    expect(symbolAt(table, offset)?.name).toBe("debt_ratio");
  });

  it("still answers for a ruleset with errors", () => {
    const broken = symbolsOf(`${source}let x = total_asets +`);
    expect(broken.symbols.some((s) => s.name === "debt_ratio")).toBe(true);
  });
});
