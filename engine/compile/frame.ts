/** The per-customer evaluation state: one value slot per name, computed on first read. */
import type { Span } from "../../dsl/diagnostic.js";

/** Not computed yet. */
export const UNSET: unique symbol = Symbol("unset");
/** A guarded `let` whose condition is false for this customer. */
export const UNAVAILABLE: unique symbol = Symbol("unavailable");

export type Value = unknown;
export type Thunk = (f: Frame) => Value;

/** A problem only the data reveals (an unguarded division by zero): becomes an error record. */
export class RuntimeFault extends Error {
  constructor(
    message: string,
    readonly span: Span,
    readonly rule: string | null,
  ) {
    super(message);
  }
}

export interface IndicatorOutcome {
  row: number;
  points: unknown;
  contribution: unknown;
  /** Precomputed text of constant points and contributions; null when computed per customer. */
  pointsText: string | null;
  contributionText: string | null;
}

export class Frame {
  readonly vals: Value[];
  /** Filled by the scorecard, the grade and the terms as they are computed. */
  indicators: IndicatorOutcome[] = [];
  gradeReasons: string[] = [];
  termsRow = -1;
  limitBeforeRounding: unknown = null;
  /** Whether each of the plan's warnings fires, overwritten per customer. */
  warningsFired: boolean[] = [];
  constructor(
    size: number,
    readonly compute: Thunk[],
    public explain: boolean,
    /** [start, end) ranges of the slots computed per customer; input slots are all rewritten by binding. */
    private readonly derived: number[] = [0, size],
  ) {
    this.vals = new Array<Value>(size).fill(UNSET);
  }

  /** Ready for the next customer: decide() reuses one frame per plan instead of allocating. */
  reset(explain: boolean): void {
    const d = this.derived;
    for (let i = 0; i < d.length; i += 2) this.vals.fill(UNSET, d[i], d[i + 1]);
    this.gradeReasons = [];
    this.termsRow = -1;
    this.limitBeforeRounding = null;
    this.explain = explain;
  }
}

export function read(f: Frame, slot: number): Value {
  const v = f.vals[slot];
  if (v !== UNSET) return v;
  const computed = f.compute[slot](f);
  f.vals[slot] = computed;
  return computed;
}

/** An indicator's value for a record: null when it is not defined for this customer or cannot be computed (it then counts as such). */
export function indicatorValue(f: Frame, slot: number): Value | null {
  try {
    const v = read(f, slot);
    return v === UNAVAILABLE ? null : v;
  } catch (e) {
    if (e instanceof RuntimeFault) return null;
    throw e;
  }
}
