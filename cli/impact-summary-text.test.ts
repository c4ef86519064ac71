import { describe, expect, it } from "vitest";
import { formatSummary, groupDigits } from "./impact-summary-text.js";

describe("impact summary text", () => {
  it("groups the digits of exact decimals without turning them into numbers", () => {
    expect(groupDigits("12345678901234567890.05")).toBe("12,345,678,901,234,567,890.05");
    expect(groupDigits("-4477000")).toBe("-4,477,000");
    expect(groupDigits("999")).toBe("999");
  });

  it("shows the matrix with row and column totals, and errors by code when there are any", () => {
    const text = formatSummary(
      {
        customers: 5,
        changed: 3,
        grades: ["A", "B", "error"],
        matrix: { A: { A: 1, B: 1, error: 0 }, B: { A: 0, B: 2, error: 0 }, error: { A: 0, B: 0, error: 1 } },
        totalLimitBefore: "1000.5",
        totalLimitAfter: "900",
        totalLimitChange: "-100.5",
        newWarnings: { OVERDUE: 2 },
        clearedWarnings: {},
        errors: 1,
        errorsBefore: { MISSING_FIELD: 1 },
        errorsAfter: { MISSING_FIELD: 1 },
      },
      { published: "p.rules", draft: "d.rules" },
    );
    expect(text).toContain("5 customers: 3 changed, 1 with errors");
    expect(text).toContain(["       A  B  error  total", "A      1  1      0      2", "B      0  2      0      2", "error  0  0      1      1", "total  1  3      1      5"].join("\n"));
    expect(text).toContain("1,000.5 → 900 (change -100.5)");
    expect(text).toContain("New warnings: OVERDUE 2");
    expect(text).toContain("Errors, draft: MISSING_FIELD 1");
  });
});
