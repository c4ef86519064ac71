/**
 * The command line's own cost per customer, without the evaluator: cutting JSONL lines, exact
 * parsing, serialising a record of typical size and writing it.
 * `node dist/scripts/measure-cli-io.js tmp/portfolio-100k.jsonl` (docs/performance.md).
 */
import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { readItems } from "../cli/input-items.js";
import { parseJsonExact } from "../cli/json-line.js";

const out = createWriteStream("/dev/null");
const cpu0 = process.cpuUsage();
const t0 = performance.now();
let n = 0;
for await (const batch of readItems(createReadStream(process.argv[2], { highWaterMark: 256 * 1024 }), "jsonl")) {
  let text = "";
  for (const item of batch.items) {
    if (item.kind !== "json") continue;
    const facts = parseJsonExact(item.text) as Record<string, unknown>;
    const record = { customerId: facts.customer_id, ruleset: "x", score: "85.9", grade: "A", gradeReasons: [], termDays: 60, limit: "540000", warnings: [], frozen: false };
    text += `${JSON.stringify(record)}\n`;
    n++;
  }
  if (!out.write(text)) await once(out, "drain");
}
const cpu = process.cpuUsage(cpu0);
const seconds = (cpu.user + cpu.system) / 1e6;
console.log(
  `${n} customers: ${seconds.toFixed(1)} s CPU, ${Math.round(n / seconds)} customers per CPU-second, wall ${((performance.now() - t0) / 1000).toFixed(1)} s, rss ${Math.round(process.memoryUsage().rss / 1e6)} MB`,
);
