/**
 * Customer facts → input slots. Every declared input is validated; every problem in the row
 * is reported (never a silent default, never a crash). Decimal strings stay exact.
 */
import type { RecordError } from "./record.js";
import type { InputSpec } from "./compile/plan.js";
import * as N from "./numeric.js";
import { canGenerate } from "./compile/codegen.js";

export interface FactsOptions {
  /** CSV-style facts: every value is text and an empty cell means absent. */
  textual?: boolean;
}

/** The customer id for records: `customer_id`, else `id`, as text. */
export function customerIdOf(facts: unknown): string | null {
  if (!facts || typeof facts !== "object") return null;
  const f = facts as Record<string, unknown>;
  const id = f.customer_id ?? f.customerId ?? f.id;
  return id === undefined || id === null ? null : String(id);
}

const ZERO = 0;
const ONE = 1;

/** Per field, the common case checked first: a plain value of the declared kind that is obviously valid. */
const enum Fast {
  None,
  /** int/days without a range, not signed: a non-negative safe integer JSON number. */
  Count,
  /** A decimal string for a non-negative amount without a range. */
  Amount,
  /** A decimal string for a signed amount without a range. */
  SignedAmount,
  Bool,
  /** A decimal string for a ratio between 0 and 1 (not signed, no range). */
  Ratio,
}

/** What a row's careful path accumulates: its problems, and the JSON values already converted. */
interface SlowState {
  customer: string | null;
  textual: boolean;
  errors: RecordError[];
  json: WeakMap<object, unknown> | null;
}

/** Reads and checks every declared field of one row into `vals`; returns its problems. */
type Binder = (facts: Record<string, unknown>, vals: unknown[], customer: string | null, textual: boolean) => RecordError[];

const binders = new WeakMap<InputSpec[], Binder>();
/** The answer for a good row, shared: most rows are good and callers only read it. */
const NO_ERRORS: RecordError[] = Object.freeze([]) as unknown as RecordError[];

/** The last ruleset's binder, checked before the map: a batch binds rows of one ruleset. */
let lastInputs: InputSpec[] | null = null;
let lastBinder: Binder | null = null;

function binderFor(inputs: InputSpec[]): Binder {
  if (inputs === lastInputs) return lastBinder!;
  let b = binders.get(inputs);
  if (!b) {
    b = makeBinder(inputs);
    binders.set(inputs, b);
  }
  lastInputs = inputs;
  lastBinder = b;
  return b;
}

function fastKind(spec: InputSpec): Fast {
  const t = spec.type;
  if (spec.path) return Fast.None;
  if (t.k === "bool") return Fast.Bool;
  if (t.k !== "num" || spec.low !== null || spec.high !== null) return Fast.None;
  if (t.unit === "int" || t.unit === "days") return spec.signed ? Fast.None : Fast.Count;
  if (t.unit === "ratio") return spec.signed ? Fast.None : Fast.Ratio;
  return spec.signed ? Fast.SignedAmount : Fast.Amount;
}

/** A parsed amount that is not negative (a Ratio's sign is its numerator's). */
function notNegative(v: N.Num): boolean {
  return typeof v === "number" ? v >= 0 : v instanceof N.Ratio ? v.n >= 0 : N.sign(v) >= 0;
}

/** A parsed ratio between 0 and 1 inclusive. */
function unitInterval(v: N.Num): boolean {
  if (typeof v === "number") return v === 0 || v === 1;
  if (v instanceof N.Ratio) return v.n >= 0 && v.n <= v.d;
  return N.cmp(v, 0) >= 0 && N.cmp(v, 1) <= 0;
}

/**
 * One generated function per ruleset: per field, a property load at its own site (facts
 * parsed from the same file share one shape, so each load is a cached one; a loop over names
 * makes one site see every name) and the common case of its kind checked inline; anything
 * else, errors included, goes to the careful path. Names enter the code only as JSON string
 * literals. Where code generation is not allowed (a strict Content-Security-Policy), every
 * field takes the careful path: the short paths are only short cuts of it.
 */
