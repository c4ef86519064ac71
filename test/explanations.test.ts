// Golden files for explained decisions: what a tester sees for a few sample customers.
// Regenerate after an intended change with UPDATE_GOLDEN=1 and review the diff.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compile, evaluate } from "../engine/index.js";

const read = (p: string) => readFileSync(new URL(p, import.meta.url), "utf8");
const customers = new Map(
  read("./fixtures/customers-sample.jsonl")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .map((c) => [String(c.customer_id), c]),
);

const cases: Array<[string, string]> = [
  ["trading-standard", "W0001"],
  ["trading-standard", "C0001"],
  ["trading-standard", "E0092"],
  ["retail-abc", "W0001"],
  ["retail-abc", "C0002"],
];

describe("explanations", () => {
  it.each(cases)("%s explains %s", (ruleset, id) => {
    const { plan } = compile(read(`../rulesets/${ruleset}.rules`));
    const record = evaluate(plan!, customers.get(id), { explain: true });
    const actual = `${JSON.stringify(record, null, 2)}\n`;
    const golden = new URL(`./explanations/${ruleset}-${id}.json`, import.meta.url);
    if (process.env.UPDATE_GOLDEN || !existsSync(golden)) writeFileSync(golden, actual);
    expect(actual).toBe(readFileSync(golden, "utf8"));
  });
});
