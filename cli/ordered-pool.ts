/** The command line's worker pools: the shared ordered pool (parallel/), with worker files found beside this folder's modules. */
import { workerModule as moduleBeside, type WorkerModule } from "../parallel/worker-pool.js";

export { defaultWorkers, OrderedPool, type PoolOptions, type WorkerModule } from "../parallel/ordered-pool.js";

/** A worker file of the command line (cli/<name>.ts or .js). */
export function workerModule(name: string, base: string = import.meta.url): WorkerModule {
  return moduleBeside(name, base);
}
