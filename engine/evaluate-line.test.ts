import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { generatePortfolio } from "../portfolio/generate.js";
import { evaluateLine, evaluateLinePair, sharesInputs } from "./evaluate-line.js";
import { compile, type EvaluateOptions, type Plan } from "./index.js";

function planOf(source: string): Plan {
  const { plan, diagnostics } = compile(source);
  if (!plan) throw new Error(diagnostics.map((d) => `${d.span.line}:${d.span.column} ${d.message}`).join("\n"));
  return plan;
}

const utf8 = new TextEncoder();
const trading = planOf(readFileSync("rulesets/trading-standard.rules", "utf8"));
const draft = planOf(readFileSync("test/fixtures/trading-standard-draft.rules", "utf8"));

const base = `ruleset p
input assets money
input debts money = 0
input months int
`;
const outputs = "let r = debts / assets when assets > 0\noutput ratio = r\noutput m = months\n";

/** Each line's pair of records must be what deciding the line with each plan alone gives. */
function expectPairsAsAlone(before: Plan, after: Plan, lines: string[], options: EvaluateOptions = {}): number {
  let read = 0;
  for (const line of lines) {
    const bytes = utf8.encode(line);
    const pair = evaluateLinePair(before, after, bytes, 0, bytes.length, options);
    const b = evaluateLine(before, bytes, 0, bytes.length, options);
    const a = evaluateLine(after, bytes, 0, bytes.length, options);
    if (pair === null) expect(b === null || a === null).toBe(true);
    else {
      read++;
      expect(pair).toEqual([b, a]);
    }
  }
  return read;
}

describe("evaluateLinePair", () => {
  it("reads a trading-standard line once for the draft, with the records each plan gives alone", () => {
    expect(sharesInputs(trading, draft)).toBe(true);
    const lines = generatePortfolio(2000, { profile: "export", seed: 3 }).map((c) => JSON.stringify(c));
    lines.push(...generatePortfolio(2000, { profile: "thresholds", seed: 3 }).map((c) => JSON.stringify(c)));
    expect(expectPairsAsAlone(trading, draft, lines)).toBeGreaterThan(3500);
    expect(expectPairsAsAlone(trading, draft, lines, { comparable: true })).toBeGreaterThan(3500);
  });

  it("shares only when every input of the second plan is declared alike in the first", () => {
    const before = planOf(base + outputs);
    expect(sharesInputs(before, planOf(base + outputs))).toBe(true);
    // Fewer inputs in the second plan, in another order: still one reading.
    expect(sharesInputs(before, planOf("ruleset q\ninput months int\ninput assets money\noutput m = months\noutput a = assets\n"))).toBe(true);
    for (const changed of [
      base.replace("debts money = 0", "debts money = 1"),
      base.replace("debts money = 0", "debts money"),
      base.replace("months int", "months int in 0..600"),
      base.replace("assets money", "assets money signed"),
      base.replace("months int", "months days"),
      `${base}input extra bool = false\n`,
    ]) {
      expect(sharesInputs(before, planOf(changed + outputs))).toBe(false);
    }
  });

  it("gives each plan's own records when the reading is shared or not, bad lines included", () => {
    const before = planOf(base + outputs);
    const lines = [
      `{"customer_id":"A","assets":"100.50","debts":"40","months":3}`,
      `{"customer_id":"B","assets":"100","months":3}`,
      `{"customer_id":"C","assets":"0","debts":"5","months":0,"note":{"x":[1,2]}}`,
      `{"customer_id":"D","assets":"-1","months":3}`,
      `{"customer_id":"E","assets":"1","months":3.5}`,
      `{"id":7,"assets":"1","months":3}`,
      `{"customer_id":"F","assets":"1"}`,
      `{"customer_id":"G","assets":"1","months":3,"months":4}`,
    ];
    const others = [
      planOf(base + outputs),
      planOf("ruleset q\ninput months int\ninput assets money\noutput m = months\noutput a = assets\n"),
      planOf(base.replace("debts money = 0", "debts money = 1") + outputs),
      planOf(`${base}input extra bool = false\n${outputs}`),
    ];
    for (const after of others) {
      expect(expectPairsAsAlone(before, after, lines)).toBeGreaterThanOrEqual(4);
      expect(expectPairsAsAlone(after, before, lines)).toBeGreaterThanOrEqual(4);
    }
    // A line the first plan's reader declines: both records take the careful path.
    const q = others[1];
    const bytes = utf8.encode(lines[3]);
    expect(evaluateLinePair(before, q, bytes, 0, bytes.length)).toBeNull();
  });
});
