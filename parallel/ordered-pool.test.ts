import { describe, expect, it } from "vitest";
import { OrderedPool, workerModule } from "./ordered-pool.js";
import { WorkerPool } from "./worker-pool.js";

const square = workerModule("testing/square-worker", import.meta.url);

async function collect<R>(it: AsyncIterable<R>): Promise<R[]> {
  const out: R[] = [];
  for await (const r of it) out.push(r);
  return out;
}

describe("OrderedPool", () => {
  it("returns every result in task order while workers finish out of order", async () => {
    const pool = new OrderedPool<number[], number[]>({ worker: square, init: { failOn: null }, workers: 3, window: 5 });
    try {
      const tasks = Array.from({ length: 60 }, (_, k) => [k, k + 1000]);
      const results = await collect(pool.map(tasks));
      expect(results).toEqual(tasks.map((t) => t.map((x) => x * x)));
    } finally {
      await pool.close();
    }
  });

  it("keeps at most `window` tasks taken from the source before results are consumed", async () => {
    const pool = new OrderedPool<number[], number[]>({ worker: square, init: { failOn: null }, workers: 2, window: 4 });
    let pulled = 0;
    async function* tasks() {
      for (let k = 0; k < 20; k++) {
        pulled++;
        yield [k];
      }
    }
    try {
      const it = pool.map(tasks());
      const first = await it.next();
      expect(first.value).toEqual([0]);
      // Result 0 was yielded; the consumer holds it. Only the window (plus the one being pulled) was read.
      await new Promise((r) => setTimeout(r, 100));
      expect(pulled).toBeLessThanOrEqual(6);
      const rest = await collect({ [Symbol.asyncIterator]: () => it });
      expect(rest).toHaveLength(19);
    } finally {
      await pool.close();
    }
  });

  it("fails the run with the worker's message when a task throws", async () => {
    const pool = new OrderedPool<number[], number[]>({ worker: square, init: { failOn: 7 }, workers: 2 });
    try {
      await expect(collect(pool.map([[1], [7], [9]]))).rejects.toThrow(/cannot square 7/);
    } finally {
      await pool.close();
    }
  });

  it("passes a failing source's error through", async () => {
    const pool = new OrderedPool<number[], number[]>({ worker: square, init: { failOn: null }, workers: 1 });
    async function* tasks() {
      yield [1];
      throw new Error("input line 2: unreadable");
    }
    try {
      await expect(collect(pool.map(tasks()))).rejects.toThrow(/input line 2/);
    } finally {
      await pool.close();
    }
  });

  it("fails the run when a worker thread stops", async () => {
    const pool = new OrderedPool<number[], number[]>({ worker: square, init: { failOn: null }, workers: 2 });
    try {
      await expect(collect(pool.map([[1], [-1], [3]]))).rejects.toThrow(/stopped unexpectedly/);
    } finally {
      await pool.close();
    }
  });
});

describe("WorkerPool (long-lived)", () => {
  it("answers concurrent callers independently, each in its own order", async () => {
    const pool = new WorkerPool<number[], number[]>({ worker: square, init: { failOn: 5 }, workers: 2 });
    try {
      const a = Promise.all([[1], [2], [3]].map((t) => pool.run(t)));
      const b = pool.run([5]);
      await expect(b).rejects.toThrow(/cannot square 5/);
      expect(await a).toEqual([[1], [4], [9]]);
      // A failed task leaves the pool usable.
      expect(await pool.run([6])).toEqual([36]);
    } finally {
      await pool.close();
    }
  });

  it("replaces a worker that stops: its task fails, later tasks run", async () => {
    const pool = new WorkerPool<number[], number[]>({ worker: square, init: { failOn: null }, workers: 1, respawn: true });
    try {
      await expect(pool.run([-1])).rejects.toThrow(/stopped unexpectedly/);
      expect(await pool.run([4])).toEqual([16]);
      expect(pool.size).toBe(1);
      expect(pool.inFlight).toBe(0);
    } finally {
      await pool.close();
    }
  });
});
