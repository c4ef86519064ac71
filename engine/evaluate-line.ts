/**
 * One JSONL line's UTF-8 bytes → its record, bound straight from the bytes (engine/line-binder.ts)
 * when the binder is certain of the line; null otherwise, and the caller evaluates the line's text
 * the careful way (the same record for every line both accept, and the careful path's errors).
 */
import type { Plan } from "./compile/plan.js";
import { decideBound, type EvaluateOptions } from "./decide.js";
import { lineBinder } from "./line-binder.js";
import type { EvaluationRecord } from "./record.js";

/** The record of bytes [start, end) of `bytes` (one line, without its newline), or null when the line must be read as text. */
export function evaluateLine(plan: Plan, bytes: Uint8Array, start: number, end: number, options: EvaluateOptions = {}): EvaluationRecord | null {
  // CSV-style facts (all text, empty = absent) are never a JSON line.
  if (options.textual) return null;
  const binder = lineBinder(plan);
  if (binder === null) return null;
  // The binder keeps the chunk until the next one (a chunk at a time per plan): dropping it
  // after every line would cost a new view of the next line's chunk.
  binder.line(bytes, start, end);
  return decideBound(plan, binder, options);
}
