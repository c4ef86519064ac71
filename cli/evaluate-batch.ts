/** Work items → JSONL text of their records, in order. Shared by the in-process path and the workers. */
import { evaluate, isErrorRecord, recordWriter, type ErrorRecord, type EvaluateOptions, type EvaluationRecord, type Plan } from "../engine/index.js";
import type { Item } from "./input-items.js";
import { parseJsonExact, salvageCustomerId } from "./json-line.js";

export interface BatchResult {
  text: string;
  decided: number;
  errors: number;
}

export interface RecordOptions {
  explain?: boolean;
  version?: string;
}

export function evaluateBatch(plan: Plan, items: readonly Item[], options: RecordOptions): BatchResult {
  const jsonOptions: EvaluateOptions = { explain: options.explain, version: options.version };
  const textOptions: EvaluateOptions = { ...jsonOptions, textual: true };
  const write = recordWriter(plan);
  let text = "";
  let errors = 0;
  for (const item of items) {
    let record: EvaluationRecord;
    let failed: boolean;
    try {
      if (item.kind === "error") {
        record = errorRecord(plan, options, item.customerId, item.error);
        failed = true;
      } else if (item.kind === "text") {
        const r = evaluate(plan, item.facts, textOptions);
        record = r;
        failed = isErrorRecord(r);
      } else {
        let facts: unknown;
        try {
          facts = parseJsonExact(item.text);
        } catch (e) {
          const id = salvageCustomerId(item.text);
          const reason = e instanceof Error ? e.message : String(e);
          record = errorRecord(plan, options, id, { code: "INVALID_JSON", message: `line ${item.line}${id === null ? "" : ` (customer ${id})`}: not valid JSON: ${reason}` });
          text += `${JSON.stringify(record)}\n`;
          errors++;
          continue;
        }
        const r = evaluate(plan, facts, jsonOptions);
        record = r;
        failed = isErrorRecord(r);
      }
    } catch (e) {
      // A fault in the engine itself must still leave this row's record in place.
      const reason = e instanceof Error ? e.message : String(e);
      const id = item.kind === "text" ? (item.facts.customer_id ?? null) : item.kind === "json" ? salvageCustomerId(item.text) : item.customerId;
      record = errorRecord(plan, options, id, { code: "INTERNAL_ERROR", message: `line ${item.line}: the row could not be evaluated: ${reason}` });
      failed = true;
    }
    if (failed) errors++;
    text += `${write(record)}\n`;
  }
  return { text, decided: items.length - errors, errors };
}

function errorRecord(plan: Plan, options: RecordOptions, customerId: string | null, error: ErrorRecord["error"]): ErrorRecord {
  const r: ErrorRecord = { customerId, ruleset: plan.name, error };
  if (options.version !== undefined) r.version = options.version;
  return r;
}
