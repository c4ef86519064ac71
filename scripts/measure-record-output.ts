/**
 * What writing `eval`'s output costs per record, in CPU microseconds: a JSONL portfolio is cut
 * into 256 kB chunks as the command cuts it, each chunk's customers are decided (not timed), and
 * then each chunk's records are turned into one batch of UTF-8 JSONL bytes, timed:
 * - `strings`: each record's JSON text (engine/record-json.ts), the batch's lines concatenated,
 *   then TextEncoder (the output path before engine/record-bytes.ts);
 * - `bytes`: the record byte writer (engine/record-bytes.ts), as the command now writes them.
 * `node dist/scripts/measure-record-output.js tmp/p100k.jsonl [--ruleset path] [--rounds 3] [--explain]`
 */
import { createReadStream, readFileSync } from "node:fs";
import { Command } from "commander";
import { evaluateItem, itemOptions } from "../cli/evaluate-batch.js";
import { chunkItems, jsonlChunks } from "../cli/jsonl-chunks.js";
import { compile, recordWriter, type EvaluationRecord } from "../engine/index.js";
import { ByteBuffer, recordByteWriter } from "../engine/record-bytes.js";

const program = new Command()
  .argument("<portfolio>", "a JSONL file of customers")
  .option("--ruleset <path>", "the ruleset", "rulesets/trading-standard.rules")
  .option("--rounds <n>", "passes over the file; the best counts", "3")
  .option("--explain", "records with explanations", false)
  .parse();
const opts = program.opts<{ ruleset: string; rounds: string; explain: boolean }>();
const { plan } = compile(readFileSync(opts.ruleset, "utf8"));
if (!plan) throw new Error(`${opts.ruleset} does not compile`);

const options = { explain: opts.explain };
const evalOptions = itemOptions(options);
const encoder = new TextEncoder();
const write = recordWriter(plan);
const writeBytes = recordByteWriter(plan);

function strings(records: EvaluationRecord[]): Uint8Array {
  let text = "";
  for (const r of records) text += `${write(r)}\n`;
  return encoder.encode(text);
}

function bytes(records: EvaluationRecord[]): Uint8Array {
  // As the command sizes its buffers (cli/evaluate-batch.ts).
  const out = new ByteBuffer(records.length * 2048);
  for (const r of records) writeBytes(r, out);
  return out.bytes();
}

/** The string writer alone, for the split between writing and concatenating and encoding. */
function writeOnly(records: EvaluationRecord[]): Uint8Array {
  let n = 0;
  for (const r of records) n += write(r).length;
  return new Uint8Array(n);
}

const ways: Record<string, (records: EvaluationRecord[]) => Uint8Array> = { strings, writeOnly, bytes };
const names = Object.keys(ways);

function cpuMicros(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

/**
 * One pass over the file. Each chunk is decided once per way of writing (not timed), so that
 * every way meets records as fresh from the evaluator as the command does (a text made by
 * concatenation is flattened by the first reader, who pays for it); then it is written (timed).
 * Only one chunk's records are held at a time, as in the command; the ways take turns first.
 */
async function pass(): Promise<{ count: number; micros: number[]; bytes: number }> {
  const micros = names.map(() => 0);
  let count = 0;
  let bytes = 0;
  let turn = 0;
  for await (const chunk of jsonlChunks(createReadStream(program.args[0], { highWaterMark: 256 * 1024 }), 256 * 1024)) {
    const items = chunkItems(chunk);
    count += items.length;
    let strings: Uint8Array | null = null;
    let written: Uint8Array | null = null;
    turn++;
    for (let j = 0; j < names.length; j++) {
      const k = (j + turn) % names.length;
      const records = items.map((item) => evaluateItem(plan!, item, options, evalOptions).record);
      const t0 = cpuMicros();
      const out = ways[names[k]](records);
      micros[k] += cpuMicros() - t0;
      if (names[k] === "strings") strings = out;
      if (names[k] === "bytes") written = out;
    }
    if (strings === null || written === null || Buffer.compare(strings, written) !== 0) throw new Error("the byte writer wrote other bytes than JSON text");
    bytes += written.length;
  }
  return { count, micros, bytes };
}

const rounds = Math.max(1, Number.parseInt(opts.rounds, 10));
const best = names.map(() => Infinity);
let count = 0;
let totalBytes = 0;
for (let round = 0; round < rounds; round++) {
  const r = await pass();
  count = r.count;
  totalBytes = r.bytes;
  r.micros.forEach((m, k) => (best[k] = Math.min(best[k], m)));
}
console.log(`${count} records of ${opts.ruleset}, ${(totalBytes / count).toFixed(0)} bytes each; CPU µs per record, best of ${rounds} passes:`);
names.forEach((name, k) => console.log(`  ${name.padEnd(14)} ${(best[k] / count).toFixed(2)}`));
