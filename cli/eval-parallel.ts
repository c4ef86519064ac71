/**
 * `eval` across worker threads, on the shared ordered pool (cli/ordered-pool.ts): batches go to
 * the least busy worker, records are written strictly in input order, and at most 4 batches per
 * worker are between reading and writing, so memory stays flat whatever the input size. JSONL
 * travels as raw chunks cut at line ends (cli/jsonl-chunks.ts): the workers split and read them.
 */
import type { RecordOptions } from "./evaluate-batch.js";
import type { EvalTask, EvalTaskResult } from "./eval-worker.js";
import { OrderedPool, workerModule } from "./ordered-pool.js";
import { movable } from "./ordered-pool-worker.js";

export interface Counts {
  decided: number;
  errors: number;
}

export interface EvalBatch {
  task: EvalTask;
  /** Input bytes consumed up to the end of this batch, for progress. */
  bytes: number;
  /** Called once the batch's output is written (its shared memory may then be used again). */
  release?: () => void;
}

export async function evaluateParallel(
  source: string,
  batches: AsyncIterable<EvalBatch>,
  options: RecordOptions,
  workerCount: number,
  /** Writes the data; calls `written` once it is written (or has failed). */
  write: (data: Uint8Array, written?: () => void) => Promise<void> | void,
  onBatch?: (bytes: number, counts: Counts) => void,
): Promise<Counts> {
  const counts: Counts = { decided: 0, errors: 0 };
  // Results come back in batch order, so the batches can wait in a queue beside them.
  const sent: EvalBatch[] = [];
  async function* tasks(): AsyncGenerator<EvalTask> {
    for await (const b of batches) {
      sent.push(b);
      yield b.task;
    }
  }
  const pool = new OrderedPool<EvalTask, EvalTaskResult>({
    worker: workerModule("eval-worker"),
    init: { source, options },
    workers: workerCount,
    transfer: (t) => (Array.isArray(t) ? [] : movable(t.bytes)),
  });
  try {
    for await (const r of pool.map(tasks())) {
      counts.decided += r.decided;
      counts.errors += r.errors;
      const b = sent.shift();
      onBatch?.(b?.bytes ?? 0, counts);
      if (r.bytes.length > 0) await write(r.bytes, b?.release);
      else b?.release?.();
    }
    return counts;
  } finally {
    await pool.close();
  }
}
