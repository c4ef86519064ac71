/**
 * The server's evaluation worker threads (one per core unless EVALUATION_WORKERS says otherwise),
 * shared by every streaming request for the life of the process. They start on first use, so a
 * server that never streams a batch never starts them; a worker that dies is replaced and only
 * the chunks it held fail.
 */
import { WorkerPool, workerModule } from "../../parallel/worker-pool.js";
import type { StreamResult, StreamTask } from "./stream-chunk.js";

export class EvaluationPool {
  private pool: WorkerPool<StreamTask, StreamResult> | null = null;
  private closed = false;

  constructor(readonly workers: number) {}

  run(task: StreamTask): Promise<StreamResult> {
    if (this.closed) return Promise.reject(new Error("the server is stopping"));
    this.pool ??= new WorkerPool<StreamTask, StreamResult>({
      worker: workerModule("stream-worker", import.meta.url),
      init: null,
      workers: this.workers,
      respawn: true,
      transfer: (t) => [t.chunk.bytes.buffer as ArrayBuffer],
    });
    return this.pool.run(task);
  }

  /** Worker threads running (0 before the first stream). */
  get size(): number {
    return this.pool?.size ?? 0;
  }

  /** Chunks handed to a worker and not yet answered. */
  get inFlight(): number {
    return this.pool?.inFlight ?? 0;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.pool?.close();
  }
}
