/**
 * The impact answer (`POST …/impact`, server/routes/impact.ts): the same customers through two
 * versions, per-customer changes and the summary. A body past the inline size is parsed, decided
 * and written on an evaluation worker, so the request thread stays free for other requests; the
 * answer is the request thread's, byte for byte, and refusals come back as the API error to send.
 */
import { z } from "zod";
import { gradeOrder } from "../../engine/impact.js";
import type { Plan } from "../../engine/index.js";
import { parseBodyText, validate } from "../http/body.js";
import { ApiError, badRequest, refusalOf, tooLarge, type Refusal } from "../http/errors.js";
import { impactReport } from "./impact-report.js";
import { runPlan } from "./run.js";

export const ImpactBody = z.union([z.object({ customers: z.array(z.unknown()) }), z.object({ useTestCases: z.literal(true) })]);

/** The customers to compare, refused when there are none or more than a batch holds. */
export function checkedCustomers(customers: unknown[], maxBatch: number): unknown[] {
  if (customers.length === 0) throw badRequest("there are no customers to compare");
  if (customers.length > maxBatch) {
    throw tooLarge(`an impact run holds at most ${maxBatch} customers; this one has ${customers.length}`, {
      limit: maxBatch,
      received: customers.length,
    });
  }
  return customers;
}

export interface ImpactSide {
  plan: Plan;
  /** The version label put into each record ("3" or "draft"). */
  label: string;
}

/** `{from, to, rows, summary}`: `deadline` on this thread's performance clock. */
export function impactAnswer(from: ImpactSide, to: ImpactSide, customers: unknown[], deadline: number, budgetMs: number) {
  const before = runPlan(from.plan, customers, { explain: false, version: from.label, deadline }, budgetMs);
  const after = runPlan(to.plan, customers, { explain: false, version: to.label, deadline }, budgetMs);
  const { rows, summary } = impactReport(before, after, gradeOrder(from.plan.model.grades, to.plan.model.grades));
  return { from: from.label, to: to.label, rows, summary };
}

export interface ImpactVersion {
  sha256: string;
  source: string;
  label: string;
}

export interface ImpactTask {
  kind: "impact";
  from: ImpactVersion;
  to: ImpactVersion;
  /** The request body, moved (not copied) to the worker. */
  body: Uint8Array;
  maxBatch: number;
  budgetMs: number;
  /** When the request gives up, in milliseconds since the epoch (each thread has its own performance clock). */
  deadline: number;
}

export type ImpactResult =
  /** `json`: the answer's text; null when the body asks for the ruleset's test cases (read from the database by the request thread). */
  | { kind: "impact"; ok: true; json: string | null }
  | ({ kind: "impact" } & Refusal);

const decoder = new TextDecoder();

export function impactOnWorker(planOf: (version: ImpactVersion) => Plan, task: ImpactTask): ImpactResult {
  try {
    const body = validate(ImpactBody, parseBodyText(decoder.decode(task.body)), "body");
    if (!("customers" in body)) return { kind: "impact", ok: true, json: null };
    const customers = checkedCustomers(body.customers, task.maxBatch);
    const from = { plan: planOf(task.from), label: task.from.label };
    const to = { plan: planOf(task.to), label: task.to.label };
    const answer = impactAnswer(from, to, customers, task.deadline - performance.timeOrigin, task.budgetMs);
    return { kind: "impact", ok: true, json: JSON.stringify(answer) };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return { kind: "impact", ...refusalOf(error) };
  }
}
