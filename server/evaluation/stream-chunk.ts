/**
 * One chunk of a JSONL evaluation stream → its records as JSONL bytes and, for published
 * versions, the decision-log rows. Runs in the evaluation workers (server/evaluation/stream-worker.ts);
 * pure apart from making decision ids. Records are exactly what `credit-rules eval` writes for
 * the same lines (cli/evaluate-batch.ts), plus `decisionId` when the decision is logged.
 */
import { randomUUID } from "node:crypto";
import type { Item } from "../../cli/input-items.js";
import { chunkLines, jsonText } from "../../cli/jsonl-chunks.js";
import { evaluateItem, itemOptions, type RecordOptions } from "../../cli/evaluate-batch.js";
import { isErrorRecord, RecordLines, type EvaluationRecord, type Plan } from "../../engine/index.js";
import { customerIdOf } from "./decision-log.js";
import type { NdjsonChunk } from "./ndjson-chunks.js";

export interface StreamTask {
  /** Tells it from a batch body (server/evaluation/batch-body.ts). */
  kind?: undefined;
  /** The ruleset version: its source is compiled once per worker, cached by the hash. */
  sha256: string;
  source: string;
  options: RecordOptions;
  /** Published versions: give each record a decision id and return its log row. */
  log: boolean;
  maxLineBytes: number;
  chunk: NdjsonChunk;
}

/** What the decision log keeps of one record; the rest of the row is the request's. */
export interface LogRow {
  id: string;
  customerId: string | null;
  /** The line as received (a JSON string holding it when it is not JSON; null for an over-long line). */
  input: string;
  /** The record as JSON text (without the decision id). */
  output: string;
  isError: boolean;
  grade: string | null;
  score: string | null;
  limit: string | null;
}

export interface StreamResult {
  kind?: undefined;
  /** The records as UTF-8 JSONL, moved (not copied) back to the main thread. */
  bytes: Uint8Array;
  rows: LogRow[] | null;
  decided: number;
  errors: number;
}

/** The chunk's items in line order, an error item standing in for each over-long line. */
function itemsOf(chunk: NdjsonChunk, maxLineBytes: number): Item[] {
  const items = chunkLines({ bytes: chunk.bytes, firstLine: chunk.firstLine, bytesRead: 0 });
  if (chunk.tooLong.length === 0) return items;
  const out: Item[] = [];
  let k = 0;
  for (const item of items) {
    while (k < chunk.tooLong.length && chunk.tooLong[k] < item.line) out.push(tooLong(chunk.tooLong[k++], maxLineBytes));
    out.push(item);
  }
  while (k < chunk.tooLong.length) out.push(tooLong(chunk.tooLong[k++], maxLineBytes));
  return out;
}

function tooLong(line: number, maxLineBytes: number): Item {
  return { kind: "error", customerId: null, line, error: { code: "LINE_TOO_LONG", message: `line ${line}: longer than the ${maxLineBytes} bytes allowed for one customer; skipped` } };
}

export function evaluateStreamChunk(plan: Plan, task: StreamTask): StreamResult {
  const evalOptions = itemOptions(task.options);
  const rows: LogRow[] | null = task.log ? [] : null;
  let errors = 0;
  const items = itemsOf(task.chunk, task.maxLineBytes);
  // The chunk is decided first and written after (see jsonLines in engine/record-bytes.ts).
  const decided = items.map((item) => evaluateItem(plan, item, task.options, evalOptions));
  const lines = new RecordLines(plan, items.length);
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const { record, failed, unreadable } = decided[i];
    if (failed) errors++;
    if (rows === null) {
      lines.add(record);
      continue;
    }
    const id = randomUUID();
    // The batch endpoint's records end with their decision id; so do these. The log keeps the record without it.
    const output = lines.addWith(record, `"decisionId":"${id}"`);
    rows.push(logRow(id, record, inputOf(item, unreadable), output));
  }
  return { bytes: lines.bytes(), rows, decided: items.length - errors, errors };
}

/** The line as the decision log keeps it (see LogRow.input). */
function inputOf(item: Item, unreadable: boolean): string {
  if (item.kind !== "json" && item.kind !== "line") return "null";
  const text = jsonText(item);
  return unreadable ? JSON.stringify(text) : text;
}

/** What the decision log keeps of one record, its input text and its JSON text (without the decision id). */
export function logRow(id: string, record: EvaluationRecord, input: string, output: string): LogRow {
  const fields = isErrorRecord(record)
    ? { isError: true, grade: null, score: null, limit: null }
    : { isError: false, grade: record.grade, score: record.score, limit: record.limit };
  return { id, customerId: customerIdOf(record), input, output, ...fields };
}
