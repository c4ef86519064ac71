/**
 * An ordered worker pool for one run: tasks go to worker threads on every core, results come
 * back in task order, and at most `window` tasks are in memory at once (flat memory for any input).
 *
 *   const pool = new OrderedPool<Task, Result>({ worker: workerModule("impact-worker", import.meta.url), init, workers });
 *   for await (const result of pool.map(tasks)) write(result);   // input order
 *   await pool.close();
 *
 * The worker module calls serveTasks(init => handler) (parallel/serve-tasks.ts). A task that
 * fails, or a worker that stops, fails the whole run.
 */
import { orderedMap } from "./ordered-map.js";
import { WorkerPool, type WorkerModule } from "./worker-pool.js";

export { defaultWorkers, workerModule, type WorkerModule } from "./worker-pool.js";

export interface PoolOptions<T> {
  /** From workerModule(): the worker's file and the Node options it needs. */
  worker: WorkerModule;
  /** Sent once to every worker (e.g. ruleset sources to compile). */
  init: unknown;
  /** Threads; default: every core. */
  workers?: number;
  /** Tasks in flight or waiting to be yielded; default 4 per worker. */
  window?: number;
  /** Buffers to move rather than copy. */
  transfer?: (task: T) => ArrayBuffer[];
}

export class OrderedPool<T, R> {
  private readonly pool: WorkerPool<T, R>;
  private readonly window: number;
  private failure: Error | null = null;

  constructor(options: PoolOptions<T>) {
    this.pool = new WorkerPool<T, R>({ worker: options.worker, init: options.init, workers: options.workers, transfer: options.transfer });
    this.window = Math.max(this.pool.size, options.window ?? this.pool.size * 4);
    this.pool.onFailure((e) => (this.failure ??= e));
  }

  get size(): number {
    return this.pool.size;
  }

  /** Runs every task; yields results in task order. */
  async *map(tasks: AsyncIterable<T> | Iterable<T>): AsyncGenerator<R> {
    await this.pool.ready;
    for await (const r of orderedMap(tasks, (t) => this.pool.run(t), this.window)) {
      if (this.failure) throw this.failure;
      yield r;
    }
    if (this.failure) throw this.failure;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
