/**
 * The worker side of parallel/worker-pool.ts: `serveTasks(init => handler)` builds the handler
 * once from the pool's init data (compile rulesets there, not per task), then answers every
 * task. A handler that throws fails that task with its message (and so a command-line run): rows with bad input are
 * the handler's to turn into error records, so a throw here is a fault, never a row.
 */
import { isMainThread, parentPort, workerData } from "node:worker_threads";

export interface TaskHandler<T, R> {
  run(task: T): R;
  /** Buffers in the result to move rather than copy. */
  transfer?(result: R): ArrayBuffer[];
}

/** The buffer of `bytes` in a transfer list: its own ArrayBuffer moves; shared memory is never moved (both threads see it). */
export function movable(bytes: Uint8Array): ArrayBuffer[] {
  return bytes.buffer instanceof SharedArrayBuffer ? [] : [bytes.buffer];
}

export function serveTasks<T, R>(setup: (init: unknown) => TaskHandler<T, R>): void {
  if (isMainThread || !parentPort) throw new Error("serveTasks runs inside a worker thread");
  const port = parentPort;
  let handler: TaskHandler<T, R>;
  try {
    handler = setup(workerData);
  } catch (e) {
    port.postMessage({ initError: e instanceof Error ? e.message : String(e) });
    return;
  }
  port.on("message", (m: { id: number; task: T }) => {
    try {
      const result = handler.run(m.task);
      port.postMessage({ id: m.id, ok: true, result }, handler.transfer?.(result) ?? []);
    } catch (e) {
      port.postMessage({ id: m.id, ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    }
  });
  port.postMessage({ ready: true });
}
