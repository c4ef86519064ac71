import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseJsonExact } from "../cli/json-line.js";
import { generatePortfolio } from "../portfolio/generate.js";
import { distributors } from "../test/distributors.js";
import { fieldsOf, lineBytes, lineShape, singleChanges } from "../test/properties/jsonl-lines.js";
import { sampleCustomers } from "../test/sample-customers.js";
import { DECLINED } from "./decide.js";
import { evaluateLine } from "./evaluate-line.js";
import { compile, evaluate, type Plan } from "./index.js";
import { bindInputs, customerIdOf } from "./input.js";
import { lineBinder } from "./line-binder.js";

function planOf(source: string): Plan {
  const { plan, diagnostics } = compile(source);
  if (!plan) throw new Error(diagnostics.map((d) => d.message).join("\n"));
  return plan;
}
const rules = (name: string) => planOf(readFileSync(new URL(`../rulesets/${name}.rules`, import.meta.url), "utf8"));
const trading = rules("trading-standard");
const matrix = rules("distributor-matrix");

const small = planOf(`ruleset small
input assets money
input debts money = 0
input profit money signed
input rate ratio
input months int
input tier int in 1..4
input ok bool = true
input kind one of ("retail", "零售") = "retail"
input city text = "none"
output o = assets
`);

const utf8 = new TextEncoder();
const text = new TextDecoder("utf-8", { ignoreBOM: true });
const UNSET = Symbol("unset");

/** What the binder makes of a line: its slots and customer id, or DECLINED. */
function fast(plan: Plan, bytes: Uint8Array): { vals: unknown[]; id: string | null } | typeof DECLINED {
  const binder = lineBinder(plan)!;
  const vals = new Array<unknown>(plan.size).fill(UNSET);
  binder.line(bytes, 0, bytes.length);
  const id = binder.bind(vals);
  return id === DECLINED ? DECLINED : { vals, id };
}

/**
 * A line the binder accepts is one the careful path reads without a problem, into the very same
 * slot values (a Ratio's numerator and denominator included) and the same customer id.
 */
function agrees(plan: Plan, bytes: Uint8Array): boolean {
  const got = fast(plan, bytes);
  if (got === DECLINED) return false;
  const facts = parseJsonExact(text.decode(bytes));
  const vals = new Array<unknown>(plan.size).fill(UNSET);
  const id = customerIdOf(facts);
  expect(bindInputs(plan.inputs, facts, vals, id)).toEqual([]);
  expect(got.id).toBe(id);
  for (const spec of plan.inputs) expect(got.vals[spec.slot], spec.name).toStrictEqual(vals[spec.slot]);
  return true;
}

const line = (s: string) => utf8.encode(s);
const base = '"assets":"31824338.11","profit":"-5.5","rate":"0.95","months":12,"tier":2';

