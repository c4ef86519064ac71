// The record writer is JSON.stringify for decision records, only faster: the same bytes for
// every ruleset of the project, with and without explanations and versions, error records too.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { generatePortfolio } from "../bench/portfolio.js";
import { distributors } from "../test/distributors.js";
import { ODD_TEXT_RULESET } from "../test/odd-text-ruleset.js";
import { compile, evaluate, isErrorRecord, recordWriter } from "./index.js";

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), "utf8");
const samples = read("test/fixtures/customers-sample.jsonl")
  .trim()
  .split("\n")
  .map((l) => JSON.parse(l) as unknown);
const customers = [...samples, ...generatePortfolio(1500, 3).map((c) => JSON.parse(JSON.stringify(c)) as unknown)];

function plan(source: string) {
  const { plan, diagnostics } = compile(source);
  if (!plan) throw new Error(diagnostics.map((d) => d.message).join("; "));
  return plan;
}

describe("recordWriter", () => {
  for (const name of ["trading-standard", "retail-abc", "distributor-matrix"]) {
    it(`writes ${name} records as JSON.stringify does`, () => {
      const p = plan(read(`rulesets/${name}.rules`));
      const write = recordWriter(p);
      let compared = 0;
      const list = name === "distributor-matrix" ? distributors(1500) : customers;
      for (const options of [{}, { version: "7" }, { explain: true, version: "v\"2" }]) {
        for (const c of list) {
          const r = evaluate(p, c, options);
          expect(write(r)).toBe(JSON.stringify(r));
          compared++;
        }
      }
      expect(compared).toBe(list.length * 3);
    });
  }

  it("escapes what needs escaping: ids, text outputs, text indicators, events", () => {
    const p = plan(ODD_TEXT_RULESET);
    const write = recordWriter(p);
    let decided = 0;
    for (const c of [{ id: 'a"b\\n', label: 'a"b', flag: true, amount: "1000.01" }, { customer_id: "行\n2", label: "\u2028", flag: false, amount: "7" }, { label: "x" }]) {
      const r = evaluate(p, c, { version: "1" });
      expect(write(r)).toBe(JSON.stringify(r));
      if (!isErrorRecord(r)) decided++;
    }
    expect(decided).toBe(2);
  });
});
