/**
 * The impact API's answer (`POST …/impact`, and the admin UI's impact view, which computes it in
 * the browser): per customer what changed, in the API's row shape, and the summary. The
 * comparison and the summary are engine/impact.ts, the same code as `credit-rules impact`.
 */
import { compareRecords, ImpactTally, type CustomerImpact, type ImpactSummary } from "../../engine/impact.js";
import { isErrorRecord, type DecisionRecord, type EvaluationRecord } from "../../engine/record.js";

export type { ImpactSummary } from "../../engine/impact.js";

export interface Change {
  field: "grade" | "limit" | "warnings" | "route" | "frozen" | "termDays" | "error";
  before: unknown;
  after: unknown;
}

export interface ImpactRow {
  customerId: string | null;
  before: EvaluationRecord;
  after: EvaluationRecord;
  changes: Change[];
}

export interface ImpactReport {
  rows: ImpactRow[];
  summary: ImpactSummary;
}

function warningCodes(record: DecisionRecord): string[] {
  return [...new Set(record.warnings.map((w) => w.code))];
}

/** The changes of one customer as the API lists them. */
export function changesOf(before: EvaluationRecord, after: EvaluationRecord, impact: CustomerImpact): Change[] {
  if (isErrorRecord(before) || isErrorRecord(after)) {
    return impact.changed && impact.error ? [{ field: "error", before: impact.error.before, after: impact.error.after }] : [];
  }
  const changes: Change[] = [];
  if (impact.grade.before !== impact.grade.after) changes.push({ field: "grade", before: before.grade, after: after.grade });
  if (impact.limit) changes.push({ field: "limit", before: impact.limit.before, after: impact.limit.after });
  if (impact.warningsAdded.length > 0 || impact.warningsCleared.length > 0) {
    changes.push({ field: "warnings", before: warningCodes(before), after: warningCodes(after) });
  }
  if (impact.route) changes.push({ field: "route", before: impact.route.before, after: impact.route.after });
  if (impact.frozen) changes.push({ field: "frozen", before: impact.frozen.before, after: impact.frozen.after });
  if (impact.termDays) changes.push({ field: "termDays", before: impact.termDays.before, after: impact.termDays.after });
  return changes;
}

/**
 * The same customers decided by two versions, pairwise in input order. `grades` orders the
 * matrix (gradeOrder() of both plans' grades).
 */
export function impactReport(before: EvaluationRecord[], after: EvaluationRecord[], grades: string[]): ImpactReport {
  const tally = new ImpactTally(grades);
  const rows = before.map((b, i): ImpactRow => {
    const a = after[i];
    const impact = compareRecords(b, a);
    tally.add(impact);
    return { customerId: impact.customerId, before: b, after: a, changes: changesOf(b, a, impact) };
  });
  return { rows, summary: tally.summary() };
}
