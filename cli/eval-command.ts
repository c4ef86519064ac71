/**
 * `credit-rules eval`: a ruleset and a customer file → one JSONL record per customer, in input
 * order (contracts/decision-record.md). Exit 0: every row decided; 2: some rows are error
 * records; 1: nothing evaluated (the ruleset does not compile, or the input cannot be read).
 */
import { createReadStream, createWriteStream, openSync, WriteStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { once } from "node:events";
import type { Readable, Writable } from "node:stream";
import cliProgress from "cli-progress";
import { compile, formatDiagnostic } from "../engine/index.js";
import { evaluateParallel, type Counts, type EvalBatch } from "./eval-parallel.js";
import { evaluateBatch, type RecordOptions } from "./evaluate-batch.js";
import { reason } from "./reason.js";
import { InputError, inputFile, readItems, type Batch } from "./input-items.js";
import { chunkLines, jsonlChunks, type JsonlChunk } from "./jsonl-chunks.js";
import { jsonlSlabs, type SlabChunk } from "./jsonl-slabs.js";

export interface Io {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable & { isTTY?: boolean };
}

export interface EvalArgs {
  ruleset: string;
  input: string;
  output?: string;
  explain?: boolean;
  version?: string;
  /** Worker threads; 1 evaluates in this thread. Default: every core when the input is large. */
  workers?: number;
}

/** Inputs from this size on are spread over worker threads unless --workers says otherwise. */
const PARALLEL_FROM_BYTES = 4 * 1024 * 1024;

export async function runEval(args: EvalArgs, io: Io): Promise<number> {
  const say = (line: string) => io.stderr.write(`${line}\n`);
  let source: string;
  try {
    source = await readFile(args.ruleset, "utf8");
  } catch (e) {
    say(`credit-rules: cannot read the ruleset ${args.ruleset}: ${reason(e)}`);
    return 1;
  }
  const { plan, diagnostics } = compile(source);
  for (const d of diagnostics) say(formatDiagnostic(d, args.ruleset));
  if (!plan) {
    say(`credit-rules: ${args.ruleset} does not compile; no customers were evaluated`);
    return 1;
  }
  const file = inputFile(args.input, say);
  if (!file) return 1;
  const { format, size } = file;
  let out: Writable = io.stdout;
  if (args.output) {
    let fd: number;
    try {
      fd = openSync(args.output, "w");
    } catch (e) {
      say(`credit-rules: cannot write ${args.output}: ${reason(e)}`);
      return 1;
    }
    out = createWriteStream("", { fd, autoClose: true });
  }
  const input = (): Readable => (args.input === "-" ? io.stdin : createReadStream(args.input, { highWaterMark: 256 * 1024 }));
  // Output in shared memory is written over again once written: a file or the process's standard
  // output are done with it by then, a stream in this process (a test's, a caller's) may keep it.
  const keepsChunks = !(out instanceof WriteStream) && out !== process.stdout;
  const write = (data: Uint8Array, written?: () => void): Promise<void> | void => {
    const chunk = keepsChunks && data.buffer instanceof SharedArrayBuffer ? data.slice() : data;
    if (!out.write(chunk, written && (() => written()))) return once(out, "drain").then(() => undefined);
  };
  const options: RecordOptions = { explain: args.explain, version: args.version };
  const workers = Math.max(1, args.workers ?? (size !== null && size >= PARALLEL_FROM_BYTES ? availableParallelism() : 1));
  const progress = io.stderr.isTTY && size !== null ? new Progress(io.stderr, size) : null;

  let counts: Counts;
  try {
    if (workers > 1) {
      // JSONL goes to the workers as raw chunks: this thread then does little more than read and write.
      // A file is read straight into memory shared with the workers (cli/jsonl-slabs.ts).
      const batches = format !== "jsonl" ? fromItems(readItems(input(), format)) : args.input === "-" ? fromChunks(jsonlChunks(input(), 256 * 1024)) : fromSlabs(jsonlSlabs(args.input));
      counts = await evaluateParallel(source, batches, options, workers, write, (bytes, c) => progress?.update(bytes, c));
    } else {
      counts = { decided: 0, errors: 0 };
      // JSONL lines stay bytes until evaluated: most are bound without being decoded.
      const batches = format === "jsonl" ? linesOf(jsonlChunks(input(), 256 * 1024)) : readItems(input(), format);
      for await (const batch of batches) {
        const r = evaluateBatch(plan, batch.items, options);
        counts.decided += r.decided;
        counts.errors += r.errors;
        progress?.update(batch.bytes, counts);
        if (r.bytes.length > 0) await write(r.bytes);
      }
    }
  } catch (e) {
    progress?.stop();
    if (args.output) out.end();
    // The reader of standard output went away (`… | head`): stop quietly.
    if ((e as NodeJS.ErrnoException).code === "EPIPE") return 0;
    const what = e instanceof InputError ? `${args.input}: ${e.message}` : `reading ${args.input} failed: ${reason(e)}`;
    say(`credit-rules: ${what}`);
    return 1;
  } finally {
    progress?.stop();
  }
  if (args.output) {
    out.end();
    await once(out, "finish");
  }
  const total = counts.decided + counts.errors;
  say(`credit-rules: ${total} customer${total === 1 ? "" : "s"}: ${counts.decided} decided, ${counts.errors} error record${counts.errors === 1 ? "" : "s"}`);
  return counts.errors > 0 ? 2 : 0;
}

async function* fromChunks(chunks: AsyncIterable<JsonlChunk>): AsyncGenerator<EvalBatch> {
  for await (const c of chunks) yield { task: c, bytes: c.bytesRead };
}

async function* fromSlabs(slabs: AsyncIterable<SlabChunk>): AsyncGenerator<EvalBatch> {
  for await (const { chunk, release } of slabs) yield { task: chunk, bytes: chunk.bytesRead, release };
}

async function* linesOf(chunks: AsyncIterable<JsonlChunk>): AsyncGenerator<Batch> {
  for await (const c of chunks) yield { items: chunkLines(c), bytes: c.bytesRead };
}

async function* fromItems(batches: AsyncIterable<Batch>): AsyncGenerator<EvalBatch> {
  for await (const b of batches) yield { task: b.items, bytes: b.bytes };
}

/** A progress bar on a terminal's stderr, by input bytes read. */
class Progress {
  private bar: cliProgress.SingleBar;
  private stopped = false;

  constructor(stream: Writable, total: number) {
    this.bar = new cliProgress.SingleBar(
      { stream: stream as NodeJS.WritableStream, format: "{bar} {percentage}% | {rows} customers | {errors} errors", hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    this.bar.start(total, 0, { rows: 0, errors: 0 });
  }

  update(bytes: number, counts: Counts): void {
    this.bar.update(bytes, { rows: counts.decided + counts.errors, errors: counts.errors });
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.bar.stop();
  }
}
