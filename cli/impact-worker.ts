/** A worker thread of `credit-rules impact`: compiles both rulesets once, then compares batches. */
import type { ImpactSummary } from "../engine/impact.js";
import { compile, type Plan } from "../engine/index.js";
import { impactBatch, type ImpactBatchOptions, type ImpactItem } from "./impact-batch.js";
import { chunkLines, ownChunk, type JsonlChunk } from "./jsonl-chunks.js";
import { serveTasks } from "./ordered-pool-worker.js";

export interface ImpactWorkerInit {
  published: string;
  draft: string;
  options: ImpactBatchOptions;
}

/** Items read by the main thread (CSV, JSON array, table rows), or raw JSONL lines. */
export type ImpactTask = ImpactItem[] | JsonlChunk;

/** The written lines as UTF-8 (moved, not copied, to the writing thread) and the batch's summary. */
export interface ImpactTaskResult {
  bytes: Uint8Array;
  summary: ImpactSummary;
}

function planOf(source: string, which: string): Plan {
  const { plan } = compile(source);
  if (!plan) throw new Error(`the ${which} ruleset does not compile`);
  return plan;
}

const encoder = new TextEncoder();

serveTasks<ImpactTask, ImpactTaskResult>((init) => {
  const { published, draft, options } = init as ImpactWorkerInit;
  const p = planOf(published, "published");
  const d = planOf(draft, "draft");
  return {
    run(task) {
      const items = Array.isArray(task) ? task : chunkLines(ownChunk(task));
      const r = impactBatch(p, d, items, options);
      return { bytes: encoder.encode(r.text), summary: r.summary };
    },
    transfer: (r) => [r.bytes.buffer as ArrayBuffer],
  };
});
