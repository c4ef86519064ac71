/** Work items → JSONL of their records (UTF-8 bytes), in order. Shared by the in-process path, the workers and the server's stream. */
import { evaluateLineInto } from "../engine/evaluate-line.js";
import { evaluate, evaluateLine, isErrorRecord, RecordLines, type ErrorRecord, type EvaluateOptions, type EvaluationRecord, type Plan } from "../engine/index.js";
import type { Item } from "./input-items.js";
import { parseJsonExact, salvageCustomerId } from "./json-line.js";
import { jsonText } from "./jsonl-chunks.js";

export interface BatchResult {
  /** The records as UTF-8 JSONL: a view of the memory given, or in an ArrayBuffer of its own that can be transferred. */
  bytes: Uint8Array;
  decided: number;
  errors: number;
}

export interface RecordOptions {
  explain?: boolean;
  version?: string;
}

export interface ItemRecord {
  record: EvaluationRecord;
  failed: boolean;
  /** The line's text was not JSON (so it holds no facts to keep). */
  unreadable: boolean;
  /** A JSONL line bound straight from its bytes, not read as text (tests and measurements ask). */
  fromBytes: boolean;
}

/** Evaluation options for JSON items and for textual (CSV) items, made once per batch. */
export function itemOptions(options: RecordOptions): { json: EvaluateOptions; text: EvaluateOptions } {
  const json: EvaluateOptions = { explain: options.explain, version: options.version };
  return { json, text: { ...json, textual: true } };
}

/** One item's record; a bad row (or a fault in the engine) becomes its error record, never an exception. */
export function evaluateItem(plan: Plan, item: Item, options: RecordOptions, evalOptions = itemOptions(options)): ItemRecord {
  try {
    if (item.kind === "error") return { record: errorRecord(plan, options, item.customerId, item.error), failed: true, unreadable: false, fromBytes: false };
    if (item.kind === "text") {
      const r = evaluate(plan, item.facts, evalOptions.text);
      return { record: r, failed: isErrorRecord(r), unreadable: false, fromBytes: false };
    }
    if (item.kind === "line") {
      const r = evaluateLine(plan, item.bytes, item.start, item.end, evalOptions.json);
      if (r !== null) return { record: r, failed: isErrorRecord(r), unreadable: false, fromBytes: true };
    }
    // The careful path: the line's text, parsed with exact numbers.
    const text = jsonText(item);
    let facts: unknown;
    try {
      facts = parseJsonExact(text);
    } catch (e) {
      const id = salvageCustomerId(text);
      const reason = e instanceof Error ? e.message : String(e);
      const record = errorRecord(plan, options, id, { code: "INVALID_JSON", message: `line ${item.line}${id === null ? "" : ` (customer ${id})`}: not valid JSON: ${reason}` });
      return { record, failed: true, unreadable: true, fromBytes: false };
    }
    const r = evaluate(plan, facts, evalOptions.json);
    return { record: r, failed: isErrorRecord(r), unreadable: false, fromBytes: false };
  } catch (e) {
    // A fault in the engine itself must still leave this row's record in place.
    const reason = e instanceof Error ? e.message : String(e);
    const id = item.kind === "text" ? (item.facts.customer_id ?? null) : item.kind === "error" ? item.customerId : salvageCustomerId(jsonText(item));
    const record = errorRecord(plan, options, id, { code: "INTERNAL_ERROR", message: `line ${item.line}: the row could not be evaluated: ${reason}` });
    return { record, failed: true, unreadable: false, fromBytes: false };
  }
}

/** `memory`: where to write the records while they fit (shared memory the reading thread writes out); the result's bytes are then a view of it. */
export function evaluateBatch(plan: Plan, items: readonly Item[], options: RecordOptions, memory?: Uint8Array): BatchResult {
  const evalOptions = itemOptions(options);
  const lines = new RecordLines(plan, items.length, memory);
  let errors = 0;
  for (const item of items) {
    // A JSONL line read from its bytes is written straight from its frame; any other item
    // (or a line read as text) as its record.
    if (item.kind === "line") {
      const decided = intoLines(plan, item, evalOptions.json, lines);
      if (decided !== null) {
        if (!decided) errors++;
        continue;
      }
    }
    const r = evaluateItem(plan, item, options, evalOptions);
    if (r.failed) errors++;
    lines.add(r.record);
  }
  return { bytes: lines.bytes(), decided: items.length - errors, errors };
}

/** evaluateLineInto, or null (the careful path) when it fails in the engine itself: evaluateItem then makes the row's record. */
function intoLines(plan: Plan, item: Extract<Item, { kind: "line" }>, options: EvaluateOptions, lines: RecordLines): boolean | null {
  const at = lines.out.length;
  try {
    return evaluateLineInto(plan, item.bytes, item.start, item.end, options, lines);
  } catch {
    lines.out.truncate(at);
    return null;
  }
}

function errorRecord(plan: Plan, options: RecordOptions, customerId: string | null, error: ErrorRecord["error"]): ErrorRecord {
  const r: ErrorRecord = { customerId, ruleset: plan.name, error };
  if (options.version !== undefined) r.version = options.version;
  return r;
}
