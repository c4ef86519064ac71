/**
 * Exact arithmetic: the one module that owns numbers.
 *
 * A value is the cheapest exact representation that holds it:
 * - a JS `number` that is a safe integer (most counts, days, points, whole amounts);
 * - a `Ratio` n/d of safe integers (amounts with cents, percentages, quotients);
 * - a decimal.js `Decimal` (40 significant digits) when the others would overflow.
 * Operations promote only when they must, so results are exact wherever the policy does not
 * round; a decimal string is never turned into a binary float.
 */
import { Decimal as DecimalJs } from "decimal.js";

export const Decimal = DecimalJs.clone({ precision: 40, rounding: DecimalJs.ROUND_HALF_EVEN, toExpNeg: -1000, toExpPos: 1000 });
export type Decimal = InstanceType<typeof Decimal>;

export class Ratio {
  constructor(
    readonly n: number,
    readonly d: number,
  ) {}
}

export type Num = number | Ratio | Decimal;

export class DivisionByZero extends Error {
  constructor() {
    super("division by zero");
  }
}

const MAX = Number.MAX_SAFE_INTEGER;

function safe(x: number): boolean {
  return x <= MAX && x >= -MAX;
}

function gcd(a: number, b: number): number {
  a = Math.abs(a);
  while (b !== 0) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/** n/d reduced; d > 0. Falls back to Decimal if the parts are not safe integers. */
function ratio(n: number, d: number): Num {
  if (d < 0) {
    n = -n;
    d = -d;
  }
  const g = gcd(n, d);
  if (g !== 1) {
    n /= g;
    d /= g;
  }
  return d === 1 ? n : new Ratio(n, d);
}

export function toDecimal(x: Num): Decimal {
  if (typeof x === "number") return new Decimal(x);
  if (x instanceof Ratio) return new Decimal(x.n).div(x.d);
  return x;
}

function fromDecimal(x: Decimal): Num {
  if (x.isInteger() && x.abs().lte(MAX)) return x.toNumber();
  return x;
}

export function add(a: Num, b: Num): Num {
  if (typeof a === "number" && typeof b === "number") {
    const r = a + b;
    if (safe(r)) return r;
  } else if (!(a instanceof Decimal) && !(b instanceof Decimal)) {
    const an = typeof a === "number" ? a : a.n;
    const ad = typeof a === "number" ? 1 : a.d;
    const bn = typeof b === "number" ? b : b.n;
    const bd = typeof b === "number" ? 1 : b.d;
    if (ad === bd) {
      const n = an + bn;
      if (safe(n)) return ratio(n, ad);
    } else {
      const x = an * bd;
      const y = bn * ad;
      const d = ad * bd;
      if (safe(x) && safe(y) && safe(d) && safe(x + y)) return ratio(x + y, d);
    }
  }
  return fromDecimal(toDecimal(a).plus(toDecimal(b)));
}

export function neg(a: Num): Num {
  if (typeof a === "number") return a === 0 ? 0 : -a;
  if (a instanceof Ratio) return new Ratio(-a.n, a.d);
  return a.neg();
}

export function sub(a: Num, b: Num): Num {
  return add(a, neg(b));
}

export function mul(a: Num, b: Num): Num {
  if (typeof a === "number" && typeof b === "number") {
    const r = a * b;
    if (safe(r)) return r === 0 ? 0 : r;
  } else if (!(a instanceof Decimal) && !(b instanceof Decimal)) {
    const n = (typeof a === "number" ? a : a.n) * (typeof b === "number" ? b : b.n);
    const d = (typeof a === "number" ? 1 : a.d) * (typeof b === "number" ? 1 : b.d);
    if (safe(n) && safe(d)) return n === 0 ? 0 : ratio(n, d);
  }
  return fromDecimal(toDecimal(a).times(toDecimal(b)));
}

/**
 * a raised to a whole power n (negative n: 1 / a^|n|), by repeated squaring; exact while the
 * parts fit, else 40 significant digits. Throws DivisionByZero for 0 to a negative power.
 */
export function power(a: Num, n: number): Num {
  if (!Number.isSafeInteger(n)) throw new RangeError(`the exponent ${n} is not a whole number`);
  let result: Num = 1;
  let base = a;
  for (let k = Math.abs(n); k > 0; k = Math.floor(k / 2)) {
    if (k % 2 === 1) result = mul(result, base);
    if (k > 1) base = mul(base, base);
  }
  return n < 0 ? div(1, result) : result;
}

export function isZero(a: Num): boolean {
  if (typeof a === "number") return a === 0;
  if (a instanceof Ratio) return false;
  return a.isZero();
}

/** Throws DivisionByZero: the evaluator turns it into an error record pointing at the source. */
export function div(a: Num, b: Num): Num {
  if (isZero(b)) throw new DivisionByZero();
  if (!(a instanceof Decimal) && !(b instanceof Decimal)) {
    const n = (typeof a === "number" ? a : a.n) * (typeof b === "number" ? 1 : b.d);
    const d = (typeof a === "number" ? 1 : a.d) * (typeof b === "number" ? b : b.n);
    if (safe(n) && safe(d)) return n === 0 ? 0 : ratio(n, d);
  }
  return fromDecimal(toDecimal(a).div(toDecimal(b)));
}

/** -1, 0 or 1. */
export function cmp(a: Num, b: Num): number {
  if (typeof a === "number" && typeof b === "number") return a < b ? -1 : a > b ? 1 : 0;
  if (!(a instanceof Decimal) && !(b instanceof Decimal)) {
    const x = (typeof a === "number" ? a : a.n) * (typeof b === "number" ? 1 : b.d);
    const y = (typeof b === "number" ? b : b.n) * (typeof a === "number" ? 1 : a.d);
    if (safe(x) && safe(y)) return x < y ? -1 : x > y ? 1 : 0;
  }
  return toDecimal(a).cmp(toDecimal(b));
}

export function sign(a: Num): number {
  if (typeof a === "number") return a < 0 ? -1 : a > 0 ? 1 : 0;
  if (a instanceof Ratio) return a.n < 0 ? -1 : 1;
  return a.isZero() ? 0 : a.isNegative() ? -1 : 1;
}

export function abs(a: Num): Num {
  return sign(a) < 0 ? neg(a) : a;
}

export function min(a: Num, b: Num): Num {
  return cmp(b, a) < 0 ? b : a;
}

export function max(a: Num, b: Num): Num {
  return cmp(b, a) > 0 ? b : a;
}

export type Rounding = "down" | "up" | "half_up" | "half_down" | "half_even" | "floor" | "ceiling";

const decimalModes: Record<Rounding, DecimalJs.Rounding> = {
  down: DecimalJs.ROUND_DOWN,
  up: DecimalJs.ROUND_UP,
  half_up: DecimalJs.ROUND_HALF_UP,
  half_down: DecimalJs.ROUND_HALF_DOWN,
  half_even: DecimalJs.ROUND_HALF_EVEN,
  floor: DecimalJs.ROUND_FLOOR,
  ceiling: DecimalJs.ROUND_CEIL,
};

/** Rounds `a` to a multiple of `step` (> 0). `down`/`up` are toward/away from zero; floor/ceiling toward −∞/+∞. */
export function roundToStep(a: Num, step: Num, mode: Rounding): Num {
  if (typeof a === "number" && typeof step === "number" && step > 0) {
    const r = a % step;
    if (r === 0) return a;
    const lower = a - r; // toward zero
    const away = a < 0 ? lower - step : lower + step;
    const twice = Math.abs(r) * 2;
    let result: number;
    switch (mode) {
      case "down":
        result = lower;
        break;
      case "up":
        result = away;
        break;
      case "floor":
        result = a < 0 ? away : lower;
        break;
      case "ceiling":
        result = a < 0 ? lower : away;
        break;
      case "half_up":
        result = twice >= step ? away : lower;
        break;
      case "half_down":
        result = twice > step ? away : lower;
        break;
      case "half_even":
        result = twice > step ? away : twice < step ? lower : (lower / step) % 2 === 0 ? lower : away;
        break;
    }
    if (safe(result)) return result === 0 ? 0 : result;
  }
  const s = toDecimal(step);
  const q = toDecimal(a).div(s).toDecimalPlaces(0, decimalModes[mode]);
  return fromDecimal(q.times(s));
}

// ── Text ↔ number ─────────────────────────────────────────────────────────────

const plainDecimal = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Parses a decimal string exactly. Returns null for anything that is not a finite decimal
 * ("NaN", "Infinity", "12,5O0", "", " 1").
 */
export function parseDecimal(text: string): Num | null {
  const len = text.length;
  if (len === 0) return null;
  // Fast path: [-]digits[.digits] with at most 15 significant digits fits a safe integer exactly.
  let i = 0;
  let negative = false;
  const c0 = text.charCodeAt(0);
  if (c0 === 45 /* - */) {
    negative = true;
    i = 1;
  } else if (c0 === 43 /* + */) {
    i = 1;
  }
  let n = 0;
  let digits = 0;
  let scale = 0;
  let seenDot = false;
  let ok = i < len;
  for (; i < len; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      n = n * 10 + (c - 48);
      if (n !== 0) digits++;
      if (seenDot) scale++;
    } else if (c === 46 /* . */ && !seenDot) {
      seenDot = true;
    } else {
      ok = false;
      break;
    }
  }
  if (ok && digits <= 15 && scale <= 15 && !(seenDot && (text.charCodeAt(len - 1) === 46 || text.charCodeAt(negative || c0 === 43 ? 1 : 0) === 46))) {
    if (negative) n = -n;
    if (scale === 0) return n === 0 ? 0 : n;
    return ratio(n, POW10[scale]);
  }
  if (!plainDecimal.test(text)) return null;
  const d = new Decimal(text);
  return d.isFinite() ? fromDecimal(d) : null;
}

