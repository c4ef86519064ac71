import { describe, expect, it } from "vitest";
import { matchRoute, rulesetUrl } from "./router.js";

describe("routes", () => {
  it("matches the list, a ruleset and its tabs", () => {
    expect(matchRoute("/")).toEqual({ page: "list" });
    expect(matchRoute("/rulesets/trading/trading-standard")).toEqual({ page: "ruleset", businessUnit: "trading", name: "trading-standard", tab: "edit" });
    expect(matchRoute("/rulesets/trading/trading-standard/impact")).toMatchObject({ tab: "impact" });
    expect(matchRoute("/rulesets/trading/x/bogus")).toEqual({ page: "not-found" });
  });

  it("round-trips escaped names", () => {
    const url = rulesetUrl("零售", "a b", "history");
    expect(matchRoute(url)).toEqual({ page: "ruleset", businessUnit: "零售", name: "a b", tab: "history" });
  });
});

describe("the import page", () => {
  it("has its own address", () => {
    expect(matchRoute("/import")).toEqual({ page: "import" });
    expect(matchRoute("/import/")).toEqual({ page: "import" });
  });
});
