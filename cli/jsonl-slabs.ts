/**
 * A JSONL file read straight into shared memory for worker threads, in chunks cut at line ends.
 * Each chunk lives in a slab: a SharedArrayBuffer made once and used again and again, holding
 * the chunk's input and, after it, room for the worker to write the chunk's output into. Nothing
 * is copied between threads and no buffer is made per chunk: a buffer moved between threads
 * counts as new outside memory for the receiving thread's collector, which then runs full
 * collections about every 20 MB (docs/performance.md, "Portfolio scale").
 *
 *   for await (const { chunk, release } of jsonlSlabs(path)) { … hand chunk to a worker; once
 *   its output (chunk.out, or bytes of its own when it did not fit) is written: release() }
 */
import { open } from "node:fs/promises";
import { countLines, type JsonlChunk } from "./jsonl-chunks.js";

export interface SlabOptions {
  /** Input bytes read per chunk, about (default 512 KiB). */
  readBytes?: number;
  /** Room for each chunk's output (default 1 MiB; more output goes to memory of the worker's own). */
  outBytes?: number;
  /** Slabs in the pool: chunks being evaluated or written at once (default 16). */
  slabs?: number;
}

export interface SlabChunk {
  /** `bytes`: the chunk's whole lines; `out`: where its output may be written. Both shared memory. */
  chunk: JsonlChunk & { out: Uint8Array };
  /** Gives the slab back once the chunk's output has been written. */
  release: () => void;
}

interface Slab {
  input: Uint8Array;
  output: Uint8Array;
  /** Made for one chunk whose line does not fit a pooled slab; not reused. */
  once: boolean;
}

function makeSlab(inBytes: number, outBytes: number, once: boolean): Slab {
  const memory = new SharedArrayBuffer(inBytes + outBytes);
  return { input: new Uint8Array(memory, 0, inBytes), output: new Uint8Array(memory, inBytes, outBytes), once };
}

class SlabPool {
  private readonly free: Slab[] = [];
  private readonly waiting: Array<(slab: Slab) => void> = [];

  constructor(
    count: number,
    inBytes: number,
    readonly outBytes: number,
  ) {
    for (let i = 0; i < count; i++) this.free.push(makeSlab(inBytes, outBytes, false));
  }

  acquire(): Promise<Slab> {
    const slab = this.free.pop();
    if (slab !== undefined) return Promise.resolve(slab);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(slab: Slab): void {
    if (slab.once) return;
    const next = this.waiting.shift();
    if (next) next(slab);
    else this.free.push(slab);
  }
}

const NL = 10;

export async function* jsonlSlabs(path: string, options: SlabOptions = {}): AsyncGenerator<SlabChunk> {
  const readBytes = options.readBytes ?? 512 * 1024;
  // The input part also holds the end of the previous chunk's last line, not yet complete.
  const pool = new SlabPool(options.slabs ?? 16, 2 * readBytes, options.outBytes ?? 1024 * 1024);
  const file = await open(path, "r");
  try {
    let carry = new Uint8Array(64 * 1024);
    let carried = 0;
    let line = 1;
    let bytesRead = 0;
    let eof = false;
    while (!eof || carried > 0) {
      let slab = await pool.acquire();
      slab.input.set(carry.subarray(0, carried));
      let filled = carried;
      carried = 0;
      let cut = 0;
      for (;;) {
        if (!eof) {
          const want = Math.min(readBytes, slab.input.length - filled);
          const { bytesRead: n } = await file.read(slab.input, filled, want, null);
          if (n === 0) eof = true;
          filled += n;
          bytesRead += n;
        }
        cut = eof ? filled : slab.input.lastIndexOf(NL, filled - 1) + 1;
        if (cut > 0 || eof) break;
        if (filled === slab.input.length) {
          // One line longer than the slab's input part: a larger slab for this chunk only.
          const larger = makeSlab(2 * slab.input.length, pool.outBytes, true);
          larger.input.set(slab.input.subarray(0, filled));
          pool.release(slab);
          slab = larger;
        }
      }
      const tail = filled - cut;
      if (tail > carry.length) carry = new Uint8Array(2 * tail);
      carry.set(slab.input.subarray(cut, filled));
      carried = tail;
      if (cut === 0) {
        pool.release(slab);
        continue;
      }
      const bytes = slab.input.subarray(0, cut);
      const chunk = { bytes, firstLine: line, bytesRead: bytesRead - tail, out: slab.output };
      line += countLines(bytes, 0, cut);
      const taken = slab;
      yield { chunk, release: () => pool.release(taken) };
    }
  } finally {
    await file.close();
  }
}
