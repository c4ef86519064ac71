// Both reference rulesets reproduce every expected decision of the shared fixtures (see
// test/fixtures/README.md), and pass their own test cases.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compile, evaluate, runTests } from "../engine/index.js";
import { decisionDifferences } from "./expect-decision.js";

const read = (p: string) => readFileSync(new URL(p, import.meta.url), "utf8");
const customers = read("./fixtures/customers-sample.jsonl").trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);

for (const name of ["trading-standard", "retail-abc"]) {
  describe(name, () => {
    const source = read(`../rulesets/${name}.rules`);
    const { plan, diagnostics } = compile(source);
    const expected = read(`./fixtures/expected-${name}.jsonl`).trim().split("\n").map((l) => JSON.parse(l) as { customerId: string });

    it("compiles without errors or warnings", () => {
      expect(diagnostics).toEqual([]);
      expect(plan).not.toBeNull();
    });

    it("passes its own test cases", () => {
      const results = runTests(plan!);
      expect(results.length).toBeGreaterThan(2);
      for (const r of results) expect({ name: r.name, failures: r.failures }).toEqual({ name: r.name, failures: [] });
    });

    it.each(expected.map((e, i) => [e.customerId, i] as const))("decides %s exactly as expected", (_id, i) => {
      const record = evaluate(plan!, customers[i]);
      expect(decisionDifferences(record, expected[i])).toEqual([]);
    });
  });
}
