/**
 * Impact of a ruleset change: the same customer decided by two versions ("before", usually the
 * published one, and "after", usually the draft), and a summary of a whole portfolio.
 *
 * API (pure, no I/O; used by the CLI `impact` command and the server's impact endpoint):
 *
 *   compareRecords(before, after) → CustomerImpact
 *       What changed for one customer: grade, limit (exact decimal strings and their
 *       difference), warning codes added/cleared, approval route, frozen, term days, errors.
 *       `changed` is false when the two decisions agree on all of these.
 *
 *   new ImpactTally(grades)            grades: the grade order, best first (plan.model.grades
 *                                      of both rulesets; see gradeOrder())
 *   tally.add(impact)                  count one customer (constant memory: counters and sums)
 *   tally.merge(summary)               add a summary made elsewhere (another worker's share)
 *   tally.summary() → ImpactSummary    plain JSON: migration matrix, limit totals, warnings
 *
 * Limits are exact: decimal strings are parsed by engine/numeric.ts and summed as Num, never as
 * binary floats. Totals cover customers decided by both versions, so the change compares like
 * with like; a customer with an error record on either side counts in `errors` and in the
 * matrix row/column "error".
 */
import * as N from "./numeric.js";
import { isErrorRecord, type ApprovalRecord, type DecisionRecord, type EvaluationRecord, type RecordError } from "./record.js";

export interface Difference<T> {
  before: T;
  after: T;
}

export interface CustomerImpact {
  customerId: string | null;
  changed: boolean;
  /** Grade key on each side: the grade, "none" for a ruleset that does not grade, "error" for an error record. */
  grade: Difference<string>;
  /** Present when the limit differs; `change` = after − before, exact. A missing limit counts as "0". */
  limit?: { before: string | null; after: string | null; change: string };
  warningsAdded: string[];
  warningsCleared: string[];
  route?: Difference<ApprovalRecord>;
  frozen?: Difference<boolean>;
  termDays?: Difference<number | null>;
  /** Present when either side is an error record (`changed` says whether the two differ). */
  error?: Difference<RecordError | null>;
  /** Limits of both decisions, for the tally (error records: null). */
  limitBefore: string | null;
  limitAfter: string | null;
}

export interface ImpactSummary {
  customers: number;
  changed: number;
  /** Row and column keys in order: the grades best first, then "none" and "error" when seen. */
  grades: string[];
  /** before grade → after grade → number of customers. */
  matrix: Record<string, Record<string, number>>;
  totalLimitBefore: string;
  totalLimitAfter: string;
  totalLimitChange: string;
  /** Warning code → customers for whom it is new / cleared. */
  newWarnings: Record<string, number>;
  clearedWarnings: Record<string, number>;
  /** Customers with an error record on either side. */
  errors: number;
  /** Error code → customers, per side. */
  errorsBefore: Record<string, number>;
  errorsAfter: Record<string, number>;
}

export const NO_GRADE = "none";
export const ERROR_GRADE = "error";

function gradeKey(r: EvaluationRecord): string {
  if (isErrorRecord(r)) return ERROR_GRADE;
  return r.grade ?? NO_GRADE;
}

function sameRoute(a: ApprovalRecord, b: ApprovalRecord): boolean {
  if (a.level !== b.level || a.exception !== b.exception || a.chain.length !== b.chain.length) return false;
  for (let i = 0; i < a.chain.length; i++) if (a.chain[i] !== b.chain[i]) return false;
  return true;
}

function sameError(a: RecordError | null, b: RecordError | null): boolean {
  if (a === null || b === null) return a === b;
  return a.code === b.code && a.field === b.field && a.message === b.message;
}

function num(text: string | null): N.Num {
  if (text === null) return 0;
  const v = N.parseDecimal(text);
  if (v === null) throw new Error(`not a decimal limit: ${JSON.stringify(text)}`);
  return v;
}

function codes(r: DecisionRecord): string[] {
  const out: string[] = [];
  for (const w of r.warnings) if (!out.includes(w.code)) out.push(w.code);
  return out;
}

export function compareRecords(before: EvaluationRecord, after: EvaluationRecord): CustomerImpact {
  const customerId = before.customerId ?? after.customerId ?? null;
  const grade = { before: gradeKey(before), after: gradeKey(after) };
  if (isErrorRecord(before) || isErrorRecord(after)) {
    const eb = isErrorRecord(before) ? before.error : null;
    const ea = isErrorRecord(after) ? after.error : null;
    return { customerId, changed: !sameError(eb, ea), grade, warningsAdded: [], warningsCleared: [], error: { before: eb, after: ea }, limitBefore: null, limitAfter: null };
  }
  const impact: CustomerImpact = {
    customerId,
    changed: grade.before !== grade.after,
    grade,
    warningsAdded: [],
    warningsCleared: [],
    limitBefore: before.limit,
    limitAfter: after.limit,
  };
  if (before.limit !== after.limit) {
    const change = N.sub(num(after.limit), num(before.limit));
    // "9" and "9.0" are the same limit: only a non-zero difference (or a limit appearing) is a change.
    if (!N.isZero(change) || (before.limit === null) !== (after.limit === null)) {
      impact.limit = { before: before.limit, after: after.limit, change: N.formatNum(change) };
      impact.changed = true;
    }
  }
  const wb = codes(before);
  const wa = codes(after);
  for (const c of wa) if (!wb.includes(c)) impact.warningsAdded.push(c);
  for (const c of wb) if (!wa.includes(c)) impact.warningsCleared.push(c);
  if (impact.warningsAdded.length > 0 || impact.warningsCleared.length > 0) impact.changed = true;
  if (!sameRoute(before.approval, after.approval)) {
    impact.route = { before: before.approval, after: after.approval };
    impact.changed = true;
  }
  if (before.frozen !== after.frozen) {
    impact.frozen = { before: before.frozen, after: after.frozen };
    impact.changed = true;
  }
  if (before.termDays !== after.termDays) {
    impact.termDays = { before: before.termDays, after: after.termDays };
    impact.changed = true;
  }
  return impact;
}

