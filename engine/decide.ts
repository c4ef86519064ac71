/** Runs a plan for one customer and builds the decision record (contracts/decision-record.md). */
import { bindInputs, customerIdOf, type FactsOptions } from "./input.js";
import { Frame, indicatorValue, read, RuntimeFault, UNAVAILABLE } from "./compile/frame.js";
import type { Plan } from "./compile/plan.js";
import { explain } from "./explain.js";
import * as N from "./numeric.js";
import type { RecordLines } from "./record-bytes.js";
import { isErrorRecord } from "./record.js";
import type { ApprovalRecord, DecisionRecord, ErrorRecord, EvaluationRecord, EventRecord, IndicatorRecord, OutputValue, WarningRecord } from "./record.js";

export interface EvaluateOptions extends FactsOptions {
  explain?: boolean;
  version?: string;
  /**
   * Only what comparing two decisions needs (engine/impact.ts): the record's `indicators` and
   * `outputs` are left empty (outputs are still computed, so a runtime fault in one still makes
   * an error record), `events` and the explanation are left out. Saves printing every indicator.
   */
  comparable?: boolean;
}

const NO_APPROVAL: ApprovalRecord = { level: null, chain: [], exception: false };

export function decide(plan: Plan, facts: unknown, options: EvaluateOptions = {}): EvaluationRecord {
  const customerId = customerIdOf(facts);
  const f = frameFor(plan, options.explain === true);
  const errors = bindInputs(plan.inputs, facts, f.vals, customerId, options);
  if (errors.length > 0) return errorRecord(plan, customerId, options, errors[0], errors);
  return decideFrame(plan, f, customerId, options);
}

/** Returned by an InputBinder that is not certain of its input: the caller takes the careful path. */
export const DECLINED: unique symbol = Symbol("declined");

/**
 * Writes a customer's inputs straight into the frame's slots, every one of them exactly as
 * bindInputs would for the same facts, and returns the customer id; or DECLINED (leaving the
 * slots in any state) whenever bindInputs would not accept the facts or it cannot be sure.
 */
export interface InputBinder {
  bind(vals: unknown[]): string | null | typeof DECLINED;
}

/** decide() for inputs bound by `binder` instead of read from facts; null when the binder declines. */
export function decideBound(plan: Plan, binder: InputBinder, options: EvaluateOptions = {}): EvaluationRecord | null {
  const f = frameFor(plan, options.explain === true);
  const customerId = binder.bind(f.vals);
  if (customerId === DECLINED) return null;
  return decideFrame(plan, f, customerId, options);
}

/** The record of a customer whose inputs are bound: a decision, or the error record of a runtime fault. */
function decideFrame(plan: Plan, f: Frame, customerId: string | null, options: EvaluateOptions): EvaluationRecord {
  try {
    if (options.comparable) return comparableRecord(plan, f, customerId, options);
    const record = buildRecord(plan, f, customerId, options);
    if (options.explain) record.explanation = explain(plan, f, record.indicators);
    return record;
  } catch (e) {
    if (e instanceof RuntimeFault) return faultRecord(plan, customerId, options, e);
    throw e;
  }
}

/**
 * decideBound with the record appended to `lines` as its JSON line rather than returned: a
 * decision's indicators go from the frame into the bytes (RecordLines.addFrom), their texts never
 * made. Null when the binder declines; otherwise whether the record is a decision (not an error).
 */
export function decideBoundInto(plan: Plan, binder: InputBinder, options: EvaluateOptions, lines: RecordLines): boolean | null {
  // An explanation is built from the record's indicators: those records are made, then written.
  if (options.explain) {
    const r = decideBound(plan, binder, options);
    if (r === null) return null;
    lines.add(r);
    return !isErrorRecord(r);
  }
  const f = frameFor(plan, false);
  const customerId = binder.bind(f.vals);
  if (customerId === DECLINED) return null;
  let record: DecisionRecord;
  try {
    record = recordBesideIndicators(plan, f, customerId, options);
  } catch (e) {
    if (!(e instanceof RuntimeFault)) throw e;
    lines.add(faultRecord(plan, customerId, options, e));
    return false;
  }
  lines.addFrom(record, f);
  return true;
}

