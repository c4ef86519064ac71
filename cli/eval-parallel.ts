/**
 * `eval` across worker threads. The reading thread cuts the input into batches and hands each to
 * the least busy worker; results come back out of order and are written strictly in input order.
 * At most `4 × workers` batches are between reading and writing at any time, so a slow output
 * (or a slow worker) stops the reading and memory stays flat whatever the input size.
 */
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { BatchResult, RecordOptions } from "./evaluate-batch.js";
import type { Batch } from "./input-items.js";

export interface Counts {
  decided: number;
  errors: number;
}

function spawn(source: string, options: RecordOptions): Worker {
  const workerData = { source, options };
  if (!import.meta.url.endsWith(".ts")) return new Worker(new URL("./eval-worker.js", import.meta.url), { workerData });
  // Under tsx or vitest this module is TypeScript: the worker registers tsx's loader, then loads its TypeScript entry.
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx/esm/api").replace(/\.cjs$/, ".mjs")).href;
  const entry = new URL("./eval-worker.ts", import.meta.url).href;
  const boot = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { eval: true, workerData });
}

export async function evaluateParallel(
  source: string,
  batches: AsyncIterable<Batch>,
  options: RecordOptions,
  workerCount: number,
  write: (text: string) => Promise<void> | void,
  onBatch?: (batch: Batch, counts: Counts) => void,
): Promise<Counts> {
  const workers = Array.from({ length: workerCount }, () => spawn(source, options));
  const load = workers.map(() => 0);
  const done = new Map<number, BatchResult>();
  const counts: Counts = { decided: 0, errors: 0 };
  const maxInFlight = workerCount * 4;
  let sent = 0;
  let written = 0;
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  let writing: Promise<void> = Promise.resolve();
  let finished = false;

  const signal = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const fail = (e: unknown) => {
    failure ??= e instanceof Error ? e : new Error(String(e));
    signal();
  };
  const flush = () => {
    writing = writing
      .then(async () => {
        while (done.has(written)) {
          const r = done.get(written)!;
          done.delete(written);
          written++;
          counts.decided += r.decided;
          counts.errors += r.errors;
          if (r.text) await write(r.text);
        }
        signal();
      })
      .catch(fail);
  };
  workers.forEach((w, i) => {
    w.on("message", (r: BatchResult & { seq: number }) => {
      load[i]--;
      done.set(r.seq, r);
      flush();
    });
    w.on("error", fail);
    w.on("exit", (code) => {
      if (!finished) fail(new Error(`a worker stopped unexpectedly (exit code ${code})`));
    });
  });
  const waitUntil = async (ready: () => boolean) => {
    while (!ready()) {
      if (failure) throw failure;
      await new Promise<void>((resolve) => (wake = resolve));
    }
    if (failure) throw failure;
  };

  try {
    for await (const batch of batches) {
      await waitUntil(() => sent - written < maxInFlight);
      let best = 0;
      for (let i = 1; i < workers.length; i++) if (load[i] < load[best]) best = i;
      load[best]++;
      workers[best].postMessage({ seq: sent++, items: batch.items });
      onBatch?.(batch, counts);
    }
    await waitUntil(() => written === sent);
    await writing;
    if (failure) throw failure;
    return counts;
  } finally {
    finished = true;
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
