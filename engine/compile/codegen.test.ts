// Generated code and composed closures are two compilations of one meaning: every ruleset of
// the project decides every sample and generated customer identically both ways, explanations,
// error records and runtime faults included.
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { generatePortfolio } from "../../bench/portfolio.js";
import { distributors } from "../../test/distributors.js";
import { compile, evaluate } from "../index.js";
import { setGenerationAllowed } from "./codegen.js";

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");
const samples = read("test/fixtures/customers-sample.jsonl")
  .trim()
  .split("\n")
  .map((l) => JSON.parse(l) as Record<string, unknown>);
const portfolio = generatePortfolio(3000, 7).map((c) => JSON.parse(JSON.stringify(c)) as Record<string, unknown>);

function decisions(source: string, customers: unknown[]): string[] {
  const { plan, diagnostics } = compile(source);
  if (!plan) throw new Error(diagnostics.map((d) => d.message).join("; "));
  return customers.map((c) => JSON.stringify(evaluate(plan, c, { explain: true, version: "1" })));
}

afterEach(() => setGenerationAllowed(null));

describe("generated code decides as the closures do", () => {
  for (const name of ["trading-standard", "retail-abc", "distributor-matrix"]) {
    it(name, () => {
      const source = read(`rulesets/${name}.rules`);
      const customers = name === "distributor-matrix" ? distributors(3000) : [...samples, ...portfolio];
      const generated = decisions(source, customers);
      setGenerationAllowed(false);
      const closures = decisions(source, customers);
      expect(generated.length).toBe(customers.length);
      for (let i = 0; i < customers.length; i++) expect(generated[i], `customer ${i}`).toBe(closures[i]);
      // The portfolio reaches error records and both sides of the thresholds, not one path only.
      expect(generated.some((r) => r.includes('"error"'))).toBe(true);
      expect(new Set(generated.map((r) => (JSON.parse(r) as { grade?: string }).grade)).size).toBeGreaterThan(2);
    });
  }

  it("a runtime fault and a guarded value are the same both ways", () => {
    const source = `ruleset faults
input a money
input b money
let q = a / b when b > 0
output ratio = q
output raw = a / b
output either = if b > 0 then q else 0
`;
    const customers = [
      { id: "1", a: "10.00", b: "4.00" },
      { id: "2", a: "10.00", b: "0" },
      { id: "3", a: "-1", b: "2" },
      { id: "4", a: "1", b: "3", extra: true },
      { id: "5", b: "3" },
    ];
    const generated = decisions(source, customers);
    setGenerationAllowed(false);
    expect(decisions(source, customers)).toEqual(generated);
    expect(generated[1]).toContain("RUNTIME_FAULT");
    expect(generated[2]).toContain("NEGATIVE_NOT_ALLOWED");
    expect(generated[4]).toContain("MISSING_FIELD");
  });
});
