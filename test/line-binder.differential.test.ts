// JSONL customers read straight from their bytes (engine/line-binder.ts) against the careful
// path (the text reader, parseJsonExact, evaluate, recordWriter): byte-identical records for
// every line, bent and broken ones included, and the bytes path actually taken for ordinary lines.
import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluateBatch, evaluateItem, type RecordOptions } from "../cli/evaluate-batch.js";
import { impactBatch } from "../cli/impact-batch.js";
import { readItems, type Item } from "../cli/input-items.js";
import { chunkLines, jsonlChunks } from "../cli/jsonl-chunks.js";
import { gradeOrder } from "../engine/impact.js";
import { compile, isErrorRecord, recordWriter, type Plan } from "../engine/index.js";
import { generatePortfolio } from "../portfolio/generate.js";
import { evaluateStreamChunk } from "../server/evaluation/stream-chunk.js";
import { distributors } from "./distributors.js";
import { faultyRuleset } from "./faulty-ruleset.js";
import { type Field, fieldsOf, fileBytes, fileShape, singleChanges } from "./properties/jsonl-lines.js";
import { sampleCustomers } from "./sample-customers.js";

function planOf(source: string): Plan {
  const { plan, diagnostics } = compile(source);
  if (!plan) throw new Error(diagnostics.map((d) => d.message).join("\n"));
  return plan;
}
const read = (path: string) => readFileSync(new URL(path, import.meta.url), "utf8");
const trading = planOf(read("../rulesets/trading-standard.rules"));
const draft = planOf(read("./fixtures/trading-standard-draft.rules"));
const retail = planOf(read("../rulesets/retail-abc.rules"));
const matrix = planOf(read("../rulesets/distributor-matrix.rules"));

/** Every kind of input the bytes reader binds: ranges, signed, defaults, text with and without a list. */
const everyKind = planOf(`ruleset every-kind
input assets money "资产"
input debts money = 0
input profit money signed
input growth ratio signed
input rate ratio = 0
input share ratio
input months int
input days_late days
input tier int in 1..4
input ceiling money in 0..5000000
input factor number signed
input size number
input ok bool = true
input flagged bool
input kind one of ("retail", "wholesale", "零售") = "retail"
input note text = "none"
input city text
let ratio_ = debts / assets
output r = ratio_
output o_profit = profit
output o_growth = growth
output o_rate = rate
output o_share = share
output o_months = months
output o_days = days_late
output o_tier = tier
output o_ceiling = ceiling
output o_factor = factor
output o_size = size
output o_ok = ok
output o_flagged = flagged
output o_kind = kind
output o_note = note
output o_city = city
`);
const everyKindCustomers: Array<Record<string, unknown>> = [
  { customer_id: "E1", assets: "100", profit: "-5", growth: "-0.1", share: "0.5", months: 3, days_late: 2, tier: 2, ceiling: "100", factor: "-1.5", size: "3", flagged: false, city: "北京" },
  { customer_id: "E2", assets: "0", debts: "10.50", profit: "0", growth: "0.25", rate: "1", share: "0", months: 0, days_late: 0, tier: 4, ceiling: "5000000", factor: 7, size: 0, ok: "false", flagged: "true", kind: "零售", note: "x", city: "" },
  { customer_id: 17, assets: 250, profit: -12, growth: -1, share: 1, months: "12", days_late: "30", tier: "1", ceiling: 0, factor: 0.5, size: 12.25, flagged: true, kind: "wholesale", city: "Zürich" },
];

/** Rules with events and params, and runtime faults in an output, an event's params and an indicator. */
const faulty = planOf(faultyRuleset());
const faultyCustomers: Array<Record<string, unknown>> = [
  { customer_id: "F1", assets: "10", debts: "4", cash: "3" },
  { customer_id: "F2", assets: "10", debts: "0", cash: "3" },
  { customer_id: "F3", assets: "10", debts: "5", cash: "0" },
  { customer_id: "F4", assets: "7.25", debts: "0.5" },
  { customer_id: "F5", assets: "1", debts: "-1" },
];

const samples = sampleCustomers();
const utf8 = new TextEncoder();
const utf8Text = new TextDecoder("utf-8", { ignoreBOM: true });
const jsonl = (customers: Array<Record<string, unknown>>) => utf8.encode(customers.map((c) => JSON.stringify(c)).join("\n") + "\n");

/** The careful path's items: lines cut and decoded by the text reader, each one JSON text. */
async function textItems(bytes: Uint8Array): Promise<Item[]> {
  const items: Item[] = [];
  for await (const b of readItems(Readable.from([Buffer.from(bytes)]), "jsonl")) items.push(...b.items);
  return items;
}

