/** The decision record and the error record (contracts/decision-record.md). */

export interface WarningRecord {
  code: string;
  severity: string;
  action: string;
}

/** An event of a condition rule, as json-rules-engine reports it; params only when declared. */
export interface EventRecord {
  type: string;
  params?: { [key: string]: OutputValue };
}

export interface ApprovalRecord {
  level: number | null;
  chain: string[];
  exception: boolean;
}

export interface IndicatorRecord {
  code: string;
  /** Decimal string, or null when the indicator's value is not defined for this customer. */
  value: string | null;
  points: string;
  weight: string;
  contribution: string;
}

/** A JSON value produced by an `output`: decimals are strings, lists are arrays, table rows objects. */
export type OutputValue = string | boolean | null | OutputValue[] | { [key: string]: OutputValue };

export interface DecisionRecord {
  customerId: string | null;
  ruleset: string;
  version?: string;
  score: string | null;
  grade: string | null;
  gradeReasons: string[];
  termDays: number | null;
  limit: string | null;
  warnings: WarningRecord[];
  frozen: boolean;
  approval: ApprovalRecord;
  outputs: Record<string, OutputValue>;
  indicators: IndicatorRecord[];
  /** Only when the ruleset declares rules: events of the rules whose condition holds, in firing order. */
  events?: EventRecord[];
  /** Only when the ruleset declares rules: events of the rules whose condition does not hold. */
  failureEvents?: EventRecord[];
  explanation?: unknown;
}

export interface RecordError {
  /** Stable code: MISSING_FIELD, INVALID_NUMBER, NEGATIVE_NOT_ALLOWED, OUT_OF_RANGE, INVALID_BOOL, ... */
  code: string;
  field?: string;
  message: string;
  /** For runtime faults: where in the ruleset. */
  line?: number;
  column?: number;
  rule?: string;
}

export interface ErrorRecord {
  customerId: string | null;
  ruleset?: string;
  version?: string;
  error: RecordError;
  /** Every other problem found in the same row, so a user fixes the row once. */
  errors?: RecordError[];
}

export type EvaluationRecord = DecisionRecord | ErrorRecord;

export function isErrorRecord(r: EvaluationRecord): r is ErrorRecord {
  return (r as ErrorRecord).error !== undefined;
}
