/**
 * Impact over a unit's portfolio table (`POST …/impact/portfolio`): batches of rows, as JSON
 * lines written by the database, go to the evaluation workers, each decided by both versions and
 * compared there (cli/impact-batch.ts, the code of `credit-rules impact`), and the answer is
 * JSON lines: one line per customer whose decision changed (or every customer with `all`), in
 * table order, then one line
 * `{"summary":{…}}` with the migration matrix and totals of the whole table. Memory stays flat:
 * at most two batches per worker are between reading and writing, and the table is read only as
 * fast as the answer is taken.
 */
import { impactBatch, type ImpactBatchResult } from "../../cli/impact-batch.js";
import { ImpactTally, type ImpactSummary } from "../../engine/impact.js";
import type { Plan } from "../../engine/index.js";
import { chunkLines, type JsonlChunk } from "../../cli/jsonl-chunks.js";
import { orderedMap } from "../../parallel/ordered-map.js";
import type { EvaluationPool } from "./evaluation-pool.js";
import type { ImpactVersion } from "./impact-body.js";
import type { PortfolioLines } from "./portfolio-rows.js";

const encoder = new TextEncoder();

export interface PortfolioTask {
  kind: "portfolio";
  from: ImpactVersion;
  to: ImpactVersion;
  /** The rows as JSON lines (`firstLine`: the row number, from 1, of the first), moved to the worker. */
  chunk: JsonlChunk;
  all: boolean;
  grades: string[];
}

export interface PortfolioResult extends ImpactBatchResult {
  kind: "portfolio";
}

/** A batch of rows on a worker: the changed customers' lines and the batch's share of the summary. */
export function portfolioOnWorker(planOf: (version: ImpactVersion) => Plan, task: PortfolioTask): PortfolioResult {
  const r = impactBatch(planOf(task.from), planOf(task.to), chunkLines(task.chunk), { all: task.all, grades: task.grades, position: "row" });
  return { kind: "portfolio", text: r.text, summary: r.summary };
}

export interface PortfolioOptions {
  pool: EvaluationPool;
  from: ImpactVersion;
  to: ImpactVersion;
  all: boolean;
  grades: string[];
  /** Batches between reading and writing; default 2 per worker. */
  window?: number;
}

/** The answer's text in pieces: change lines batch by batch, then the summary line. `counts.customers` grows as they go. */
export async function* portfolioImpact(batches: AsyncIterable<PortfolioLines>, options: PortfolioOptions, counts: { customers: number }): AsyncGenerator<string> {
  let next = 1;
  async function* tasks(): AsyncGenerator<PortfolioTask> {
    for await (const batch of batches) {
      const bytes = encoder.encode(batch.text);
      yield { kind: "portfolio", from: options.from, to: options.to, chunk: { bytes, firstLine: next, bytesRead: 0 }, all: options.all, grades: options.grades };
      next += batch.rows;
    }
  }
  const tally = new ImpactTally(options.grades);
  const window = options.window ?? 2 * Math.max(1, options.pool.workers);
  for await (const r of orderedMap(tasks(), (t) => options.pool.run(t), window)) {
    tally.merge(r.summary);
    counts.customers += r.summary.customers;
    if (r.text.length > 0) yield r.text;
  }
  const summary: ImpactSummary = tally.summary();
  yield `${JSON.stringify({ summary })}\n`;
}
