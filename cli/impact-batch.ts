/**
 * A batch of customers through two rulesets → the JSONL of what changed and the batch's share of
 * the summary. Shared by the in-process path and the worker threads of `credit-rules impact`.
 */
import { compareRecords, ImpactTally, type CustomerImpact, type ImpactSummary } from "../engine/impact.js";
import { evaluate, type ErrorRecord, type EvaluateOptions, type EvaluationRecord, type Plan, type RecordError } from "../engine/index.js";
import { evaluateLinePair } from "../engine/evaluate-line.js";
import type { Item } from "./input-items.js";
import { parseJsonExact, salvageCustomerId } from "./json-line.js";
import { jsonText } from "./jsonl-chunks.js";

/** Input items of `eval`, plus fact objects as a database driver gives them (table rows). */
export type ImpactItem = Item | { kind: "facts"; facts: Record<string, unknown>; line: number };

export interface ImpactBatchOptions {
  /** Write every customer, not only those whose decision changed (or who have an error). */
  all: boolean;
  /** Grade order for the matrix. */
  grades: string[];
  /** Where a customer came from: "line" of a file or "row" of a table. */
  position: "line" | "row";
}

export interface ImpactBatchResult {
  /** One JSON line per written customer. */
  text: string;
  summary: ImpactSummary;
}

// Only the compared parts of each decision are made (no indicator texts, no output values).
const JSON_FACTS: EvaluateOptions = { comparable: true };
const TEXT_FACTS: EvaluateOptions = { textual: true, comparable: true };

export function impactBatch(published: Plan, draft: Plan, items: readonly ImpactItem[], options: ImpactBatchOptions): ImpactBatchResult {
  const tally = new ImpactTally(options.grades);
  let text = "";
  for (const item of items) {
    let before: EvaluationRecord;
    let after: EvaluationRecord;
    try {
      [before, after] = (item.kind === "line" ? fromBytes(published, draft, item) : null) ?? carefully(published, draft, item);
    } catch (e) {
      // A fault in the engine itself still leaves this customer's line in place.
      before = after = { customerId: idOf(item), error: { code: "INTERNAL_ERROR", message: `${options.position} ${item.line}: the customer could not be evaluated: ${reason(e)}` } };
    }
    const impact = compareRecords(before, after);
    tally.add(impact);
    if (options.all || impact.changed || impact.error) text += `${JSON.stringify(changeLine(impact, options.position, item.line))}\n`;
  }
  return { text, summary: tally.summary() };
}

type Pair = [before: EvaluationRecord, after: EvaluationRecord];

/** Both records of a JSONL line bound straight from its bytes, or null when either plan's binder declines it. */
function fromBytes(published: Plan, draft: Plan, item: Extract<ImpactItem, { kind: "line" }>): Pair | null {
  return evaluateLinePair(published, draft, item.bytes, item.start, item.end, JSON_FACTS);
}

/** Both records from the item's facts (the same error record on both sides when the row cannot be read). */
function carefully(published: Plan, draft: Plan, item: ImpactItem): Pair {
  const r = read(item);
  if ("error" in r) return [r.error, r.error];
  return [evaluate(published, r.facts, r.opts), evaluate(draft, r.facts, r.opts)];
}

type Read = { facts: unknown; opts: EvaluateOptions } | { error: ErrorRecord };

/** The facts of an item, or its error record when the row cannot be read (bad JSON, bad CSV row). */
function read(item: ImpactItem): Read {
  switch (item.kind) {
    case "error":
      return { error: { customerId: item.customerId, error: item.error } };
    case "text":
      return { facts: item.facts, opts: TEXT_FACTS };
    case "facts":
      return { facts: item.facts, opts: JSON_FACTS };
    case "json":
    case "line": {
      const text = jsonText(item);
      try {
        return { facts: parseJsonExact(text), opts: JSON_FACTS };
      } catch (e) {
        const id = salvageCustomerId(text);
        const error: RecordError = { code: "INVALID_JSON", message: `line ${item.line}${id === null ? "" : ` (customer ${id})`}: not valid JSON: ${reason(e)}` };
        return { error: { customerId: id, error } };
      }
    }
  }
}

function idOf(item: ImpactItem): string | null {
  if (item.kind === "error") return item.customerId;
  if (item.kind === "json" || item.kind === "line") return salvageCustomerId(jsonText(item));
  const id = item.facts.customer_id ?? item.facts.customerId ?? item.facts.id;
  return id === undefined || id === null ? null : String(id);
}

/** The written form of one customer's impact: what changed, and where the customer came from. */
export function changeLine(impact: CustomerImpact, position: "line" | "row", at: number): Record<string, unknown> {
  const out: Record<string, unknown> = { customerId: impact.customerId, [position]: at, changed: impact.changed, grade: impact.grade };
  if (impact.limit) out.limit = impact.limit;
  if (impact.warningsAdded.length > 0) out.warningsAdded = impact.warningsAdded;
  if (impact.warningsCleared.length > 0) out.warningsCleared = impact.warningsCleared;
  if (impact.route) out.route = impact.route;
  if (impact.frozen) out.frozen = impact.frozen;
  if (impact.termDays) out.termDays = impact.termDays;
  if (impact.error) out.error = impact.error;
  return out;
}

function reason(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
