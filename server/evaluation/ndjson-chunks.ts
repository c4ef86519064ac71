/**
 * A JSONL request body → chunks of whole lines for the worker threads, read only as fast as
 * they are taken (so a slow consumer slows the client: the body is never held whole). The
 * reading thread only looks for newlines; the workers split and read the lines.
 *
 * A line longer than `maxLineBytes` is not kept: its bytes are skipped up to its newline and its
 * number is listed in `tooLong`, so the worker answers it with an error record in its place.
 * Complete lines are handed over once `chunkBytes` have gathered, or as soon as the client
 * pauses, so a client that sends a line and waits for its answer gets it.
 */
export interface NdjsonChunk {
  /** Whole lines (an over-long line is left as an empty line); owns its ArrayBuffer, so it can be transferred. */
  bytes: Uint8Array;
  /** The line number (from 1) of the chunk's first line. */
  firstLine: number;
  /** Lines of this chunk that were longer than allowed, in order. */
  tooLong: number[];
}

export interface ChunkOptions {
  chunkBytes: number;
  maxLineBytes: number;
  /** Hand over the lines gathered so far when no more input arrives within this time. */
  idleMs?: number;
}

const NL = 10;
const IDLE = Symbol("idle");

export async function* ndjsonChunks(body: ReadableStream<Uint8Array>, options: ChunkOptions): AsyncGenerator<NdjsonChunk> {
  const reader = body.getReader();
  const idleMs = options.idleMs ?? 20;
  /** Whole lines gathered for the next chunk. */
  let done: Uint8Array[] = [];
  let doneBytes = 0;
  let doneFirstLine = 1;
  let tooLong: number[] = [];
  /** The line being read (no newline yet). */
  let partial: Uint8Array[] = [];
  let partialBytes = 0;
  /** Skipping the rest of an over-long line. */
  let skipping = false;
  let line = 1;
  let finished = false;

  const emit = (): NdjsonChunk => {
    const bytes = new Uint8Array(doneBytes);
    let at = 0;
    for (const p of done) {
      bytes.set(p, at);
      at += p.length;
    }
    const chunk = { bytes, firstLine: doneFirstLine, tooLong };
    done = [];
    doneBytes = 0;
    tooLong = [];
    doneFirstLine = line;
    return chunk;
  };
  const keep = (part: Uint8Array) => {
    done.push(part);
    doneBytes += part.length;
  };

  try {
    // A read that fails while this generator is paused (the client went away) is reported when
    // it is next awaited, if ever: it must not count as unhandled meanwhile.
    const read = () => {
      const r = reader.read();
      r.catch(() => undefined);
      return r;
    };
    let next = read();
    while (true) {
      let got: ReadableStreamReadResult<Uint8Array> | typeof IDLE;
      if (doneBytes > 0) {
        let timer: NodeJS.Timeout | undefined;
        const idle = new Promise<typeof IDLE>((resolve) => (timer = setTimeout(() => resolve(IDLE), idleMs)));
        got = await Promise.race([next, idle]);
        clearTimeout(timer);
      } else got = await next;
      if (got === IDLE) {
        yield emit();
        continue;
      }
      if (got.done) break;
      next = read();
      const piece = got.value;
      let at = 0;
      while (at < piece.length) {
        const nl = piece.indexOf(NL, at);
        if (skipping) {
          if (nl === -1) break;
          keep(piece.subarray(nl, nl + 1)); // the over-long line stays as an empty line
          skipping = false;
          line++;
          at = nl + 1;
          continue;
        }
        const end = nl === -1 ? piece.length : nl;
        if (partialBytes + (end - at) > options.maxLineBytes) {
          tooLong.push(line);
          partial = [];
          partialBytes = 0;
          skipping = true;
          at = end;
          continue;
        }
        if (nl === -1) {
          partial.push(piece.subarray(at));
          partialBytes += piece.length - at;
          break;
        }
        for (const p of partial) keep(p);
        keep(piece.subarray(at, nl + 1));
        partial = [];
        partialBytes = 0;
        line++;
        at = nl + 1;
      }
      if (doneBytes >= options.chunkBytes) yield emit();
    }
    // The last line may have no newline.
    for (const p of partial) keep(p);
    partial = [];
    if (doneBytes > 0 || tooLong.length > 0) yield emit();
    finished = true;
  } finally {
    // Stopped early (the client went away, or the answer failed): stop reading the body.
    if (!finished) reader.cancel().catch(() => undefined);
    else reader.releaseLock();
  }
}
