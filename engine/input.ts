/**
 * Customer facts → input slots. Every declared input is validated; every problem in the row
 * is reported (never a silent default, never a crash). Decimal strings stay exact.
 */
import type { RecordError } from "./record.js";
import type { InputSpec } from "./compile/plan.js";
import * as N from "./numeric.js";

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

type FieldReader = (facts: Record<string, unknown>, out: unknown[]) => void;

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
}

interface Binder {
  read: FieldReader;
  fast: Fast[];
}

const binders = new WeakMap<InputSpec[], Binder>();
const raws: unknown[] = [];
/** The answer for a good row, shared: most rows are good and callers only read it. */
const NO_ERRORS: RecordError[] = Object.freeze([]) as unknown as RecordError[];

function binderFor(inputs: InputSpec[]): Binder {
  let b = binders.get(inputs);
  if (!b) {
    b = { read: makeReader(inputs), fast: inputs.map(fastKind) };
    binders.set(inputs, b);
  }
  return b;
}

function fastKind(spec: InputSpec): Fast {
  const t = spec.type;
  if (spec.path) return Fast.None;
  if (t.k === "bool") return Fast.Bool;
  if (t.k !== "num" || spec.low !== null || spec.high !== null) return Fast.None;
  if (t.unit === "int" || t.unit === "days") return spec.signed ? Fast.None : Fast.Count;
  if (t.unit === "ratio") return Fast.None;
  return spec.signed ? Fast.SignedAmount : Fast.Amount;
}

/**
 * Reads every declared field into `out` in declaration order. Built as one function with a
 * property load per field: facts parsed from the same file share one shape, so each load is
 * a cached one; a loop over names would make one lookup site see every name (slow). Names
 * enter the code only as JSON string literals.
 */
function makeReader(inputs: InputSpec[]): FieldReader {
  // An input read from a fact path starts at the fact named by the path's first step.
  const names = inputs.map((s) => (s.path ? String(s.path[0]) : s.name));
  try {
    return new Function("f", "o", names.map((n, i) => `o[${i}] = f[${JSON.stringify(n)}];`).join("\n")) as FieldReader;
  } catch {
    // Where code generation is not allowed (a strict Content-Security-Policy): the plain loop.
    return (f, o) => {
      for (let i = 0; i < names.length; i++) o[i] = f[names[i]];
    };
  }
}

/** Writes validated inputs into `vals`; returns the problems (a shared empty list when the row is good). */
export function bindInputs(inputs: InputSpec[], facts: unknown, vals: unknown[], customer: string | null, options: FactsOptions = {}): RecordError[] {
  if (!facts || typeof facts !== "object" || Array.isArray(facts)) {
    return [{ code: "NOT_AN_OBJECT", message: `${whoIs(customer)}: expected an object of facts` }];
  }
  const binder = binderFor(inputs);
  binder.read(facts as Record<string, unknown>, raws);
  const fast = binder.fast;
  let errors = NO_ERRORS;
  const fail = (e: RecordError) => {
    if (errors === NO_ERRORS) errors = [];
    errors.push(e);
  };
  const textual = options.textual === true;
  let jsonValues: WeakMap<object, unknown> | null = null;
  for (let i = 0; i < inputs.length; i++) {
    const spec = inputs[i];
    let raw = raws[i];
    raws[i] = undefined;
    switch (fast[i]) {
      case Fast.Count:
        if (typeof raw === "number" && Number.isSafeInteger(raw) && raw >= 0) {
          vals[spec.slot] = raw === 0 ? 0 : raw;
          continue;
        }
        break;
      case Fast.Amount:
        if (typeof raw === "string" && raw !== "") {
          const v = N.parseDecimal(raw);
          if (v !== null && N.sign(v) >= 0) {
            vals[spec.slot] = v;
            continue;
          }
        }
        break;
      case Fast.SignedAmount:
        if (typeof raw === "string" && raw !== "") {
          const v = N.parseDecimal(raw);
          if (v !== null) {
            vals[spec.slot] = v;
            continue;
          }
        }
        break;
      case Fast.Bool:
        if (typeof raw === "boolean") {
          vals[spec.slot] = raw;
          continue;
        }
        break;
      default:
        break;
    }
    // Everything else, errors included, takes the careful path.
    if (textual && raw === "") raw = undefined;
    if (raw !== undefined && spec.path) {
      raw = atPath(raw, spec.path);
      if (raw === undefined && spec.type.k === "json") {
        // json-rules-engine: a path that leads nowhere gives undefined, not an error.
        vals[spec.slot] = undefined;
        continue;
      }
    }
    if (spec.type.k === "json" && raw !== undefined) {
      jsonValues ??= new WeakMap();
      vals[spec.slot] = fromJson(raw, jsonValues);
      continue;
    }
    if (raw === undefined) {
      if (spec.path) {
        fail({ code: "MISSING_FIELD", field: spec.pathText ?? spec.name, message: `${whoIs(customer)}: required field ${spec.pathText} (input ${spec.name}) is missing` });
        continue;
      }
      if (spec.hasDefault) {
        vals[spec.slot] = spec.default;
        continue;
      }
      fail({ code: "MISSING_FIELD", field: spec.name, message: `${whoIs(customer)}: required field ${spec.name} is missing` });
      continue;
    }
    if (raw === null) {
      fail({ code: "NULL_VALUE", field: spec.name, message: `${whoIs(customer)}: field ${spec.name} is null; give a value${spec.hasDefault ? " or leave it out to use the default" : ""}` });
      continue;
    }
    const t = spec.type;
    switch (t.k) {
      case "num": {
        const v = toNum(raw);
        if (v === null) {
          fail({ code: "INVALID_NUMBER", field: spec.name, message: `${whoIs(customer)}: field ${spec.name} must be a number, got ${show(raw)}` });
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
  return errors;
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

function show(raw: unknown): string {
  const s = typeof raw === "string" ? JSON.stringify(raw) : typeof raw === "object" ? JSON.stringify(raw) : String(raw);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
