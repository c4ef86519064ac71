/**
 * What writing `eval`'s output costs per record, in CPU microseconds. A JSONL portfolio is cut
 * into 256 kB chunks and lines as the command cuts them (cli/jsonl-chunks.ts), and each chunk's
 * records become one batch of UTF-8 JSONL bytes, two ways:
 * - `strings`: each record's JSON text (engine/record-json.ts), the batch's lines concatenated,
 *   then TextEncoder: the output path before engine/record-bytes.ts;
 * - `bytes`: the record byte writer (engine/record-bytes.ts, RecordLines), as `eval` writes now.
 * Measured twice:
 * - after the chunk: the chunk's customers are decided (not timed), then their records written
 *   (timed); `writer only` is the string writer without concatenating and encoding;
 * - as `eval` runs: deciding and writing the chunk, less deciding it without writing (a
 *   difference of two larger figures: noisier); `strings` as `eval` wrote before, each record's
 *   text made right after its decision; `bytes` as it writes now, the chunk decided, then written.
 * Every way decides its own records: a text the evaluator made by concatenation is flattened by
 * whoever reads it first, who pays for that. The ways take turns going first; the best of the
 * passes counts. `node dist/scripts/measure-record-output.js tmp/p100k.jsonl [--rounds 3]`
 */
import { createReadStream, readFileSync } from "node:fs";
import { Command } from "commander";
import { evaluateItem, itemOptions } from "../cli/evaluate-batch.js";
import type { Item } from "../cli/input-items.js";
import { chunkLines, jsonlChunks } from "../cli/jsonl-chunks.js";
import { compile, jsonLines, RecordLines, recordWriter, type EvaluationRecord } from "../engine/index.js";

const program = new Command()
  .argument("<portfolio>", "a JSONL file of customers")
  .option("--ruleset <path>", "the ruleset", "rulesets/trading-standard.rules")
  .option("--rounds <n>", "passes over the file; the best counts", "3")
  .option("--explain", "records with explanations", false)
  .parse();
const opts = program.opts<{ ruleset: string; rounds: string; explain: boolean }>();
const compiled = compile(readFileSync(opts.ruleset, "utf8"));
if (!compiled.plan) throw new Error(`${opts.ruleset} does not compile`);
const plan = compiled.plan;

const options = { explain: opts.explain };
const evalOptions = itemOptions(options);
const decide = (item: Item): EvaluationRecord => evaluateItem(plan, item, options, evalOptions).record;
const encoder = new TextEncoder();
const write = recordWriter(plan);

/** Writes the records as they come, then gives the batch's bytes. */
interface Output {
  add(record: EvaluationRecord): void;
  bytes(): Uint8Array;
}

const ways: Record<string, (count: number) => Output> = {
  strings: () => {
    let text = "";
    return { add: (r) => (text += `${write(r)}\n`), bytes: () => encoder.encode(text) };
  },
  bytes: (count) => new RecordLines(plan, count),
  "writer only": () => {
    let n = 0;
    return { add: (r) => (n += write(r).length), bytes: () => new Uint8Array(n) };
  },
};
const names = Object.keys(ways);

function cpuMicros(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

interface Totals {
  after: Record<string, number>;
  inLine: Record<string, number>;
  decideOnly: number;
  count: number;
  bytes: number;
}

/** Times each way on one chunk (see the top of the file); checks that both ways wrote the same bytes. */
function measureChunk(items: Item[], turn: number, t: Totals): void {
  const written: Record<string, Uint8Array> = {};
  for (let j = 0; j < names.length; j++) {
    const name = names[(j + turn) % names.length];
    const records = items.map(decide);
    const t0 = cpuMicros();
    const out = ways[name](records.length);
    for (const r of records) out.add(r);
    written[name] = out.bytes();
    t.after[name] += cpuMicros() - t0;
  }
  const order = ["", "strings", "bytes"];
  for (let j = 0; j < order.length; j++) {
    const name = order[(j + turn) % order.length];
    const t0 = cpuMicros();
    if (name === "") {
      for (const item of items) decide(item);
      t.decideOnly += cpuMicros() - t0;
      continue;
    }
    if (name === "strings") {
      // As `eval` wrote before: each record's text made right after its decision.
      const out = ways.strings(items.length);
      for (const item of items) out.add(decide(item));
      out.bytes();
    } else {
      // As `eval` writes now (cli/evaluate-batch.ts): the chunk decided, then written.
      jsonLines(plan, items.map(decide));
    }
    t.inLine[name] += cpuMicros() - t0;
  }
  if (Buffer.compare(written.strings, written.bytes) !== 0) throw new Error("the byte writer wrote other bytes than the JSON text");
  t.count += items.length;
  t.bytes += written.bytes.length;
}

async function pass(): Promise<Totals> {
  const zero = () => Object.fromEntries(names.map((n) => [n, 0]));
  const t: Totals = { after: zero(), inLine: zero(), decideOnly: 0, count: 0, bytes: 0 };
  let turn = 0;
  for await (const chunk of jsonlChunks(createReadStream(program.args[0], { highWaterMark: 256 * 1024 }), 256 * 1024)) {
    measureChunk(chunkLines(chunk), turn++, t);
  }
  return t;
}

const rounds = Math.max(1, Number.parseInt(opts.rounds, 10));
const passes: Totals[] = [];
for (let round = 0; round < rounds; round++) passes.push(await pass());
const least = (f: (t: Totals) => number) => Math.min(...passes.map(f));
const b: Totals = {
  after: Object.fromEntries(names.map((n) => [n, least((t) => t.after[n])])),
  inLine: Object.fromEntries(names.map((n) => [n, least((t) => t.inLine[n])])),
  decideOnly: least((t) => t.decideOnly),
  count: passes[0].count,
  bytes: passes[0].bytes,
};
const per = (micros: number) => (micros / b.count).toFixed(2).padStart(6);
console.log(`${b.count} records of ${opts.ruleset}${opts.explain ? " with explanations" : ""}, ${Math.round(b.bytes / b.count)} bytes each; CPU µs per record, best of ${rounds}:`);
console.log(`  after the chunk:  strings ${per(b.after.strings)} (writer only ${per(b.after["writer only"])})   bytes ${per(b.after.bytes)}`);
console.log(`  as eval runs:     strings ${per(b.inLine.strings - b.decideOnly)}   bytes ${per(b.inLine.bytes - b.decideOnly)}   (deciding alone ${per(b.decideOnly)})`);
