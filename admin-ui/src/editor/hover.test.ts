import { describe, expect, it } from "vitest";
import { hoverMarkdown } from "./hover.js";
import { escapeMarkdown } from "./markdown.js";

const labels = { kind: { input: "input", let: "derived" }, range: "range", valueFor: (c: string) => `customer ${c}` };

describe("hover", () => {
  it("shows an input's type, label, range and the picked customer's value", () => {
    const md = hoverMarkdown({ name: "total_assets", kind: "input", type: "money", label: "资产总额", span: null, definition: null, references: [], range: "≥ 0" }, { customer: "W1", value: "10000000.00" }, labels);
    expect(md.join("\n")).toContain("资产总额");
    expect(md.join("\n")).toContain("≥ 0");
    expect(md.join("\n")).toContain("`10000000.00`");
  });

  it("escapes markup in labels so it shows as text", () => {
    const md = hoverMarkdown({ name: "x", kind: "input", type: "money", label: "<img src=x onerror=alert(1)> [a](javascript:b)", span: null, definition: null, references: [], range: null }, null, labels);
    expect(md[0]).not.toMatch(/(^|[^\\])<img/);
    expect(md[0]).toContain("\\<img");
    expect(md[0]).toContain("\\[a\\]\\(javascript:b\\)");
  });

  it("escapes every markdown character", () => {
    expect(escapeMarkdown("*a_b*`c`")).toBe("\\*a\\_b\\*\\`c\\`");
  });
});
