/**
 * The server's evaluation worker threads (one per core unless EVALUATION_WORKERS says otherwise),
 * shared by every streaming request, large batch and large impact body for the life of the process. They start on first use, so a
 * server that never streams a batch never starts them; a worker that dies is replaced and only
 * the chunks it held fail.
 */
import { WorkerPool, workerModule } from "../../parallel/worker-pool.js";
import type { BatchResult, BatchTask } from "./batch-body.js";
import type { ImpactResult, ImpactTask } from "./impact-body.js";
import type { PortfolioResult, PortfolioTask } from "./portfolio-impact.js";
import type { StreamResult, StreamTask } from "./stream-chunk.js";

/** What the workers do: a chunk of a JSON-lines stream, a whole large batch body, a large impact body, or a batch of a portfolio table. */
export type PoolTask = StreamTask | BatchTask | ImpactTask | PortfolioTask;
export type PoolResult = StreamResult | BatchResult | ImpactResult | PortfolioResult;

export class EvaluationPool {
  private pool: WorkerPool<PoolTask, PoolResult> | null = null;
  private closed = false;

  constructor(readonly workers: number) {}

  run(task: StreamTask): Promise<StreamResult>;
  run(task: BatchTask): Promise<BatchResult>;
  run(task: ImpactTask): Promise<ImpactResult>;
  run(task: PortfolioTask): Promise<PortfolioResult>;
  run(task: PoolTask): Promise<PoolResult> {
    if (this.closed) return Promise.reject(new Error("the server is stopping"));
    this.pool ??= new WorkerPool<PoolTask, PoolResult>({
      worker: workerModule("stream-worker", import.meta.url),
      init: null,
      workers: this.workers,
      respawn: true,
      transfer: (t) => [(t.kind === undefined || t.kind === "portfolio" ? t.chunk.bytes : t.body).buffer as ArrayBuffer],
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
