/** The page's side of the policy worker: typed calls that resolve with the worker's answers. */
import PolicyWorker from "./policy.worker.ts?worker";
import type { CallName, Calls, WorkerRequest, WorkerResponse } from "./protocol.js";

class PolicyClient {
  private worker: Worker | null = null;
  private nextId = 1;
  private pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new PolicyWorker();
    worker.onmessage = (event: MessageEvent<WorkerResponse>) => {
      const answer = event.data;
      const waiting = this.pending.get(answer.id);
      if (!waiting) return;
      this.pending.delete(answer.id);
      if (answer.ok) waiting.resolve(answer.result);
      else waiting.reject(new Error(answer.error));
    };
    worker.onerror = (event) => {
      for (const waiting of this.pending.values()) waiting.reject(new Error(event.message || "the policy worker failed"));
      this.pending.clear();
    };
    this.worker = worker;
    return worker;
  }

  call<K extends CallName>(name: K, request: Calls[K]["request"]): Promise<Calls[K]["result"]> {
    const worker = this.start();
    const id = this.nextId++;
    const message: WorkerRequest<K> = { id, name, request };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage(message);
    });
  }
}

/** One worker for the whole page; calls are answered in order. */
export const policyWorker = new PolicyClient();
