/**
 * One JSONL line's UTF-8 bytes → its record, bound straight from the bytes (engine/line-binder.ts)
 * when the binder is certain of the line; null otherwise, and the caller evaluates the line's text
 * the careful way (the same record for every line both accept, and the careful path's errors).
 */
import type { InputSpec, Plan } from "./compile/plan.js";
import { DECLINED, decideBound, decideBoundInto, type EvaluateOptions, type InputBinder } from "./decide.js";
import { formatNum, isNum } from "./numeric.js";
import { type LineBinder, lineBinder } from "./line-binder.js";
import type { RecordLines } from "./record-bytes.js";
import type { EvaluationRecord } from "./record.js";

/** The record of bytes [start, end) of `bytes` (one line, without its newline), or null when the line must be read as text. */
export function evaluateLine(plan: Plan, bytes: Uint8Array, start: number, end: number, options: EvaluateOptions = {}): EvaluationRecord | null {
  const binder = binderFor(plan, bytes, start, end, options);
  return binder === null ? null : decideBound(plan, binder, options);
}

/**
 * The same line's record appended to `lines` as its JSON line (decideBoundInto): null when the
 * line must be read as text, else whether the record is a decision (not an error record).
 */
export function evaluateLineInto(plan: Plan, bytes: Uint8Array, start: number, end: number, options: EvaluateOptions, lines: RecordLines): boolean | null {
  const binder = binderFor(plan, bytes, start, end, options);
  return binder === null ? null : decideBoundInto(plan, binder, options, lines);
}

/** The plan's line reader set to the line, or null when the line is to be read as text. */
function binderFor(plan: Plan, bytes: Uint8Array, start: number, end: number, options: EvaluateOptions): LineBinder | null {
  // CSV-style facts (all text, empty = absent) are never a JSON line.
  if (options.textual) return null;
  const binder = lineBinder(plan);
  if (binder === null) return null;
  // The binder keeps the chunk until the next one (a chunk at a time per plan): dropping it
  // after every line would cost a new view of the next line's chunk.
  binder.line(bytes, start, end);
  return binder;
}

/**
 * Both records of one line, `before` and `after` decided by two plans (impact), or null when the
 * line must be read as text. When every input of `after` is declared in `before` exactly alike
 * (name, type, sign, default, range), the line is read once: `after`'s inputs take the values
 * `before`'s reader gave them, which are the values `after`'s own reader gives.
 */
export function evaluateLinePair(before: Plan, after: Plan, bytes: Uint8Array, start: number, end: number, options: EvaluateOptions = {}): [EvaluationRecord, EvaluationRecord] | null {
  const shared = options.textual ? null : sharedInputs(before, after);
  if (shared === null) {
    const b = evaluateLine(before, bytes, start, end, options);
    if (b === null) return null;
    const a = evaluateLine(after, bytes, start, end, options);
    return a === null ? null : [b, a];
  }
  const binder = lineBinder(before)!;
  binder.line(bytes, start, end);
  shared.from = binder;
  const b = decideBound(before, shared, options);
  if (b === null) return null;
  const a = decideBound(after, shared.copy, options);
  return a === null ? null : [b, a];
}

/** Binds `before`'s inputs with its line reader, keeping the values `after` reads; `copy` writes them into `after`'s slots. */
class SharedInputs implements InputBinder {
  from: InputBinder | null = null;
  readonly copy: InputBinder;
  private readonly values: unknown[];
  private id: string | null = null;

  /** `fromSlots[i]` of `before` holds the value of `toSlots[i]` of `after`. */
  constructor(
    private readonly fromSlots: number[],
    toSlots: number[],
  ) {
    this.values = new Array<unknown>(fromSlots.length).fill(undefined);
    const values = this.values;
    this.copy = {
      bind: (vals) => {
        for (let i = 0; i < toSlots.length; i++) vals[toSlots[i]] = values[i];
        return this.id;
      },
    };
  }

  bind(vals: unknown[]): string | null | typeof DECLINED {
    const id = this.from!.bind(vals);
    if (id === DECLINED) return id;
    const fromSlots = this.fromSlots;
    for (let i = 0; i < fromSlots.length; i++) this.values[i] = vals[fromSlots[i]];
    this.id = id;
    return id;
  }
}

/** Whether evaluateLinePair reads a line once for these two plans. */
export function sharesInputs(before: Plan, after: Plan): boolean {
  return sharedInputs(before, after) !== null;
}

const pairs = new WeakMap<Plan, WeakMap<Plan, SharedInputs | null>>();

/** The shared reading of two plans' lines, or null when `after` declares an input `before` does not declare alike. */
function sharedInputs(before: Plan, after: Plan): SharedInputs | null {
  let byAfter = pairs.get(before);
  if (byAfter === undefined) pairs.set(before, (byAfter = new WeakMap()));
  let shared = byAfter.get(after);
  if (shared === undefined) {
    shared = null;
    if (lineBinder(before) !== null) {
      const fromSlots: number[] = [];
      const toSlots: number[] = [];
      for (const spec of after.inputs) {
        const same = before.inputs.find((s) => s.name === spec.name);
        if (same === undefined || !sameDeclaration(same, spec)) break;
        fromSlots.push(same.slot);
        toSlots.push(spec.slot);
      }
      if (toSlots.length === after.inputs.length) shared = new SharedInputs(fromSlots, toSlots);
    }
    byAfter.set(after, shared);
  }
  return shared;
}

function sameDeclaration(a: InputSpec, b: InputSpec): boolean {
  return (
    a.path === null &&
    b.path === null &&
    JSON.stringify(a.type) === JSON.stringify(b.type) &&
    a.signed === b.signed &&
    a.hasDefault === b.hasDefault &&
    sameValue(a.default, b.default) &&
    sameValue(a.low, b.low) &&
    sameValue(a.high, b.high)
  );
}

/** The same constant in the same representation (a slot's value is used as it is). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!isNum(a) || !isNum(b) || typeof a !== typeof b) return false;
  return Object.getPrototypeOf(a) === Object.getPrototypeOf(b) && formatNum(a) === formatNum(b);
}