function faultRecord(plan: Plan, customerId: string | null, options: EvaluateOptions, e: RuntimeFault): ErrorRecord {
  return errorRecord(plan, customerId, options, {
    code: "RUNTIME_FAULT",
    message: `customer ${customerId ?? "(no id)"}: ${e.message} (line ${e.span.line}:${e.span.column})`,
    line: e.span.line,
    column: e.span.column,
    ...(e.rule ? { rule: e.rule } : {}),
  });
}

/**
 * One frame per plan, reset per customer: evaluation is synchronous and never re-entered, and
 * a record copies what it keeps out of the frame (explain() runs before the next customer).
 */
const frames = new WeakMap<Plan, Frame>();
/** The last plan's frame, checked before the map: a batch evaluates one plan many times. */
let lastPlan: Plan | null = null;
let lastFrame: Frame | null = null;

function frameFor(plan: Plan, explain: boolean): Frame {
  let f = plan === lastPlan ? lastFrame : frames.get(plan);
  if (f === undefined || f === null) {
    f = new Frame(plan.size, plan.compute, explain, derivedRanges(plan));
    f.warningsFired = plan.warnings.map(() => false);
    frames.set(plan, f);
  } else {
    f.reset(explain);
  }
  lastPlan = plan;
  lastFrame = f;
  return f;
}

/** The slots that are not inputs, as [start, end) ranges: what a frame clears between customers. */
function derivedRanges(plan: Plan): number[] {
  const input = new Array<boolean>(plan.size).fill(false);
  for (const spec of plan.inputs) input[spec.slot] = true;
  const ranges: number[] = [];
  for (let s = 0; s < plan.size; s++) {
    if (input[s]) continue;
    if (ranges.length > 0 && ranges[ranges.length - 1] === s) ranges[ranges.length - 1] = s + 1;
    else ranges.push(s, s + 1);
  }
  return ranges;
}

/** Texts of recent values (scores repeat: a scorecard has few distinct ones). */
const textCache = new Map<number, string>();

function scoreText(v: N.Num): string {
  if (!(v instanceof N.Ratio) || v.d > 1000) return N.formatNum(v);
  // Key: n·1000/d is whole for d in {1,2,4,5,8,10,...,1000}; other d fall through.
  const scaled = v.n * 1000;
  const key = scaled / v.d;
  if (!Number.isSafeInteger(scaled) || !Number.isInteger(key) || key * v.d !== scaled) return N.formatNum(v);
  let t = textCache.get(key);
  if (t === undefined) {
    t = N.formatNum(v);
    if (textCache.size > 10_000) textCache.clear();
    textCache.set(key, t);
  }
  return t;
}

function errorRecord(plan: Plan, customerId: string | null, options: EvaluateOptions, error: ErrorRecord["error"], all?: ErrorRecord["error"][]): ErrorRecord {
  const r: ErrorRecord = { customerId, ruleset: plan.name, error };
  if (options.version !== undefined) r.version = options.version;
  if (all && all.length > 1) r.errors = all;
  return r;
}

/** The decision's parts in the order buildRecord computes them (the order decides which runtime fault is reported). */
function decisionParts(plan: Plan, f: Frame, customerId: string | null, score: string | null, outputs: Record<string, OutputValue>): DecisionRecord {
  const s = plan.slots;
  const grade = s.grade >= 0 ? (read(f, s.grade) as string) : null;
  let termDays: number | null = null;
  let limit: string | null = null;
  if (s.limit >= 0) {
    limit = N.formatNum(read(f, s.limit) as N.Num);
    termDays = N.toSafeInteger(read(f, s.term) as N.Num);
  }
  const warnings: WarningRecord[] = [];
  const fired = f.warningsFired;
  plan.warningFlags(f, fired);
  for (let i = 0; i < fired.length; i++) if (fired[i]) warnings.push(plan.warnings[i].record);
  const frozen = read(f, s.frozen) as boolean;
  const approval = plan.approval ? route(plan, f) : NO_APPROVAL;
  return { customerId, ruleset: plan.name, score, grade, gradeReasons: f.gradeReasons, termDays, limit, warnings, frozen, approval, outputs, indicators: [] };
}