describe("lineBinder", () => {
  it("binds an ordinary line: decimal strings, whole numbers, booleans, listed and free text, defaults", () => {
    expect(agrees(small, line(`{"customer_id":"C1",${base},"ok":false,"kind":"零售","city":"重庆 🌸","name":"重庆山城"}`))).toBe(true);
    expect(agrees(small, line(` { "customer_id" : "C1" , ${base.replace(/,/g, " ,\t")} }\r`))).toBe(true);
    const got = fast(small, line(`{"customer_id":"C1",${base}}`));
    expect(got).not.toBe(DECLINED);
  });

  it("binds every ordinary line of the sample and generated customers, exactly as the careful path", () => {
    const lines = [...sampleCustomers(), ...generatePortfolio(300, { profile: "export", seed: 9 })].map((c) => line(JSON.stringify(c)));
    for (const l of lines) expect(agrees(trading, l)).toBe(true);
    let bound = 0;
    for (const c of distributors(300)) {
      const l = line(JSON.stringify(c));
      if (agrees(matrix, l)) bound++;
      // What it leaves to the careful path is what the careful path refuses.
      else expect("error" in evaluate(matrix, parseJsonExact(text.decode(l)))).toBe(true);
    }
    expect(bound).toBeGreaterThan(150);
  });

  it.each([
    ["a duplicate key", `{"customer_id":"C1",${base},"months":12}`],
    ["a duplicate unknown key", `{"customer_id":"C1",${base},"x":1,"x":1}`],
    ["a duplicate unknown key too long to remember", `{"customer_id":"C1",${base},"${"k".repeat(200)}":1,"${"k".repeat(200)}":1}`],
    ["a duplicate key inside an unknown field", `{"customer_id":"C1",${base},"x":{"a":1,"a":1}}`],
    ["an escape in a key", `{"customer_id":"C1",${base.replace('"assets"', '"\\u0061ssets"')}}`],
    ["an escape in a value", `{"customer_id":"C1",${base.replace('"0.95"', '"0\\u002e95"')}}`],
    ["an escape in the id", `{"customer_id":"C\\u0031",${base}}`],
    ["null", `{"customer_id":"C1",${base},"ok":null}`],
    ["an exponent", `{"customer_id":"C1",${base.replace("12", "1.2e1")}}`],
    ["an exponent in an unknown field", `{"customer_id":"C1",${base},"x":[708.9196e42926582]}`],
    ["a decimal a double prints differently", `{"customer_id":"C1",${base.replace('"31824338.11"', "31824338.10")}}`],
    ["16 digits", `{"customer_id":"C1",${base.replace('"31824338.11"', '"1234567890123456.5"')}}`],
    ["a negative amount", `{"customer_id":"C1",${base.replace('"31824338.11"', '"-1"')}}`],
    ["a ratio above 1", `{"customer_id":"C1",${base.replace('"0.95"', '"1.01"')}}`],
    ["a fraction for a count", `{"customer_id":"C1",${base.replace("12", '"12.5"')}}`],
    ["a value out of its range", `{"customer_id":"C1",${base.replace('"tier":2', '"tier":5')}}`],
    ["an unlisted value", `{"customer_id":"C1",${base},"kind":"farm"}`],
    ["a number for text", `{"customer_id":"C1",${base},"city":42}`],
    ["a missing field without default", `{"customer_id":"C1",${base.replace(',"tier":2', "")}}`],
    ["an object for a number", `{"customer_id":"C1",${base.replace("12", "{}")}}`],
    ["trailing garbage", `{"customer_id":"C1",${base}}x`],
    ["a truncated line", `{"customer_id":"C1",${base}`],
    ["a trailing comma", `{"customer_id":"C1",${base},}`],
    ["a byte-order mark", `\ufeff{"customer_id":"C1",${base}}`],
    ["not an object", `[{"customer_id":"C1",${base}}]`],
    ["nesting deeper than a recursive parser allows", `{"customer_id":"C1",${base},"x":${"[".repeat(100)}${"]".repeat(100)}}`],
    ["an id that is not text or a whole number", `{"customer_id":1.5,${base}}`],
  ])("leaves a line with %s to the careful path", (_, l) => {
    expect(fast(small, line(l))).toBe(DECLINED);
  });

  it("declines invalid UTF-8 in a key, but not in an unknown field's value", () => {
    const bad = (s: string, at: string) => {
      const b = line(s);
      const i = b.indexOf(at.charCodeAt(0));
      b[i] = 0xff;
      return b;
    };
    expect(fast(small, bad(`{"customer_id":"C1",${base},"k@y":1}`, "@"))).toBe(DECLINED);
    expect(agrees(small, bad(`{"customer_id":"C1",${base},"name":"a@b"}`, "@"))).toBe(true);
  });

  it("the customer id: customer_id, then customerId, then id; null passes to the next; whole numbers as written", () => {
    const idOf = (fields: string) => {
      const got = fast(small, line(`{${fields}${base}}`));
      return got === DECLINED ? DECLINED : got.id;
    };
    expect(idOf('"id":"c","customerId":"b","customer_id":"a",')).toBe("a");
    expect(idOf('"id":"c","customerId":"b","customer_id":null,')).toBe("b");
    expect(idOf('"id":7,')).toBe("7");
    expect(idOf('"id":-7,')).toBe("-7");
    expect(idOf('"customer_id":"客户-1",')).toBe("客户-1");
    expect(idOf("")).toBe(null);
    expect(idOf('"id":-0,')).toBe(DECLINED);
  });

  it("agrees with the careful path on every line it accepts, of every single-field change and of bent lines", () => {
    const bases = sampleCustomers().slice(0, 2).map(fieldsOf);
    for (const l of bases.flatMap(singleChanges)) agrees(trading, l);
    const all = sampleCustomers().map(fieldsOf);
    fc.assert(
      fc.property(lineShape(all.length), (shape) => {
        agrees(trading, lineBytes(shape, all));
      }),
      { numRuns: 500 },
    );
  });

  it("is not made for inputs read from a fact path, json inputs, or an input named like the id", () => {
    expect(lineBinder(planOf('ruleset p\ninput city text from "profile.city"\noutput c = city\n'))).toBeNull();
    expect(lineBinder(planOf("ruleset p\ninput id text\noutput c = id\n"))).toBeNull();
    expect(evaluateLine(planOf("ruleset p\ninput id text\noutput c = id\n"), line('{"id":"x"}'), 0, 10)).toBeNull();
  });

  it("evaluates a line inside a larger buffer, reading nothing past its end", () => {
    const row = `{"customer_id":"C1",${base}}`;
    const buffer = line(`${row}\n{"x":1}`);
    const r = evaluateLine(small, buffer, 0, row.length);
    expect(r).toEqual(evaluate(small, JSON.parse(row)));
    // The same bytes cut one short are a broken line, whatever follows in the buffer.
    expect(evaluateLine(small, line(`${row}}`), 0, row.length - 1)).toBeNull();
  });
});
