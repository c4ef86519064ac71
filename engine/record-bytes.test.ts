// The record byte writer writes exactly the UTF-8 of `JSON.stringify(record) + "\n"`: for every
// ruleset of the project, with explanations, versions, error records, rule events, and any text
// a customer can send (quotes, backslashes, control characters, Chinese, emoji, lone surrogates).
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generatePortfolio } from "../bench/portfolio.js";
import { distributors } from "../test/distributors.js";
import { ODD_TEXT_RULESET } from "../test/odd-text-ruleset.js";
import { compile, evaluate, isErrorRecord, type EvaluateOptions, type EvaluationRecord, type Plan } from "./index.js";
import { ByteBuffer, recordByteWriter } from "./record-bytes.js";

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), "utf8");
const lines = (text: string) => text.trim().split("\n").map((l) => JSON.parse(l) as unknown);
const samples = lines(read("test/fixtures/customers-sample.jsonl"));
const encoder = new TextEncoder();

function plan(source: string): Plan {
  const { plan, diagnostics } = compile(source);
  if (!plan) throw new Error(diagnostics.map((d) => d.message).join("; "));
  return plan;
}

/** What JSON.stringify and TextEncoder make of the records, one line each. */
function expected(records: EvaluationRecord[]): Uint8Array {
  return encoder.encode(records.map((r) => `${JSON.stringify(r)}\n`).join(""));
}

function written(p: Plan, records: EvaluationRecord[], capacity?: number): Uint8Array {
  const out = new ByteBuffer(capacity);
  const write = recordByteWriter(p);
  for (const r of records) write(r, out);
  return out.bytes();
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Record by record first, so a failure shows the line that differs; then all in one buffer. */
function expectSameBytes(p: Plan, records: EvaluationRecord[], capacity?: number): void {
  const write = recordByteWriter(p);
  for (const r of records) {
    const out = new ByteBuffer(16);
    write(r, out);
    const line = `${JSON.stringify(r)}\n`;
    if (!sameBytes(out.bytes(), encoder.encode(line))) expect(new TextDecoder().decode(out.bytes())).toBe(line);
    expect(sameBytes(out.bytes(), encoder.encode(line))).toBe(true);
  }
  expect(sameBytes(written(p, records, capacity), expected(records))).toBe(true);
}

const rulesets = ["trading-standard", "retail-abc", "distributor-matrix"];
const optionSets: EvaluateOptions[] = [{}, { version: "7" }, { explain: true, version: 'v"2 版本' }];

describe("recordByteWriter", () => {
  for (const name of ["trading-standard", "retail-abc"]) {
    it(`writes every fixture customer's ${name} record as JSON.stringify and TextEncoder do`, () => {
      const p = plan(read(`rulesets/${name}.rules`));
      const expectedRecords = lines(read(`test/fixtures/expected-${name}.jsonl`));
      for (const options of optionSets) {
        const records = samples.map((c) => evaluate(p, c, options));
        expectSameBytes(p, records);
      }
      expect(expectedRecords.length).toBe(samples.length);
    });
  }

  for (const name of rulesets) {
    it(`writes generated ${name} portfolios, error records included`, () => {
      const p = plan(read(`rulesets/${name}.rules`));
      const generated = name === "distributor-matrix" ? distributors(1500) : generatePortfolio(1500, 3).map((c) => JSON.parse(JSON.stringify(c)) as unknown);
      // Rows no ruleset accepts, for error records with one problem and with several.
      const customers = [...generated, { customer_id: '坏"1' }, { customer_id: 7, relationship_months: "x" }, null];
      for (const options of optionSets) {
        const records = customers.map((c) => evaluate(p, c, options));
        expect(records.some(isErrorRecord)).toBe(true);
        expect(records.some((r) => !isErrorRecord(r))).toBe(true);
        expectSameBytes(p, records);
      }
    });
  }

  it("grows its buffer across many records from a tiny one, keeping every byte", () => {
    const p = plan(read("rulesets/trading-standard.rules"));
    const records = generatePortfolio(3000, 5).map((c) => evaluate(p, JSON.parse(JSON.stringify(c))));
    const out = new ByteBuffer(1);
    const write = recordByteWriter(p);
    for (const r of records) write(r, out);
    expect(out.buf.length).toBeGreaterThanOrEqual(out.length);
    expect(sameBytes(out.bytes(), expected(records))).toBe(true);
  });

  const odd = plan(ODD_TEXT_RULESET);

  it("escapes and encodes text exactly as JSON.stringify and TextEncoder do", () => {
    const facts = [
      { id: 'a"b\\n', label: 'a"b', flag: true, amount: "1000.01" },
      { customer_id: "行\n2", label: "\u2028\u2029\u007f", flag: false, amount: "7" },
      { customer_id: "\ud800x\udc00", label: "😀\ud83d", flag: true, amount: "0" },
      { customer_id: "\u0000\u0008\u000c\u001f", label: "\t\r\b\f", flag: true, amount: "12345678901234567.5" },
      { label: "x", flag: true },
    ];
    const records = facts.map((c) => evaluate(odd, c, { version: "v\u0001" }));
    expect(records.filter((r) => !isErrorRecord(r)).length).toBe(4);
    expectSameBytes(odd, records);
  });

  /** Text with what JSON escapes, what UTF-8 encodes in 2, 3 and 4 bytes, and lone surrogates. */
  const text = fc
    .array(
      fc.oneof(
        fc.constantFrom('"', "\\", "\n", "\r", "\t", "\b", "\f", "\u0000", "\u001f", "\u007f", "é", "行", "😀", "\u2028", "\ud800", "\udbff", "\udc00", "\udfff", "/"),
        fc.string({ unit: "binary", maxLength: 4 }),
        fc.string({ maxLength: 6 }),
      ),
      { maxLength: 12 },
    )
    .map((parts) => parts.join(""));

  it("writes any customer id and text value as JSON.stringify would (property)", () => {
    fc.assert(
      fc.property(text, text, fc.boolean(), fc.option(text, { nil: undefined }), (id, label, flag, version) => {
        const options = version === undefined ? {} : { version };
        const records = [evaluate(odd, { customer_id: id, label, flag, amount: "10" }, options), evaluate(odd, { customer_id: id, label }, options)];
        expect(isErrorRecord(records[0])).toBe(false);
        expect(isErrorRecord(records[1])).toBe(true);
        const bytes = written(odd, records, 8);
        if (!sameBytes(bytes, expected(records))) expect(new TextDecoder().decode(bytes)).toBe(records.map((r) => `${JSON.stringify(r)}\n`).join(""));
        expect(sameBytes(bytes, expected(records))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
