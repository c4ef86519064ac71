/** Runs a compiled plan over customers within the request's time budget. */
import { evaluate } from "../../engine/index.js";
import type { EvaluationRecord } from "../../engine/record.js";
import { toEngineFacts, type ExactJson } from "../http/body.js";
import { tooLarge } from "../http/errors.js";
import type { Plan } from "../rulesets/plan-cache.js";

export interface RunOptions {
  explain: boolean;
  /** The version label put into each record ("3" or "draft"). */
  version: string;
  /** performance.now() value after which the request gives up. */
  deadline: number;
}

export function deadlineAfter(ms: number): number {
  return performance.now() + ms;
}

export function checkDeadline(deadline: number, budgetMs: number, done: number, total: number): void {
  if (performance.now() > deadline) {
    throw tooLarge(
      `evaluation took longer than the ${budgetMs} ms allowed per request (${done} of ${total} customers done); send fewer customers per request`,
      { done, total },
    );
  }
}

/** One record per customer, in input order; a bad row becomes an error record, never an exception. */
export function runPlan(plan: Plan, customers: ExactJson[], options: RunOptions, budgetMs: number): EvaluationRecord[] {
  const records: EvaluationRecord[] = [];
  for (let i = 0; i < customers.length; i++) {
    if (i > 0) checkDeadline(options.deadline, budgetMs, i, customers.length);
    records.push(evaluate(plan, toEngineFacts(customers[i]), { explain: options.explain, version: options.version }));
  }
  return records;
}