function makeBinder(inputs: InputSpec[]): Binder {
  // An input read from a fact path starts at the fact named by the path's first step.
  const names = inputs.map((s) => (s.path ? String(s.path[0]) : s.name));
  const fast = inputs.map(fastKind);
  const careful = (i: number, raw: unknown, vals: unknown[], state: SlowState | null, customer: string | null, textual: boolean): SlowState => {
    const st = state ?? { customer, textual, errors: NO_ERRORS, json: null };
    bindCarefully(inputs[i], raw, vals, st);
    return st;
  };
  if (!canGenerate()) {
    return (facts, vals, customer, textual) => {
      let st: SlowState | null = null;
      for (let i = 0; i < inputs.length; i++) st = careful(i, facts[names[i]], vals, st, customer, textual);
      return st === null ? NO_ERRORS : st.errors;
    };
  }
  const defaults = inputs.map((spec) => spec.default);
  const lines = inputs.map((spec, i) => {
    // An absent field with a default takes it (the careful path does the same, more slowly).
    const absent = spec.hasDefault && !spec.path ? `if (x === undefined) vals[${spec.slot}] = D[${i}]; else ` : "";
    const load = `x = facts[${JSON.stringify(names[i])}];\n${absent}`;
    const slow = `st = C(${i}, x, vals, st, customer, textual);`;
    const slot = spec.slot;
    switch (fast[i]) {
      case Fast.Count:
        return `${load}if (typeof x === "number" && x >= 0 && Number.isSafeInteger(x)) vals[${slot}] = x === 0 ? 0 : x; else ${slow}`;
      case Fast.Amount:
        return `${load}if (typeof x === "string" && (n = P(x)) !== null && NN(n)) vals[${slot}] = n; else ${slow}`;
      case Fast.SignedAmount:
        return `${load}if (typeof x === "string" && (n = P(x)) !== null) vals[${slot}] = n; else ${slow}`;
      case Fast.Bool:
        return `${load}if (typeof x === "boolean") vals[${slot}] = x; else ${slow}`;
      case Fast.Ratio:
        return `${load}if (typeof x === "string" && (n = P(x)) !== null && UI(n)) vals[${slot}] = n; else ${slow}`;
      default:
        return `${load}${slow}`;
    }
  });
  const body = `let x, n, st = null;\n${lines.join("\n")}\nreturn st === null ? E : st.errors;`;
  const factory = new Function("C", "P", "NN", "UI", "D", "E", `"use strict";\nreturn function (facts, vals, customer, textual) {\n${body}\n};`);
  return factory(careful, N.parseDecimal, notNegative, unitInterval, defaults, NO_ERRORS) as Binder;
}

/** Writes validated inputs into `vals`; returns the problems (a shared empty list when the row is good). */
export function bindInputs(inputs: InputSpec[], facts: unknown, vals: unknown[], customer: string | null, options: FactsOptions = {}): RecordError[] {
  if (!facts || typeof facts !== "object" || Array.isArray(facts)) {
    return [{ code: "NOT_AN_OBJECT", message: `${whoIs(customer)}: expected an object of facts` }];
  }
  return binderFor(inputs)(facts as Record<string, unknown>, vals, customer, options.textual === true);
}

/** The careful path for one field: every kind, every problem worded for the user. */
function bindCarefully(spec: InputSpec, raw: unknown, vals: unknown[], st: SlowState): void {
  const customer = st.customer;
  const fail = (e: RecordError) => {
    if (st.errors === NO_ERRORS) st.errors = [];
    st.errors.push(e);
  };
  if (st.textual && raw === "") raw = undefined;
  if (raw !== undefined && spec.path) {
    raw = atPath(raw, spec.path);
    if (raw === undefined && spec.type.k === "json") {
      // json-rules-engine: a path that leads nowhere gives undefined, not an error.
      vals[spec.slot] = undefined;
      return;
    }
  }
  if (spec.type.k === "json" && raw !== undefined) {
    st.json ??= new WeakMap();
    vals[spec.slot] = fromJson(raw, st.json);
    return;
  }
  if (raw === undefined) {
    if (spec.path) {
      fail({ code: "MISSING_FIELD", field: spec.pathText ?? spec.name, message: `${whoIs(customer)}: required field ${spec.pathText} (input ${spec.name}) is missing` });
      return;
    }
    if (spec.hasDefault) {
      vals[spec.slot] = spec.default;
      return;
    }
    fail({ code: "MISSING_FIELD", field: spec.name, message: `${whoIs(customer)}: required field ${spec.name} is missing` });
    return;
  }
  if (raw === null) {
    fail({ code: "NULL_VALUE", field: spec.name, message: `${whoIs(customer)}: field ${spec.name} is null; give a value${spec.hasDefault ? " or leave it out to use the default" : ""}` });
    return;
  }
  const t = spec.type;
  switch (t.k) {
    case "num": {
      const v = toNum(raw);
      if (v === null) {
        const huge = /^[+-]?[\d.]+[eE][+-]?\d+$/.test(numberText(raw));
        const want = huge ? `must be a number with an exponent between -${N.EXPONENT_LIMIT} and ${N.EXPONENT_LIMIT}` : "must be a number";
        fail({ code: "INVALID_NUMBER", field: spec.name, message: `${whoIs(customer)}: field ${spec.name} ${want}, got ${show(raw)}` });
        break;
      }
      const problem = numberProblem(spec, t.unit, v);
      if (problem) {
        fail({ code: problem.code, field: spec.name, message: `${whoIs(customer)}: field ${spec.name} ${problem.message}, got ${show(raw)}` });
        break;
      }
      vals[spec.slot] = v;
      break;
    }
    case "bool": {
      if (raw === true || raw === "true") vals[spec.slot] = true;
      else if (raw === false || raw === "false") vals[spec.slot] = false;
      else fail({ code: "INVALID_BOOL", field: spec.name, message: `${whoIs(customer)}: field ${spec.name} must be true or false, got ${show(raw)}` });
      break;
    }
    case "text": {
      if (typeof raw !== "string" && typeof raw !== "number") {
        fail({ code: "INVALID_TEXT", field: spec.name, message: `${whoIs(customer)}: field ${spec.name} must be text, got ${show(raw)}` });
        break;
      }
      const s = String(raw);
      if (t.values && !t.values.includes(s)) {
        fail({ code: "INVALID_VALUE", field: spec.name, message: `${whoIs(customer)}: field ${spec.name} must be one of ${t.values.map((v) => `"${v}"`).join(", ")}, got ${show(raw)}` });
        break;
      }
      vals[spec.slot] = s;
      break;
    }
    default:
      fail({ code: "UNSUPPORTED_TYPE", field: spec.name, message: `${whoIs(customer)}: field ${spec.name} has a type that cannot come from input` });
  }
}

