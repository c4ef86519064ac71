import { describe, expect, it } from "vitest";
import type { SymbolTable } from "../../../engine/symbols.js";
import { completionsAt } from "./completion.js";

const table: SymbolTable = {
  symbols: [
    { name: "total_assets", kind: "input", type: "money", label: "资产总额", span: null, definition: null, references: [], range: "≥ 0" },
    { name: "debt_ratio", kind: "let", type: "ratio", label: "资产负债率", span: null, definition: "let debt_ratio = …", references: [], range: null },
    { name: "HIGH_DEBT", kind: "warning", type: "true/false", label: null, span: null, definition: null, references: [], range: null },
  ],
  grades: ["A", "B", "C", "D"],
  functions: [{ name: "min", signature: "min(a, b, …)", doc: "the smallest" }],
  roles: ["sales_manager", "cfo"],
  actions: ["freeze", "review"],
  severities: ["info", "warning", "critical"],
  roundingModes: ["half_up", "down"],
};

const labels = (line: string) => completionsAt(line, table).map((c) => c.label);

describe("completionsAt", () => {
  it("offers declarations at the start of a line", () => {
    expect(labels("")).toEqual(expect.arrayContaining(["input", "scorecard", "warning", "total_assets"]));
  });

  it("offers names with type and label, and functions with signatures, inside expressions", () => {
    const items = completionsAt("let x = ", table);
    expect(items.find((c) => c.label === "total_assets")).toMatchObject({ kind: "input", detail: "money · 资产总额" });
    expect(items.find((c) => c.label === "debt_ratio")).toMatchObject({ kind: "let", detail: "ratio · 资产负债率" });
    expect(items.find((c) => c.label === "min")).toMatchObject({ kind: "function", detail: "min(a, b, …)", snippet: true });
    expect(items.some((c) => c.label === "HIGH_DEBT")).toBe(false);
  });

  it("offers severities, then actions, after a warning's label", () => {
    expect(labels('warning HIGH_DEBT "负债率过高" ')).toEqual(["info", "warning", "critical"]);
    expect(labels('warning HIGH_DEBT "负债率过高" warning ')).toEqual(["freeze", "review"]);
  });

  it("offers grades after a cap's at, roles in approval chains and rounding modes", () => {
    expect(labels('cap KO "x" at ')).toEqual(["A", "B", "C", "D"]);
    expect(labels("  level 1 when requested_limit <= 500,000: ")).toEqual(["sales_manager", "cfo"]);
    expect(labels("  level 1 when x: sales_manager, ")).toEqual(["sales_manager", "cfo"]);
    expect(labels("  round limit ")).toEqual(["half_up", "down"]);
  });
});
