/** A worker thread of `eval --workers N`: compiles the ruleset once, then turns batches into JSONL bytes. */
import { compile } from "../engine/index.js";
import { evaluateBatch, type RecordOptions } from "./evaluate-batch.js";
import type { Item } from "./input-items.js";
import { chunkLines, ownChunk, type JsonlChunk } from "./jsonl-chunks.js";
import { movable, serveTasks } from "./ordered-pool-worker.js";

/** Items cut out by the reading thread (JSON array, CSV), or raw JSONL lines. */
export type EvalTask = Item[] | JsonlChunk;

export interface EvalTaskResult {
  /** The records as UTF-8 JSONL: in the chunk's shared memory, or moved (not copied) to the writing thread. */
  bytes: Uint8Array;
  decided: number;
  errors: number;
}

serveTasks<EvalTask, EvalTaskResult>((init) => {
  const { source, options } = init as { source: string; options: RecordOptions };
  const { plan } = compile(source);
  if (!plan) throw new Error("the ruleset does not compile");
  return {
    run(task) {
      const r = Array.isArray(task) ? evaluateBatch(plan, task, options) : evaluateBatch(plan, chunkLines(ownChunk(task)), options, task.out);
      return { bytes: r.bytes, decided: r.decided, errors: r.errors };
    },
    transfer: (r) => movable(r.bytes),
  };
});
