/**
 * `eval` across worker threads, on the shared ordered pool (cli/ordered-pool.ts): batches go to
 * the least busy worker, records are written strictly in input order, and at most 4 batches per
 * worker are between reading and writing, so memory stays flat whatever the input size. JSONL
 * travels as raw chunks cut at line ends (cli/jsonl-chunks.ts): the workers split and read them.
 */
import type { RecordOptions } from "./evaluate-batch.js";
import type { EvalTask, EvalTaskResult } from "./eval-worker.js";
import { OrderedPool, workerModule } from "./ordered-pool.js";

export interface Counts {
  decided: number;
  errors: number;
}

export interface EvalBatch {
  task: EvalTask;
  /** Input bytes consumed up to the end of this batch, for progress. */
  bytes: number;
}

export async function evaluateParallel(
  source: string,
  batches: AsyncIterable<EvalBatch>,
  options: RecordOptions,
  workerCount: number,
  write: (data: Uint8Array) => Promise<void> | void,
  onBatch?: (bytes: number, counts: Counts) => void,
): Promise<Counts> {
  const counts: Counts = { decided: 0, errors: 0 };
  // Results come back in batch order, so the sizes can wait in a queue beside them.
  const sizes: number[] = [];
  async function* tasks(): AsyncGenerator<EvalTask> {
    for await (const b of batches) {
      sizes.push(b.bytes);
      yield b.task;
    }
  }
  const pool = new OrderedPool<EvalTask, EvalTaskResult>({
    worker: workerModule("eval-worker"),
    init: { source, options },
    workers: workerCount,
    transfer: (t) => (Array.isArray(t) ? [] : [t.bytes.buffer as ArrayBuffer]),
  });
  try {
    for await (const r of pool.map(tasks())) {
      counts.decided += r.decided;
      counts.errors += r.errors;
      onBatch?.(sizes.shift() ?? 0, counts);
      if (r.bytes.length > 0) await write(r.bytes);
    }
    return counts;
  } finally {
    await pool.close();
  }
}
