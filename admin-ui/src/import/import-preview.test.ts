import { isLosslessNumber } from "lossless-json";
import { describe, expect, it } from "vitest";
import { compile } from "../../../engine/index.js";
import { nameProblem, previewImport, suggestName } from "./import-preview.js";

const fouledOut = JSON.stringify([
  {
    name: "short or long foul limit",
    conditions: { any: [{ all: [{ fact: "gameDuration", operator: "equal", value: 40 }, { fact: "personalFoulCount", operator: "greaterThanInclusive", value: 5 }] }] },
    event: { type: "fouledOut", params: { message: "Player has fouled out!" } },
  },
]);

describe("previewImport", () => {
  it("shows the converted text under the chosen name, and keeps the file's JSON for the server", () => {
    const preview = previewImport(fouledOut, "fouls.json", "fouls");
    expect(preview.kind).toBe("ready");
    if (preview.kind !== "ready") return;
    expect(preview.source).toContain("ruleset fouls\n");
    expect(preview.source).toContain('event "fouledOut" { message: "Player has fouled out!" }');
    expect(compile(preview.source).diagnostics).toEqual([]);
    expect(Array.isArray(preview.rules)).toBe(true);
  });

  it("keeps every digit of a number, never reading it as a float", () => {
    const preview = previewImport('[{"conditions":{"all":[{"fact":"share","operator":"equal","value":0.30000000000000001}]},"event":{"type":"e"}}]', "f.json", "exact");
    if (preview.kind !== "ready") throw new Error(preview.kind);
    expect(preview.source).toContain("share = 0.30000000000000001");
    const value = (preview.rules as any)[0].conditions.all[0].value;
    expect(isLosslessNumber(value) && value.value).toBe("0.30000000000000001");
  });

  it("writes a placeholder name while the chosen one cannot be used", () => {
    for (const name of ["", "Bad Name", "x-rule"]) {
      const preview = previewImport(fouledOut, "f.json", name);
      expect(preview.kind === "ready" && preview.source).toContain("ruleset imported\n");
    }
  });

  it("reports every part that cannot be represented, line for line as the CLI does", () => {
    const rules = JSON.stringify([
      { conditions: { all: [{ fact: "age", operator: "isAdult", value: true }, { fact: "account", params: { id: 1 }, operator: "equal", value: 1 }] }, event: { type: "e" } },
    ]);
    const preview = previewImport(rules, "rules.json", "x");
    expect(preview.kind).toBe("refused");
    if (preview.kind !== "refused") return;
    expect(preview.report).toEqual([
      'rules.json: rules[0].conditions.all[0].operator: operator "isAdult": "isAdult" is not a json-rules-engine built-in operator (a custom operator is defined in code, so its meaning is not in the rules file)',
      'rules.json: rules[0].conditions.all[1].params: fact "account" takes params: it is computed in code (a dynamic fact), so its value cannot be known from the rules file; supply it as a plain fact instead',
      "rules.json: not imported: 2 parts cannot be represented",
    ]);
  });

  it("refuses JSON that is not json-rules-engine rules, and text that is not JSON", () => {
    const notRules = previewImport('{"hello": "world"}', "other.json", "x");
    expect(notRules.kind === "refused" && notRules.report).toEqual([
      'other.json: rules[0].hello: unknown rule property "hello": its meaning would be lost',
      "other.json: rules[0].event: a rule needs an event with a type",
      "other.json: not imported: 2 parts cannot be represented",
    ]);
    expect(previewImport("[]", "empty.json", "x").kind).toBe("refused");
    const broken = previewImport('{"rules": [', "broken.json", "x");
    expect(broken.kind).toBe("unreadable");
    expect(broken.kind === "unreadable" && broken.report[0]).toMatch(/^broken\.json: .*position 11/);
    expect(previewImport("  \n", "f.json", "x")).toEqual({ kind: "empty" });
  });
});

describe("nameProblem", () => {
  const taken = ["trading-standard"];
  it("accepts a free name the server stores and the ruleset's text can spell", () => {
    for (const name of ["fouls", "trading-fouls", "a_b", "score-rules"]) expect(nameProblem(name, taken)).toBeNull();
  });
  it("names what is wrong", () => {
    expect(nameProblem("", taken)).toBe("required");
    expect(nameProblem("Fouls", taken)).toBe("format");
    expect(nameProblem("has space", taken)).toBe("format");
    expect(nameProblem("x".repeat(65), taken)).toBe("format");
    expect(nameProblem("9lives", taken)).toBe("header");
    expect(nameProblem("fouls-2024", taken)).toBe("header");
    expect(nameProblem("rule", taken)).toBe("header");
    expect(nameProblem("a--b", taken)).toBe("header");
    expect(nameProblem("trading-standard", taken)).toBe("taken");
  });
});

describe("suggestName", () => {
  it("derives a free, usable name from the file's name", () => {
    expect(suggestName("Fouled Out.json", [])).toBe("fouled-out");
    expect(suggestName("rules-2024.json", [])).toBe("rules_2024");
    expect(suggestName("rules.json", ["rules", "rules-2"])).toBe("rules-3");
    expect(suggestName("2024.json", [])).toBe("");
    expect(suggestName("rule.json", [])).toBe("");
  });
});