/** The record with only what compareRecords reads (see EvaluateOptions.comparable). */
function comparableRecord(plan: Plan, f: Frame, customerId: string | null, options: EvaluateOptions): DecisionRecord {
  const s = plan.slots;
  if (s.score >= 0) read(f, s.score);
  const record = decisionParts(plan, f, customerId, null, NO_OUTPUTS);
  for (const o of plan.outputs) read(f, o.slot);
  for (const r of plan.rules) {
    read(f, r.slot);
    if (r.event.params) r.event.params(f);
  }
  if (options.version !== undefined) record.version = options.version;
  return record;
}

const NO_OUTPUTS: Record<string, OutputValue> = Object.freeze({}) as Record<string, OutputValue>;

function buildRecord(plan: Plan, f: Frame, customerId: string | null, options: EvaluateOptions): DecisionRecord {
  const record = recordBesideIndicators(plan, f, customerId, options);
  const indicators: IndicatorRecord[] = new Array<IndicatorRecord>(plan.indicators.length);
  for (let i = 0; i < plan.indicators.length; i++) {
    const ind = plan.indicators[i];
    const outcome = f.indicators[i];
    indicators[i] = {
      code: ind.code,
      value: indicatorText(ind.slot, f),
      points: outcome.pointsText ?? N.formatNum(outcome.points as N.Num),
      weight: ind.weightText,
      contribution: outcome.contributionText ?? N.formatNum(outcome.contribution as N.Num),
    };
  }
  record.indicators = indicators;
  return record;
}

/**
 * The record but its indicators (left empty): what can end in a runtime fault. The indicators
 * never do (a value that cannot be computed is null), so they can be read after the rest.
 */
function recordBesideIndicators(plan: Plan, f: Frame, customerId: string | null, options: EvaluateOptions): DecisionRecord {
  const s = plan.slots;
  const score = s.score >= 0 ? scoreText(read(f, s.score) as N.Num) : null;
  const outputs: Record<string, OutputValue> = {};
  const record = decisionParts(plan, f, customerId, score, outputs);
  for (const o of plan.outputs) outputs[o.name] = toJson(read(f, o.slot));
  if (plan.rules.length > 0) {
    const events: EventRecord[] = [];
    const failureEvents: EventRecord[] = [];
    for (const r of plan.rules) {
      const held = read(f, r.slot) === true;
      const event: EventRecord = { type: r.event.type };
      if (r.event.params) event.params = toJson(r.event.params(f)) as { [key: string]: OutputValue };
      (held ? events : failureEvents).push(event);
    }
    record.events = events;
    record.failureEvents = failureEvents;
  }
  if (options.version !== undefined) record.version = options.version;
  return record;
}

/** The indicator's value as text; null when it is not defined for this customer. */
function indicatorText(slot: number, f: Frame): string | null {
  const v = indicatorValue(f, slot);
  if (v === null) return null;
  return typeof v === "boolean" || typeof v === "string" ? String(v) : N.formatNum(v as N.Num);
}

export function route(plan: Plan, f: Frame): ApprovalRecord {
  const a = plan.approval!;
  const taken = a.match(f);
  if (taken >= 0) {
    const r = a.routes[taken];
    if (r.none) return { level: a.hasLevels ? 0 : null, chain: [], exception: false };
    let level = r.level;
    let chain = r.chain;
    let exception = false;
    if (a.exception && a.exception.cond(f)) {
      exception = true;
      if (level !== null && a.exception.atLeast !== null && level < a.exception.atLeast) {
        level = a.exception.atLeast;
        chain = a.routes.find((x) => x.level === level)?.chain ?? chain;
      }
      chain = [...chain, ...a.exception.then];
    }
    return { level, chain: chain === r.chain ? [...chain] : chain, exception };
  }
  throw new RuntimeFault("no approval route applies to this request", a.span, "approval");
}

export function toJson(v: unknown): OutputValue {
  if (v === UNAVAILABLE || v === undefined) return null;
  if (typeof v === "string" || typeof v === "boolean" || v === null) return v;
  if (N.isNum(v)) return N.formatNum(v);
  if (Array.isArray(v)) return v.map(toJson);
  if (typeof v === "object") {
    const out: Record<string, OutputValue> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = toJson(x);
    return out;
  }
  return String(v);
}
