import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { policyChanges } from "./policy-changes.js";

const trading = readFileSync(new URL("../../../rulesets/trading-standard.rules", import.meta.url), "utf8");

describe("policyChanges", () => {
  it("finds nothing between a ruleset and itself, whatever the spacing", () => {
    expect(policyChanges(trading, trading.replace(/weight 12/, "weight  12"))).toEqual([]);
  });

  it("names a grade threshold, a weight pair and a band change", () => {
    const after = trading
      .replace("A >= 85", "A >= 80")
      .replace('indicator debt_ratio "资产负债率" weight 12', 'indicator debt_ratio "资产负债率" weight 10')
      .replace('indicator current_ratio "流动比率" weight 8', 'indicator current_ratio "流动比率" weight 10')
      .replace("<= 40% -> 100", "<= 45% -> 100");
    const changes = policyChanges(trading, after);
    expect(changes).toContainEqual({ area: "threshold", change: "changed", subject: "A", before: "A >= 85", after: "A >= 80" });
    expect(changes).toContainEqual({ area: "weight", change: "changed", subject: "debt_ratio", before: "12", after: "10" });
    expect(changes).toContainEqual({ area: "weight", change: "changed", subject: "current_ratio", before: "8", after: "10" });
    expect(changes.find((c) => c.area === "band")).toMatchObject({ subject: "debt_ratio", change: "changed" });
    expect(changes).toHaveLength(4);
  });

  it("reports added and removed warnings and changed limits", () => {
    const after = trading
      .replace(/warning REVENUE_DECLINE[^\n]*\n/, "")
      .replace("D: 0 days, limit 0", "D: 0 days, limit 0\n  ")
      .replace("  A: 60 days, limit min(3 × monthly_sales_forecast", "  A: 60 days, limit min(4 × monthly_sales_forecast")
      .concat('\nwarning BIG_ORDER "大额订单" warning review when order_amount > 1,000,000\n');
    const changes = policyChanges(trading, after);
    expect(changes.find((c) => c.subject === "REVENUE_DECLINE")).toMatchObject({ area: "warning", change: "removed" });
    expect(changes.find((c) => c.subject === "BIG_ORDER")).toMatchObject({ area: "warning", change: "added" });
    expect(changes.find((c) => c.area === "terms")).toMatchObject({ subject: "A", change: "changed" });
  });
});
