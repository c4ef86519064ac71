// The importer against json-rules-engine itself: random facts through every operator and
// decorator give the same events, and what cannot be represented is reported, not dropped.
import fc from "fast-check";
import { Engine, type RuleProperties } from "json-rules-engine";
import { describe, expect, it } from "vitest";
import { compile, evaluate, isErrorRecord } from "../../engine/index.js";
import { importJsonRulesEngine } from "./import.js";

const operators = ["equal", "notEqual", "lessThan", "lessThanInclusive", "greaterThan", "greaterThanInclusive", "in", "notIn", "contains", "doesNotContain"];
const chains = ["", "not:", "swap:", "someFact:", "everyFact:", "someValue:", "everyValue:", "not:someFact:", "swap:everyFact:", "someFact:someValue:", "not:swap:everyValue:"];

const scalar = fc.oneof(
  fc.integer({ min: -20, max: 20 }),
  fc.constantFrom(0.1, 2.5, -0.75, 10.25),
  fc.constantFrom("5", "10", "abc", "", " 7 ", "1e1", "0x10", "10abc", "b", "ab"),
  fc.boolean(),
  fc.constant(null),
);
const value = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }));

/** json-rules-engine's outcome: the fired event types, or "error" when the run rejects. */
async function theirs(rule: RuleProperties, facts: Record<string, unknown>): Promise<string> {
  try {
    const engine = new Engine([rule]);
    const { events } = await engine.run(facts);
    return events.length > 0 ? "fired" : "not fired";
  } catch {
    return "error";
  }
}

function ours(rule: object, facts: Record<string, unknown>): string {
  const { source, issues } = importJsonRulesEngine([rule]);
  if (!source) throw new Error(JSON.stringify(issues));
  const { plan, diagnostics } = compile(source);
  if (!plan) throw new Error(JSON.stringify(diagnostics));
  const record = evaluate(plan, facts);
  if (isErrorRecord(record)) return "error";
  return record.events!.length > 0 ? "fired" : "not fired";
}

describe("imported operators behave exactly as json-rules-engine's", () => {
  it("for random facts, values, operators and decorator chains", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...operators), fc.constantFrom(...chains), value, value, fc.boolean(), async (op, chain, fact, val, valueIsFact) => {
        const rule = {
          conditions: { all: [{ fact: "x", operator: `${chain}${op}`, value: valueIsFact ? { fact: "y" } : val }] },
          event: { type: "hit" },
        };
        const facts = { x: fact, y: val };
        expect(ours(rule, facts)).toBe(await theirs(rule, facts));
      }),
      { numRuns: 1500 },
    );
  });

  it("for paths into nested facts, missing paths and non-object facts", async () => {
    const rule = {
      conditions: { any: [{ fact: "profile", path: "$.address.city", operator: "equal", value: "Berlin" }, { fact: "profile", path: "$.tags[1]", operator: "equal", value: null }] },
      event: { type: "hit" },
    };
    for (const profile of [{ address: { city: "Berlin" } }, { address: {} }, { tags: ["a", null] }, { tags: ["a"] }, "Berlin", null, 5]) {
      expect(ours(rule, { profile })).toBe(await theirs(rule, { profile }));
    }
  });

  it("a fact the rules need but the facts lack fails the run, as in json-rules-engine", async () => {
    const rule = { conditions: { all: [{ fact: "age", operator: "lessThan", value: 50 }] }, event: { type: "hit" } };
    expect(await theirs(rule, {})).toBe("error");
    expect(ours(rule, {})).toBe("error");
  });

  it("fires in priority order, high first, then as declared", () => {
    const rules = [1, 3, 1, 2].map((p, i) => ({ priority: p, conditions: { all: [] }, event: { type: `r${i}` } }));
    const { source } = importJsonRulesEngine(rules);
    const record = evaluate(compile(source!).plan!, {});
    expect(isErrorRecord(record) ? [] : record.events!.map((e) => e.type)).toEqual(["r1", "r3", "r0", "r2"]);
  });
});

describe("what cannot be represented is reported where it is", () => {
  it("custom operators, dynamic facts, bad paths, unknown shared conditions, object values", () => {
    const { source, issues } = importJsonRulesEngine({
      rules: [
        {
          conditions: {
            all: [
              { fact: "age", operator: "isAdult", value: true },
              { fact: "account", params: { id: 1 }, operator: "equal", value: 1 },
              { fact: "profile", path: "$..city", operator: "equal", value: "x" },
              { condition: "missing" },
              { fact: "x", operator: "equal", value: { a: 1 } },
              { fact: "x", operator: "someFact:not:lessThan", value: 1 },
            ],
          },
          event: { type: "e" },
          onSuccess: "code",
        },
      ],
    });
    expect(source).toBeNull();
    expect(issues.map((i) => i.where)).toEqual([
      "rules[0].onSuccess",
      "rules[0].conditions.all[0].operator",
      "rules[0].conditions.all[1].params",
      "rules[0].conditions.all[2].path",
      "rules[0].conditions.all[3]",
      "rules[0].conditions.all[4].value",
      "rules[0].conditions.all[5].operator",
    ]);
    expect(issues[1].message).toContain("custom operator");
    expect(issues[2].message).toContain("dynamic fact");
  });
});

describe("a file without rules", () => {
  it("is refused rather than imported as an empty ruleset", () => {
    for (const doc of [[], { rules: [] }]) {
      const { source, issues } = importJsonRulesEngine(doc);
      expect(source).toBeNull();
      expect(issues).toEqual([{ where: "rules", message: expect.stringContaining("holds no rules") }]);
    }
  });
});
