/**
 * A JSONL evaluation stream: the request body's lines → records, written in input order as the
 * workers finish them. Memory stays flat whatever the length: at most `window` chunks are
 * between reading and writing, and the body is read only as fast as the answer is taken by the
 * client (backpressure both ways). For published versions each chunk's decisions are in the
 * decision log before its records are written.
 */
import { sql } from "drizzle-orm";
import { orderedMap } from "../../parallel/ordered-map.js";
import type { DecisionWriter } from "./decision-writer.js";
import type { LogContext } from "./decision-log.js";
import type { EvaluationPool } from "./evaluation-pool.js";
import { ndjsonChunks } from "./ndjson-chunks.js";
import type { LogRow, StreamTask } from "./stream-chunk.js";

export interface StreamOptions {
  pool: EvaluationPool;
  decisions: DecisionWriter;
  /** Where the decisions go; null (the draft) writes none. */
  log: LogContext | null;
  sha256: string;
  source: string;
  version: string;
  explain: boolean;
  maxLineBytes: number;
  /** Bytes of input per chunk. */
  chunkBytes?: number;
  /** Chunks between reading and writing; default 2 per worker. */
  window?: number;
}

export interface StreamCounts {
  customers: number;
  errors: number;
}

/** Decision-log rows of a request from what the workers made of its records. */
export function logRows(context: LogContext, rows: LogRow[]) {
  return rows.map((r) => ({
    id: r.id,
    businessUnitId: context.unitId,
    rulesetId: context.rulesetId,
    versionNumber: context.versionNumber,
    versionSha256: context.versionSha256,
    customerId: r.customerId,
    input: r.input,
    // The worker's JSON text goes in as it is, rather than parsed here and serialised again.
    output: sql`${r.output}::jsonb`,
    isError: r.isError,
    grade: r.grade,
    score: r.score,
    creditLimit: r.limit,
    caller: context.caller,
    requestId: context.requestId,
  }));
}

/** The records as JSONL byte chunks, in input order; `counts` is filled in as they go. */
export async function* evaluateStream(body: ReadableStream<Uint8Array>, options: StreamOptions, counts: StreamCounts = { customers: 0, errors: 0 }): AsyncGenerator<Uint8Array> {
  const chunks = ndjsonChunks(body, { chunkBytes: options.chunkBytes ?? 256 * 1024, maxLineBytes: options.maxLineBytes });
  const base = { sha256: options.sha256, source: options.source, options: { explain: options.explain, version: options.version }, log: options.log !== null, maxLineBytes: options.maxLineBytes };
  const run = async (chunk: StreamTask["chunk"]) => {
    const result = await options.pool.run({ ...base, chunk });
    if (options.log && result.rows && result.rows.length > 0) await options.decisions.write(logRows(options.log, result.rows));
    return result;
  };
  for await (const result of orderedMap(chunks, run, options.window ?? Math.max(2, options.pool.workers * 2))) {
    counts.customers += result.decided + result.errors;
    counts.errors += result.errors;
    if (result.bytes.length > 0) yield result.bytes;
  }
}