/**
 * The value at a fact path, as json-rules-engine's path lookup gives it: a fact that is not an
 * object is returned as it is; a missing step gives undefined.
 */
function atPath(fact: unknown, path: Array<string | number>): unknown {
  if (fact === null || typeof fact !== "object") return fact;
  let v: unknown = fact;
  for (let i = 1; i < path.length; i++) {
    if (v === null || typeof v !== "object" || !Object.prototype.hasOwnProperty.call(v, path[i])) return undefined;
    v = (v as Record<string | number, unknown>)[path[i]];
  }
  return v;
}

/** A JSON value with exact numbers; the same object or list always gives the same value (for `===`). */
function fromJson(raw: unknown, seen: WeakMap<object, unknown>): unknown {
  if (raw === null || typeof raw === "string" || typeof raw === "boolean") return raw;
  const n = toNum(raw);
  if (n !== null && typeof raw !== "string") return n;
  if (typeof raw !== "object") return null;
  const known = seen.get(raw);
  if (known !== undefined) return known;
  let out: unknown;
  if (Array.isArray(raw)) {
    const list: unknown[] = [];
    seen.set(raw, list);
    for (const x of raw) list.push(fromJson(x, seen));
    out = list;
  } else {
    const obj: Record<string, unknown> = {};
    seen.set(raw, obj);
    for (const [k, x] of Object.entries(raw as Record<string, unknown>)) obj[k] = fromJson(x, seen);
    out = obj;
  }
  return out;
}

function whoIs(customer: string | null): string {
  return customer === null ? "customer (no id)" : `customer ${customer}`;
}

function toNum(raw: unknown): N.Num | null {
  if (typeof raw === "string") return N.parseDecimal(raw);
  if (typeof raw === "number") {
    if (Number.isSafeInteger(raw)) return raw === 0 ? 0 : raw;
    // A JSON number parsed by JSON.parse: its shortest round-trip text is what was written.
    return Number.isFinite(raw) ? N.parseDecimal(String(raw)) : null;
  }
  if (typeof raw === "bigint") return N.parseDecimal(raw.toString());
  if (raw && typeof raw === "object" && "isLosslessNumber" in raw) return N.parseDecimal(String((raw as unknown as { value: string }).value));
  return null;
}

/** Whether a number read for a numeric input is accepted as it is (the careful path would report no problem). */
export function numberAccepted(spec: InputSpec, v: N.Num): boolean {
  return spec.type.k === "num" && numberProblem(spec, spec.type.unit, v) === null;
}

function numberProblem(spec: InputSpec, unit: string, v: N.Num): { code: string; message: string } | null {
  if (spec.low !== null && spec.high !== null) {
    if (N.cmp(v, spec.low) < 0 || N.cmp(v, spec.high) > 0) return { code: "OUT_OF_RANGE", message: `must be between ${N.formatNum(spec.low)} and ${N.formatNum(spec.high)}` };
    if ((unit === "int" || unit === "days") && !N.isInteger(v)) return { code: "NOT_WHOLE", message: "must be a whole number" };
    return null;
  }
  if (!spec.signed && N.sign(v) < 0) return { code: "NEGATIVE_NOT_ALLOWED", message: "must not be negative" };
  if ((unit === "int" || unit === "days") && !N.isInteger(v)) return { code: "NOT_WHOLE", message: "must be a whole number" };
  if (unit === "ratio" && !spec.signed && (N.cmp(v, ZERO) < 0 || N.cmp(v, ONE) > 0)) {
    return { code: "OUT_OF_RANGE", message: 'must be a ratio between 0 and 1 ("0.95" is 95%)' };
  }
  return null;
}

/** The text of a value given as a number (a string, a JSON number, a LosslessNumber). */
function numberText(raw: unknown): string {
  if (typeof raw === "string") return raw;
  if (raw && typeof raw === "object" && "isLosslessNumber" in raw) return String((raw as unknown as { value: string }).value);
  return String(raw);
}

function show(raw: unknown): string {
  if (raw && typeof raw === "object" && "isLosslessNumber" in raw) raw = numberText(raw);
  const s = typeof raw === "string" ? JSON.stringify(raw) : typeof raw === "object" ? JSON.stringify(raw) : String(raw);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