/** The bytes path's items: chunks cut at line ends, lines as byte ranges. */
async function byteItems(bytes: Uint8Array, chunkBytes = 1 << 20, piece = 1 << 16): Promise<Item[]> {
  const pieces: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += piece) pieces.push(Buffer.from(bytes.subarray(i, i + piece)));
  const items: Item[] = [];
  for await (const c of jsonlChunks(Readable.from(pieces), chunkBytes)) items.push(...chunkLines(c));
  return items;
}

interface Written {
  text: string;
  fromBytes: boolean[];
  failed: boolean[];
}

function write(plan: Plan, items: Item[], options: RecordOptions): Written {
  const writer = recordWriter(plan);
  const out: Written = { text: "", fromBytes: [], failed: [] };
  for (const item of items) {
    const r = evaluateItem(plan, item, options);
    out.text += `${writer(r.record)}\n`;
    out.fromBytes.push(r.fromBytes);
    out.failed.push(isErrorRecord(r.record));
  }
  return out;
}

const OPTIONS: RecordOptions[] = [{}, { explain: true }, { version: "7" }];

/** Both paths over the same file, for every set of options; the bytes path's results. */
async function same(plan: Plan, bytes: Uint8Array, chunkBytes?: number): Promise<Written> {
  const careful = await textItems(bytes);
  const fast = await byteItems(bytes, chunkBytes, chunkBytes);
  expect(fast.map((i) => i.line)).toEqual(careful.map((i) => i.line));
  let result: Written | null = null;
  for (const options of OPTIONS) {
    const a = write(plan, careful, options);
    const b = write(plan, fast, options);
    expect(b.text).toBe(a.text);
    // A batch as eval's workers write it: decisions straight from their frames into the bytes.
    const batch = evaluateBatch(plan, fast, options);
    expect(utf8Text.decode(batch.bytes)).toBe(a.text);
    expect(batch.errors).toBe(a.failed.filter(Boolean).length);
    expect(a.fromBytes.every((f) => !f)).toBe(true);
    result ??= b;
  }
  return result!;
}

const grades = gradeOrder(trading.model.grades, draft.model.grades);

async function sameImpact(bytes: Uint8Array): Promise<void> {
  const options = { all: true, grades, position: "line" as const };
  const a = impactBatch(trading, draft, await textItems(bytes), options);
  const b = impactBatch(trading, draft, await byteItems(bytes), options);
  expect(b.text).toBe(a.text);
  expect(b.summary).toEqual(a.summary);
}

