/** A worker thread of `eval --workers N`: compiles the ruleset once, then turns batches into JSONL text. */
import { parentPort, workerData } from "node:worker_threads";
import { compile } from "../engine/index.js";
import { evaluateBatch, type RecordOptions } from "./evaluate-batch.js";
import type { Item } from "./input-items.js";

const { source, options } = workerData as { source: string; options: RecordOptions };
const { plan } = compile(source);
if (!plan) throw new Error("the ruleset does not compile");

parentPort!.on("message", (msg: { seq: number; items: Item[] }) => {
  parentPort!.postMessage({ seq: msg.seq, ...evaluateBatch(plan, msg.items, options) });
});
