import { describe, expect, it } from "vitest";
import { generatePortfolio, portfolioCustomers } from "./generate.js";

const cents = /^-?\d+\.\d\d$/;

describe("generatePortfolio", () => {
  it("gives the same rows for the same profile and seed, other rows for another seed", () => {
    for (const profile of ["thresholds", "export"] as const) {
      const a = generatePortfolio(200, { profile, seed: 5 });
      expect(generatePortfolio(200, { profile, seed: 5 })).toEqual(a);
      expect(generatePortfolio(200, { profile, seed: 6 })).not.toEqual(a);
    }
  });

  it("streams the rows it would return as an array", () => {
    const stream = portfolioCustomers({ profile: "export", seed: 42 });
    const streamed = Array.from({ length: 50 }, () => stream.next().value);
    expect(streamed).toEqual(generatePortfolio(50, { profile: "export", seed: 42 }));
  });

  it("export: 44 fields, amounts with cents, Chinese company names", () => {
    for (const c of generatePortfolio(500, { profile: "export", seed: 42 })) {
      expect(Object.keys(c)).toHaveLength(44);
      expect(c.total_assets).toMatch(cents);
      expect(c.on_time_payment_rate_12m).toMatch(/^0\.\d\d$/);
      expect(c.name).toMatch(/^\p{Script=Han}+\d+号$/u);
    }
  });

  it("thresholds: some rows exactly on the debt-ratio bands, some 20+ digit decimals, some bad input", () => {
    const rows = generatePortfolio(20_000, { profile: "thresholds", seed: 20240601 });
    const centsOf = (v: unknown) => (typeof v === "string" && cents.test(v) ? BigInt(v.replace(".", "")) : null);
    const onBand = rows.filter((c) => {
      const assets = centsOf(c.total_assets);
      const liabilities = centsOf(c.total_liabilities);
      return assets !== null && liabilities !== null && assets > 0n && [40n, 55n, 70n, 80n].some((pct) => liabilities * 100n === assets * pct);
    });
    expect(onBand.length / rows.length).toBeGreaterThan(0.05);
    expect(rows.some((c) => String(c.ar_outstanding).replace(/\D/g, "").length >= 20)).toBe(true);
    expect(rows.some((c) => !("total_assets" in c) || c.revenue_last_year === "12,5O0" || c.inventory === "-100.00" || c.on_time_payment_rate_12m === "95")).toBe(true);
  });

  it("redrawn: keeps each sample's fields and kinds of value, and asks for samples", () => {
    const samples = [{ customer_id: "S1", name: "A", total_assets: "1000.00", fraud_flag: false, years_in_business: 3, on_time_payment_rate_12m: "0.90" }];
    for (const c of generatePortfolio(100, { profile: "redrawn", seed: 1, samples })) {
      expect(Object.keys(c)).toEqual(Object.keys(samples[0]));
      expect(c.name).toBe("A");
      expect(c.total_assets).toMatch(cents);
      expect(typeof c.fraud_flag).toBe("boolean");
      expect(Number.isInteger(c.years_in_business)).toBe(true);
    }
    expect(() => generatePortfolio(1, { profile: "redrawn", seed: 1, samples: [] })).toThrow(/at least one sample/);
  });
});
