/**
 * The constant JSON text of a plan's decision records: the keys between the values, in the
 * record's field order (engine/decide.ts builds records in this order, and JSON.stringify writes
 * them so), with the plan's ruleset name, warnings, output names and indicator codes and weights
 * already in place. The record writers (engine/record-json.ts: text; engine/record-bytes.ts:
 * UTF-8 bytes) fill in only the values.
 */
import type { Plan } from "./compile/plan.js";
import type { WarningRecord } from "./record.js";

export interface IndicatorTexts {
  /** `{"code":<code>,"value":` */
  head: string;
  /** `","weight":<weight>,"contribution":"`: between the points and the contribution, both quoted. */
  weight: string;
  /** The value is a decimal made by the engine (no escaping needed), not text. */
  numeric: boolean;
}

export interface RecordTexts {
  /** `,"ruleset":<name>,"score":` */
  rulesetScore: string;
  /** Each warning's whole JSON object. */
  warning: Map<WarningRecord, string>;
  /** `"<name>":` for each output, in order. */
  outputKeys: string[];
  indicators: IndicatorTexts[];
}

/** The keys that are the same for every plan. */
export const KEY = {
  customerId: '{"customerId":',
  grade: ',"grade":',
  gradeReasons: ',"gradeReasons":',
  termDays: ',"termDays":',
  limit: ',"limit":',
  warnings: ',"warnings":',
  frozen: ',"frozen":',
  level: ',"approval":{"level":',
  chain: ',"chain":',
  exception: ',"exception":',
  outputs: '},"outputs":{',
  indicators: '},"indicators":[',
  /** Ahead of an indicator's points, which are quoted with the contribution: `"points":"85","weight":…,"contribution":"8.5"}`. */
  points: ',"points":"',
  indicatorEnd: '"}',
  events: ',"events":',
  failureEvents: ',"failureEvents":',
  version: ',"version":',
  explanation: ',"explanation":',
} as const;

const q = JSON.stringify;

/** `make`, called once per plan: its result is kept for as long as the plan lives. */
export function perPlan<T extends object>(make: (plan: Plan) => T): (plan: Plan) => T {
  const made = new WeakMap<Plan, T>();
  return (plan) => {
    let x = made.get(plan);
    if (x === undefined) {
      x = make(plan);
      made.set(plan, x);
    }
    return x;
  };
}

export function recordTexts(plan: Plan): RecordTexts {
  return {
    rulesetScore: `,"ruleset":${q(plan.name)},"score":`,
    warning: new Map(plan.warnings.map((w) => [w.record, q(w.record)])),
    outputKeys: plan.outputs.map((o) => `${q(o.name)}:`),
    indicators: plan.indicators.map((ind) => ({
      head: `{"code":${q(ind.code)},"value":`,
      weight: `","weight":${q(ind.weightText)},"contribution":"`,
      numeric: plan.model.symbols.get(ind.code)?.type.k === "num",
    })),
  };
}
