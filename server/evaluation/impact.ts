/**
 * Impact of a change: the same customers through two versions (usually the published one and
 * the draft), what changed per customer, and a summary a credit committee can read.
 */
import { Decimal as BaseDecimal } from "decimal.js";
import type { DecisionRecord, EvaluationRecord } from "../../engine/record.js";
import { isErrorRecord } from "../../engine/record.js";

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

export interface ImpactSummary {
  customers: number;
  changed: number;
  /** before grade → after grade → number of customers. */
  matrix: Record<string, Record<string, number>>;
  totalLimitBefore: string;
  totalLimitAfter: string;
  totalLimitChange: string;
  newWarnings: Record<string, number>;
  clearedWarnings: Record<string, number>;
  errors: number;
}

// Sums of many money amounts: wide enough that no addition ever rounds.
const Decimal = BaseDecimal.clone({ precision: 80 });
type Decimal = BaseDecimal;

const GRADES = ["A", "B", "C", "D"];
/** Grade key for customers without a grade (error record or a ruleset that does not grade). */
const NO_GRADE = "none";

function warningCodes(record: DecisionRecord): Set<string> {
  return new Set(record.warnings.map((w) => w.code));
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function sameDecimal(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  return new Decimal(a).equals(new Decimal(b));
}

export function changesBetween(before: EvaluationRecord, after: EvaluationRecord): Change[] {
  if (isErrorRecord(before) || isErrorRecord(after)) {
    const b = isErrorRecord(before) ? before.error : null;
    const a = isErrorRecord(after) ? after.error : null;
    return sameJson(a, b) ? [] : [{ field: "error", before: b, after: a }];
  }
  const changes: Change[] = [];
  if (before.grade !== after.grade) changes.push({ field: "grade", before: before.grade, after: after.grade });
  if (!sameDecimal(before.limit, after.limit)) changes.push({ field: "limit", before: before.limit, after: after.limit });
  const wb = warningCodes(before);
  const wa = warningCodes(after);
  const added = [...wa].filter((c) => !wb.has(c));
  const removed = [...wb].filter((c) => !wa.has(c));
  if (added.length > 0 || removed.length > 0) {
    changes.push({ field: "warnings", before: [...wb], after: [...wa] });
  }
  if (!sameJson(before.approval, after.approval)) changes.push({ field: "route", before: before.approval, after: after.approval });
  if (before.frozen !== after.frozen) changes.push({ field: "frozen", before: before.frozen, after: after.frozen });
  if (before.termDays !== after.termDays) changes.push({ field: "termDays", before: before.termDays, after: after.termDays });
  return changes;
}

export function impactRows(before: EvaluationRecord[], after: EvaluationRecord[]): ImpactRow[] {
  return before.map((b, i) => ({
    customerId: b.customerId ?? after[i].customerId ?? null,
    before: b,
    after: after[i],
    changes: changesBetween(b, after[i]),
  }));
}

function gradeKey(record: EvaluationRecord): string {
  return isErrorRecord(record) || record.grade === null ? NO_GRADE : record.grade;
}

export function summarise(rows: ImpactRow[]): ImpactSummary {
  const keys = new Set(GRADES);
  for (const row of rows) {
    keys.add(gradeKey(row.before));
    keys.add(gradeKey(row.after));
  }
  const order = [...GRADES, ...[...keys].filter((k) => !GRADES.includes(k) && k !== NO_GRADE).sort(), ...(keys.has(NO_GRADE) ? [NO_GRADE] : [])];
  const matrix: Record<string, Record<string, number>> = {};
  for (const from of order) {
    matrix[from] = {};
    for (const to of order) matrix[from][to] = 0;
  }
  let totalBefore = new Decimal(0);
  let totalAfter = new Decimal(0);
  const newWarnings: Record<string, number> = {};
  const clearedWarnings: Record<string, number> = {};
  let errors = 0;
  let changed = 0;
  for (const row of rows) {
    matrix[gradeKey(row.before)][gradeKey(row.after)]++;
    if (row.changes.length > 0) changed++;
    if (isErrorRecord(row.before) || isErrorRecord(row.after)) {
      errors++;
      continue;
    }
    // Limits are summed over customers decided by both versions, so the change compares like with like.
    if (row.before.limit !== null) totalBefore = totalBefore.plus(row.before.limit);
    if (row.after.limit !== null) totalAfter = totalAfter.plus(row.after.limit);
    const wb = warningCodes(row.before);
    const wa = warningCodes(row.after);
    for (const code of wa) if (!wb.has(code)) newWarnings[code] = (newWarnings[code] ?? 0) + 1;
    for (const code of wb) if (!wa.has(code)) clearedWarnings[code] = (clearedWarnings[code] ?? 0) + 1;
  }
  return {
    customers: rows.length,
    changed,
    matrix,
    totalLimitBefore: totalBefore.toFixed(),
    totalLimitAfter: totalAfter.toFixed(),
    totalLimitChange: totalAfter.minus(totalBefore).toFixed(),
    newWarnings,
    clearedWarnings,
    errors,
  };
}