const POW10: number[] = Array.from({ length: 16 }, (_, k) => 10 ** k);

/** A policy literal: `3,000,000`, `3_000_000`, `12.5`, `40%`, `300万`, `1.5亿`. */
export function parseLiteral(text: string): Num {
  let body = text.replace(/[,_]/g, "");
  let factor: Num = 1;
  if (body.endsWith("%")) {
    body = body.slice(0, -1);
    factor = new Ratio(1, 100);
  } else if (body.endsWith("万")) {
    body = body.slice(0, -1);
    factor = 10_000;
  } else if (body.endsWith("亿")) {
    body = body.slice(0, -1);
    factor = 100_000_000;
  }
  const value = parseDecimal(body);
  if (value === null) throw new Error(`not a number literal: ${text}`);
  return factor === 1 ? value : mul(value, factor);
}

export function isInteger(a: Num): boolean {
  if (typeof a === "number") return true;
  if (a instanceof Ratio) return false;
  return a.isInteger();
}

/** Plain decimal notation, no exponent; non-terminating quotients to 34 significant digits. */
export function formatNum(a: Num): string {
  if (typeof a === "number") return String(a);
  if (a instanceof Ratio) {
    // Terminating when d has only the prime factors 2 and 5: scale to a power of ten.
    let d = a.d;
    let twos = 0;
    let fives = 0;
    while (d % 2 === 0) {
      d /= 2;
      twos++;
    }
    while (d % 5 === 0) {
      d /= 5;
      fives++;
    }
    if (d === 1) {
      const k = Math.max(twos, fives);
      const m = a.n * (2 ** (k - twos) * 5 ** (k - fives));
      if (safe(m)) return insertPoint(m, k);
    }
    return formatDecimal(toDecimal(a).toSignificantDigits(34));
  }
  return formatDecimal(a.isInteger() ? a : a.toSignificantDigits(34));
}

function insertPoint(m: number, k: number): string {
  const negative = m < 0;
  let digits = String(Math.abs(m));
  if (digits.length <= k) digits = "0".repeat(k - digits.length + 1) + digits;
  let s = `${digits.slice(0, digits.length - k)}.${digits.slice(digits.length - k)}`;
  s = s.replace(/0+$/, "").replace(/\.$/, "");
  return negative ? `-${s}` : s;
}

function formatDecimal(d: Decimal): string {
  const s = d.toFixed();
  return s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s === "-0" ? "0" : s;
}

/** For whole-number outputs such as termDays. Only called on values known to be integers. */
export function toSafeInteger(a: Num): number | null {
  if (typeof a === "number") return a;
  if (a instanceof Ratio) return null;
  return a.isInteger() && a.abs().lte(MAX) ? a.toNumber() : null;
}