/** The matrix keys for two rulesets: grades of the first (best first), then new ones of the second. */
export function gradeOrder(...gradeLists: string[][]): string[] {
  const out: string[] = [];
  for (const list of gradeLists) for (const g of list) if (!out.includes(g)) out.push(g);
  return out;
}

function bump(counts: Record<string, number>, key: string, by = 1): void {
  counts[key] = (counts[key] ?? 0) + by;
}

/** Streaming summary: memory is bounded by the number of grades and warning/error codes. */
export class ImpactTally {
  private readonly keys: string[];
  private readonly matrix = new Map<string, Map<string, number>>();
  private customers = 0;
  private changed = 0;
  private errors = 0;
  private totalBefore: N.Num = 0;
  private totalAfter: N.Num = 0;
  private readonly newWarnings: Record<string, number> = {};
  private readonly clearedWarnings: Record<string, number> = {};
  private readonly errorsBefore: Record<string, number> = {};
  private readonly errorsAfter: Record<string, number> = {};

  constructor(grades: string[]) {
    this.keys = [...grades];
  }

  private cell(from: string, to: string, by: number): void {
    if (!this.keys.includes(from)) this.keys.push(from);
    if (!this.keys.includes(to)) this.keys.push(to);
    let row = this.matrix.get(from);
    if (!row) this.matrix.set(from, (row = new Map()));
    row.set(to, (row.get(to) ?? 0) + by);
  }

  add(impact: CustomerImpact): void {
    this.customers++;
    if (impact.changed) this.changed++;
    this.cell(impact.grade.before, impact.grade.after, 1);
    if (impact.grade.before === ERROR_GRADE || impact.grade.after === ERROR_GRADE) {
      this.errors++;
      if (impact.error?.before) bump(this.errorsBefore, impact.error.before.code);
      if (impact.error?.after) bump(this.errorsAfter, impact.error.after.code);
      return;
    }
    if (impact.limitBefore !== null) this.totalBefore = N.add(this.totalBefore, num(impact.limitBefore));
    if (impact.limitAfter !== null) this.totalAfter = N.add(this.totalAfter, num(impact.limitAfter));
    for (const c of impact.warningsAdded) bump(this.newWarnings, c);
    for (const c of impact.warningsCleared) bump(this.clearedWarnings, c);
  }

  merge(s: ImpactSummary): void {
    this.customers += s.customers;
    this.changed += s.changed;
    this.errors += s.errors;
    for (const k of s.grades) if (!this.keys.includes(k)) this.keys.push(k);
    for (const [from, row] of Object.entries(s.matrix)) for (const [to, n] of Object.entries(row)) if (n > 0) this.cell(from, to, n);
    this.totalBefore = N.add(this.totalBefore, num(s.totalLimitBefore));
    this.totalAfter = N.add(this.totalAfter, num(s.totalLimitAfter));
    for (const [c, n] of Object.entries(s.newWarnings)) bump(this.newWarnings, c, n);
    for (const [c, n] of Object.entries(s.clearedWarnings)) bump(this.clearedWarnings, c, n);
    for (const [c, n] of Object.entries(s.errorsBefore)) bump(this.errorsBefore, c, n);
    for (const [c, n] of Object.entries(s.errorsAfter)) bump(this.errorsAfter, c, n);
  }

  summary(): ImpactSummary {
    // "none" and "error" go last, whatever order they were first seen in.
    const special = [NO_GRADE, ERROR_GRADE].filter((k) => this.keys.includes(k));
    const grades = [...this.keys.filter((k) => k !== NO_GRADE && k !== ERROR_GRADE), ...special];
    const matrix: Record<string, Record<string, number>> = {};
    for (const from of grades) {
      matrix[from] = {};
      for (const to of grades) matrix[from][to] = this.matrix.get(from)?.get(to) ?? 0;
    }
    return {
      customers: this.customers,
      changed: this.changed,
      grades,
      matrix,
      totalLimitBefore: N.formatNum(this.totalBefore),
      totalLimitAfter: N.formatNum(this.totalAfter),
      totalLimitChange: N.formatNum(N.sub(this.totalAfter, this.totalBefore)),
      newWarnings: sortedCounts(this.newWarnings),
      clearedWarnings: sortedCounts(this.clearedWarnings),
      errors: this.errors,
      errorsBefore: sortedCounts(this.errorsBefore),
      errorsAfter: sortedCounts(this.errorsAfter),
    };
  }
}

/** Most frequent first, then by code: stable output for files and golden tests. */
function sortedCounts(c: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, n] of Object.entries(c).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) out[k] = n;
  return out;
}
