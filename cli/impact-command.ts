/**
 * `credit-rules impact`: every customer through the published and the draft ruleset, on every
 * core. Writes the customers whose decision changed (or all, with --all) as JSONL, in input
 * order, and prints the portfolio summary: grade migration matrix, total limit before/after,
 * warnings new and cleared, errors. Customers come from a file (JSONL, JSON array, CSV) or a
 * PostgreSQL table (--from-table, streamed with a cursor). Memory stays flat for any size.
 *
 * Exit 0: every customer decided by both; 2: some customers are error records on either side;
 * 1: nothing compared (a ruleset does not compile, the input or table cannot be read).
 */
import { once } from "node:events";
import { createReadStream, createWriteStream, openSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import type { Writable } from "node:stream";
import { gradeOrder, ImpactTally, type ImpactSummary } from "../engine/impact.js";
import { compile, formatDiagnostic, type Plan } from "../engine/index.js";
import type { Io } from "./eval-command.js";
import { impactBatch, type ImpactBatchOptions, type ImpactItem } from "./impact-batch.js";
import { formatSummary } from "./impact-summary-text.js";
import type { ImpactTask, ImpactTaskResult, ImpactWorkerInit } from "./impact-worker.js";
import { reason } from "./reason.js";
import { InputError, inputFile, readItems } from "./input-items.js";
import { chunkLines, jsonlChunks } from "./jsonl-chunks.js";
import { jsonlSlabs, type SlabChunk } from "./jsonl-slabs.js";
import { defaultWorkers, OrderedPool, workerModule } from "./ordered-pool.js";
import { movable } from "./ordered-pool-worker.js";
import { openTableSource, type TableSource } from "./table-source.js";

export interface ImpactArgs {
  draft: string;
  published: string;
  input?: string;
  fromTable?: string;
  databaseUrl?: string;
  orderBy?: string;
  output?: string;
  summary?: string;
  all?: boolean;
  json?: boolean;
  workers?: number;
}

/** Inputs below this size are compared in this thread unless --workers says otherwise. */
const PARALLEL_FROM_BYTES = 4 * 1024 * 1024;
const TABLE_BATCH = 1000;

export async function runImpact(args: ImpactArgs, io: Io): Promise<number> {
  const say = (line: string) => io.stderr.write(`${line}\n`);
  if ((args.input === undefined) === (args.fromTable === undefined)) {
    say("credit-rules: give the customers with either --input <file> or --from-table <table> (with --database-url)");
    return 1;
  }
  if (args.fromTable !== undefined && !args.databaseUrl) {
    say("credit-rules: --from-table needs --database-url (postgres://… or pglite:<directory>)");
    return 1;
  }
  const published = await compileFile(args.published, "published", say);
  const draft = await compileFile(args.draft, "draft", say);
  if (!published || !draft) return 1;

  const options: ImpactBatchOptions = {
    all: args.all === true,
    grades: gradeOrder(published.plan.model.grades, draft.plan.model.grades),
    position: args.fromTable !== undefined ? "row" : "line",
  };

  // The source: batches of items (or raw JSONL chunks for the workers to split), in order.
  let batches: AsyncIterable<ImpactTask>;
  let table: TableSource | null = null;
  let workers = 1;
  // Shared memory of JSONL chunks the workers are reading, given back as their results arrive (in order).
  const releases: Array<() => void> = [];
  if (args.input !== undefined) {
    const input = inputFile(args.input, say);
    if (!input) return 1;
    const format = input.format;
    workers = Math.max(1, args.workers ?? (input.size === null || input.size >= PARALLEL_FROM_BYTES ? defaultWorkers() : 1));
    const stream = () => (args.input === "-" ? io.stdin : createReadStream(args.input!, { highWaterMark: 1 << 20 }));
    if (format !== "jsonl") batches = itemsOf(readItems(stream(), format));
    else if (workers > 1 && args.input !== "-") batches = slabTasks(jsonlSlabs(args.input, { outBytes: 0, readBytes: 1 << 20 }), releases);
    else batches = jsonlChunks(stream());
  } else {
    workers = Math.max(1, args.workers ?? defaultWorkers());
    try {
      table = await openTableSource(args.databaseUrl!, args.fromTable!, { batchSize: TABLE_BATCH, orderBy: args.orderBy });
    } catch (e) {
      say(`credit-rules: ${reason(e)}`);
      return 1;
    }
    batches = rowsOf(table.batches);
  }

  // Where the changes go: a file, standard output (--output -), or nowhere (summary only).
  let out: Writable | null = null;
  if (args.output === "-") out = io.stdout;
  else if (args.output) {
    try {
      out = createWriteStream("", { fd: openSync(args.output, "w"), autoClose: true });
    } catch (e) {
      say(`credit-rules: cannot write ${args.output}: ${reason(e)}`);
      await table?.close();
      return 1;
    }
  }
  const write = (data: string | Uint8Array): Promise<void> | void => {
    if (out && data.length > 0 && !out.write(data)) return once(out, "drain").then(() => undefined);
  };

  const tally = new ImpactTally(options.grades);
  try {
    if (workers > 1) {
      const init: ImpactWorkerInit = { published: published.source, draft: draft.source, options };
      const pool = new OrderedPool<ImpactTask, ImpactTaskResult>({
        worker: workerModule("impact-worker"),
        init,
        workers,
        transfer: (t) => (Array.isArray(t) ? [] : movable(t.bytes)),
      });
      try {
        for await (const r of pool.map(batches)) {
          releases.shift()?.();
          tally.merge(r.summary);
          await write(r.bytes);
        }
      } finally {
        await pool.close();
      }
    } else {
      for await (const task of batches) {
        const r = impactBatch(published.plan, draft.plan, Array.isArray(task) ? task : chunkLines(task), options);
        tally.merge(r.summary);
        await write(r.text);
      }
    }
  } catch (e) {
    if (out && out !== io.stdout) out.end();
    const from = args.input ?? `table ${args.fromTable}`;
    say(`credit-rules: ${e instanceof InputError ? `${from}: ${e.message}` : `reading ${from} failed: ${reason(e)}`}`);
    return 1;
  } finally {
    await table?.close();
  }
  if (out && out !== io.stdout) {
    out.end();
    await once(out, "finish");
  }

  const summary = tally.summary();
  if (args.summary) await writeFile(args.summary, `${JSON.stringify(summary, null, 2)}\n`);
  // With the changes on standard output, the summary goes to standard error.
  const report = out === io.stdout ? io.stderr : io.stdout;
  const labels = { published: args.published, draft: args.draft };
  if (args.json) report.write(`${JSON.stringify(summary, null, 2)}\n`);
  else report.write(formatSummary(summary, labels));
  return summary.errors > 0 ? 2 : 0;
}

async function compileFile(path: string, which: string, say: (line: string) => void): Promise<{ plan: Plan; source: string } | null> {
  let source: string;
  try {
    source = await readFile(path, "utf8");
  } catch (e) {
    say(`credit-rules: cannot read the ${which} ruleset ${path}: ${reason(e)}`);
    return null;
  }
  const { plan, diagnostics } = compile(source);
  for (const d of diagnostics) say(formatDiagnostic(d, path));
  if (!plan) {
    say(`credit-rules: the ${which} ruleset ${path} does not compile; no customers were compared`);
    return null;
  }
  return { plan, source };
}

async function* slabTasks(slabs: AsyncIterable<SlabChunk>, releases: Array<() => void>): AsyncGenerator<ImpactTask> {
  for await (const { chunk, release } of slabs) {
    releases.push(release);
    yield chunk;
  }
}

async function* itemsOf(batches: AsyncIterable<{ items: ImpactItem[] }>): AsyncGenerator<ImpactItem[]> {
  for await (const b of batches) yield b.items;
}

async function* rowsOf(batches: AsyncIterable<Record<string, unknown>[]>): AsyncGenerator<ImpactItem[]> {
  let row = 0;
  for await (const rows of batches) yield rows.map((facts) => ({ kind: "facts" as const, facts, line: ++row }));
}

export type { ImpactSummary };
