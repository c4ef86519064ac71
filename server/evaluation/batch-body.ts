/**
 * A large evaluate request (`{"customers":[…]}` past the inline size) on an evaluation worker:
 * the body is parsed as exact JSON, split into customers, decided and written there, so the
 * request thread stays free for other requests. The answer's records, their decision ids and
 * the decision-log rows are the same as the request thread makes for a small body
 * (server/routes/evaluate.ts); refusals come back as the API error to send.
 */
import { randomUUID } from "node:crypto";
import { isErrorRecord, recordWriter, type Plan } from "../../engine/index.js";
import { stringifyExactJson } from "../../engine/exact-json.js";
import { parseBodyText, toEngineFacts } from "../http/body.js";
import { ApiError, refusalOf, type Refusal } from "../http/errors.js";
import { customersOf } from "./customers-of.js";
import { runPlan } from "./run.js";
import { logRow, type LogRow } from "./stream-chunk.js";

export interface BatchTask {
  kind: "batch";
  sha256: string;
  source: string;
  explain: boolean;
  /** The version label put into each record ("3" or "draft"). */
  version: string;
  /** Published versions: give each record a decision id and return its log row. */
  log: boolean;
  /** The request body, moved (not copied) to the worker. */
  body: Uint8Array;
  maxBatch: number;
  budgetMs: number;
  /** When the request gives up, in milliseconds since the epoch (each thread has its own performance clock). */
  deadline: number;
}

export type BatchResult =
  | {
      kind: "batch";
      ok: true;
      /** `{"customers":[…]}` (true) or one customer's facts (false). */
      batch: boolean;
      /** Each record as JSON text, in input order, ending with its decision id when logged. */
      records: string[];
      errors: number;
      rows: LogRow[] | null;
    }
  | ({ kind: "batch" } & Refusal);

const decoder = new TextDecoder();

export function evaluateBatchBody(plan: Plan, task: BatchTask): BatchResult {
  try {
    const { customers, batch } = customersOf(parseBodyText(decoder.decode(task.body)), task.maxBatch);
    const deadline = task.deadline - performance.timeOrigin;
    const records = runPlan(plan, customers, { explain: task.explain, version: task.version, deadline }, task.budgetMs);
    const write = recordWriter(plan);
    const rows: LogRow[] | null = task.log ? [] : null;
    const texts: string[] = [];
    let errors = 0;
    for (let i = 0; i < records.length; i++) {
      const record = records[i];
      const output = write(record);
      if (isErrorRecord(record)) errors++;
      if (rows === null) {
        texts.push(output);
        continue;
      }
      const id = randomUUID();
      texts.push(`${output.slice(0, -1)},"decisionId":"${id}"}`);
      rows.push(logRow(id, record, stringifyExactJson(customers[i]), output));
    }
    return { kind: "batch", ok: true, batch, records: texts, errors, rows };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return { kind: "batch", ...refusalOf(error) };
  }
}