describe("reading JSONL customers from bytes", () => {
  it("the sample customers: every line bound from bytes, records byte for byte the careful path's", async () => {
    const bytes = utf8.encode(readFileSync(new URL("./fixtures/customers-sample.jsonl", import.meta.url), "utf8"));
    for (const plan of [trading, retail]) {
      const r = await same(plan, bytes);
      expect(r.fromBytes).toHaveLength(samples.length);
      expect(r.fromBytes.every(Boolean)).toBe(true);
    }
    await sameImpact(bytes);
  });

  it.each([
    ["trading-standard, ERP exports", trading, () => generatePortfolio(3000, { profile: "export", seed: 42 })],
    ["retail-abc, ERP exports", retail, () => generatePortfolio(3000, { profile: "export", seed: 7 })],
    ["trading-standard, redrawn samples", trading, () => generatePortfolio(2000, { profile: "redrawn", seed: 3, samples })],
    ["retail-abc, redrawn samples", retail, () => generatePortfolio(2000, { profile: "redrawn", seed: 4, samples })],
    ["distributor-matrix, generated distributors", matrix, () => distributors(3000)],
  ])("%s: the same records, every decided customer bound from bytes", async (_, plan, customers) => {
    const r = await same(plan, jsonl(customers()), 64 * 1024);
    r.failed.forEach((failed, i) => {
      if (!failed) expect(r.fromBytes[i], `line ${i + 1}`).toBe(true);
    });
    expect(r.failed.filter((f) => !f).length).toBeGreaterThan(r.failed.length / 2);
  });

  it("rules with events, and runtime faults in an output, an event and a score: the same records", async () => {
    const r = await same(faulty, jsonl(faultyCustomers));
    // The last one's negative amount is an input error: the careful path writes its message.
    expect(r.fromBytes).toEqual([true, true, true, true, false]);
    expect(r.failed).toEqual([false, true, true, false, true]);
  });

  it("the benchmark's rows (on thresholds, 20+ digit decimals, bad input): the same records, nearly all from bytes", async () => {
    const customers = generatePortfolio(3000, { profile: "thresholds", seed: 20240601 });
    const bytes = jsonl(customers);
    const r = await same(trading, bytes, 32 * 1024);
    expect(r.fromBytes.filter(Boolean).length).toBeGreaterThan(0.95 * customers.length);
    expect(r.failed.some(Boolean)).toBe(true);
    await sameImpact(bytes);
  });

  describe("lines bent and broken every way a file can", () => {
    const cases: Array<[string, Plan, Field[][]]> = [
      ["trading-standard", trading, [...samples, ...generatePortfolio(20, { profile: "export", seed: 1 })].map(fieldsOf)],
      ["retail-abc", retail, samples.map(fieldsOf)],
      ["distributor-matrix", matrix, distributors(40).map(fieldsOf)],
      ["every kind of input", everyKind, everyKindCustomers.map(fieldsOf)],
      ["rules, events and runtime faults", faulty, faultyCustomers.map(fieldsOf)],
    ];
    it.each(cases)("%s: the same records as the careful path", async (_, plan, bases) => {
      let fromBytes = 0;
      let careful = 0;
      await fc.assert(
        fc.asyncProperty(fileShape(bases.length), fc.integer({ min: 8, max: 4096 }), async (shape, chunkBytes) => {
          const r = await same(plan, fileBytes(shape, bases), chunkBytes);
          fromBytes += r.fromBytes.filter(Boolean).length;
          careful += r.fromBytes.filter((f) => !f).length;
        }),
        { numRuns: 250 },
      );
      // Both paths were exercised: many lines bound from bytes, many left to the careful path.
      expect(fromBytes).toBeGreaterThan(50);
      expect(careful).toBeGreaterThan(50);
    });

    it.each(cases)("%s: every single-field change of every customer, the same records", async (_, plan, bases) => {
      // Customers the careful path decides, so that most changes leave a line worth binding.
      const decided = bases.filter((b) => !evaluateItem(plan, { kind: "json", text: `{${b.map(([k, v]) => `"${k}":${v}`).join(",")}}`, line: 1 }, {}).failed);
      const lines = decided.slice(0, 3).flatMap(singleChanges);
      const bytes = new Uint8Array(lines.reduce((n, l) => n + l.length + 1, 0));
      let at = 0;
      for (const l of lines) {
        bytes.set(l, at);
        bytes[at + l.length] = 10;
        at += l.length + 1;
      }
      const r = await same(plan, bytes, 256 * 1024);
      expect(r.fromBytes).toHaveLength(lines.length);
      expect(r.fromBytes.filter(Boolean).length).toBeGreaterThan(lines.length / 10);
    });

    it("impact: the same changes and summary", async () => {
      const bases = samples.map(fieldsOf);
      await fc.assert(
        fc.asyncProperty(fileShape(bases.length), async (shape) => sameImpact(fileBytes(shape, bases))),
        { numRuns: 150 },
      );
    });
  });

  it("the server's stream: the same records as the command line, the log keeping each line as sent", async () => {
    const bases = samples.map(fieldsOf);
    await fc.assert(
      fc.asyncProperty(fileShape(bases.length), async (shape) => {
        const bytes = fileBytes(shape, bases);
        const careful = await textItems(bytes);
        const expected = write(trading, careful, { version: "3" }).text;
        const chunk = { bytes, firstLine: 1, tooLong: [] };
        const task = { sha256: "", source: "", options: { version: "3" }, maxLineBytes: 1 << 20, chunk };
        const plain = evaluateStreamChunk(trading, { ...task, log: false });
        expect(Buffer.from(plain.bytes).toString("utf8")).toBe(expected);
        const logged = evaluateStreamChunk(trading, { ...task, log: true });
        expect(Buffer.from(logged.bytes).toString("utf8").replace(/,"decisionId":"[0-9a-f-]{36}"}$/gm, "}")).toBe(expected);
        expect(logged.rows!.map((r) => r.input)).toEqual(careful.map((i) => (i.kind === "json" ? (isErrorRecordFor(i.text) ? JSON.stringify(i.text) : i.text) : "null")));
      }),
      { numRuns: 100 },
    );
  });
});

/** Whether the careful path finds the line not to be JSON at all (the log then keeps it as a JSON string). */
function isErrorRecordFor(text: string): boolean {
  const r = evaluateItem(trading, { kind: "json", text, line: 1 }, {});
  return r.unreadable;
}
