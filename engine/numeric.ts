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

/**
 * Not a number and not a Ratio: a Decimal. Tested this way because `instanceof Decimal` runs
 * decimal.js's Symbol.hasInstance function, which costs more than the arithmetic it guards.
 */
const cheap = (x: Num): x is number | Ratio => typeof x === "number" || x instanceof Ratio;

/** Whether a value of any kind is a number of the engine (for outputs and equality). */
export const isNum = (x: unknown): x is Num => typeof x === "number" || x instanceof Ratio || Decimal.isDecimal(x);

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
  b = Math.abs(b);
  while (b !== 0) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/**
 * n/d with d > 0: a `number` when d divides n, else a Ratio. Not reduced by the gcd on the
 * way (that costs a loop of float remainders per operation); operations reduce only when a
 * product would overflow. A Ratio is therefore never a whole number, and never zero.
 */
export function ratio(n: number, d: number): Num {
  if (d < 0) {
    n = -n;
    d = -d;
  }
  // Exact test without a remainder: a quotient that is whole and multiplies back is exact.
  const q = n / d;
  if (Number.isInteger(q) && q * d === n) return q === 0 ? 0 : q;
  return new Ratio(n, d);
}

/** The same value with numerator and denominator divided by their gcd. */
function reduced(a: Ratio): Ratio {
  const g = gcd(a.n, a.d);
  return g === 1 ? a : new Ratio(a.n / g, a.d / g);
}

/** The same value in lowest terms (for compile-time work such as common denominators). */
export function lowestTerms(a: Num): Num {
  return a instanceof Ratio ? reduced(a) : a;
}

/** Least common multiple of two positive safe integers, or null past 2^53. */
export function lcm(a: number, b: number): number | null {
  const m = (a / gcd(a, b)) * b;
  return safe(m) ? m : null;
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
  if (typeof a === "number") {
    if (typeof b === "number") {
      const r = a + b;
      if (safe(r)) return r === 0 ? 0 : r;
    } else if (b instanceof Ratio) {
      const x = a * b.d;
      const n = x + b.n;
      if (safe(x) && safe(n)) return ratio(n, b.d);
    }
  } else if (a instanceof Ratio) {
    if (typeof b === "number") return add(b, a);
    if (b instanceof Ratio) {
      if (a.d === b.d) {
        const n = a.n + b.n;
        if (safe(n)) return ratio(n, a.d);
      } else {
        const x = a.n * b.d;
        const y = b.n * a.d;
        const d = a.d * b.d;
        if (safe(x) && safe(y) && safe(d) && safe(x + y)) return ratio(x + y, d);
        const ra = reduced(a);
        const rb = reduced(b);
        if (ra !== a || rb !== b) return add(ra, rb);
      }
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
  } else if (cheap(a) && cheap(b)) {
    const n = (typeof a === "number" ? a : a.n) * (typeof b === "number" ? b : b.n);
    const d = (typeof a === "number" ? 1 : a.d) * (typeof b === "number" ? 1 : b.d);
    if (safe(n) && safe(d)) return n === 0 ? 0 : ratio(n, d);
    const ra = a instanceof Ratio ? reduced(a) : a;
    const rb = b instanceof Ratio ? reduced(b) : b;
    if (ra !== a || rb !== b) return mul(ra, rb);
    // Cancel across: (an/ad)(bn/bd) = (an/g1)(bn/g2) / ((bd/g1)(ad/g2)).
    const an = typeof a === "number" ? a : a.n;
    const ad = typeof a === "number" ? 1 : a.d;
    const bn = typeof b === "number" ? b : b.n;
    const bd = typeof b === "number" ? 1 : b.d;
    const g1 = gcd(an, bd);
    const g2 = gcd(bn, ad);
    if (g1 !== 1 || g2 !== 1) {
      const n2 = (an / g1) * (bn / g2);
      const d2 = (bd / g1) * (ad / g2);
      if (safe(n2) && safe(d2)) return ratio(n2, d2);
    }
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
  if (cheap(a) && cheap(b)) {
    if (typeof b === "number") return mul(a, new Ratio(1, b));
    if (a instanceof Ratio && a.d === b.d) return ratio(a.n, b.n); // same scale (cents / cents)
    return mul(a, new Ratio(b.d, b.n));
  }
  return fromDecimal(toDecimal(a).div(toDecimal(b)));
}

/** -1, 0 or 1. */
export function cmp(a: Num, b: Num): number {
  if (typeof a === "number" && typeof b === "number") return a < b ? -1 : a > b ? 1 : 0;
  if (cheap(a) && cheap(b)) {
    const x = (typeof a === "number" ? a : a.n) * (typeof b === "number" ? 1 : b.d);
    const y = (typeof b === "number" ? b : b.n) * (typeof a === "number" ? 1 : a.d);
    if (safe(x) && safe(y)) return x < y ? -1 : x > y ? 1 : 0;
    const ra = a instanceof Ratio ? reduced(a) : a;
    const rb = b instanceof Ratio ? reduced(b) : b;
    if (ra !== a || rb !== b) return cmp(ra, rb);
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

/**
 * n/m (m > 0) rounded to a whole number, or null when an intermediate would not be exact.
 * `down`/`up` are toward/away from zero; floor/ceiling toward −∞/+∞.
 */
function roundQuotient(n: number, m: number, mode: Rounding): number | null {
  let q = Math.trunc(n / m);
  let r = n - q * m;
  if (!safe(q * m)) return null;
  // The float quotient can be one off near a whole number: fix it so r has n's sign and |r| < m.
  if (n >= 0) {
    if (r < 0) {
      q--;
      r += m;
    } else if (r >= m) {
      q++;
      r -= m;
    }
  } else if (r > 0) {
    q++;
    r -= m;
  } else if (r <= -m) {
    q--;
    r += m;
  }
  if (r === 0) return q;
  const lower = q; // toward zero
  const away = n < 0 ? q - 1 : q + 1;
  const twice = Math.abs(r) * 2;
  switch (mode) {
    case "down":
      return lower;
    case "up":
      return away;
    case "floor":
      return n < 0 ? away : lower;
    case "ceiling":
      return n < 0 ? lower : away;
    case "half_up":
      return twice >= m ? away : lower;
    case "half_down":
      return twice > m ? away : lower;
    case "half_even":
      return twice > m ? away : twice < m ? lower : lower % 2 === 0 ? lower : away;
  }
}

/** Rounds `a` to a multiple of `step` (> 0). `down`/`up` are toward/away from zero; floor/ceiling toward −∞/+∞. */
export function roundToStep(a: Num, step: Num, mode: Rounding): Num {
  if (cheap(a) && cheap(step)) {
    // a / step = (an·sd) / (ad·sn), all safe integers.
    const n = (typeof a === "number" ? a : a.n) * (typeof step === "number" ? 1 : step.d);
    const m = (typeof a === "number" ? 1 : a.d) * (typeof step === "number" ? step : step.n);
    if (safe(n) && safe(m) && m > 0) {
      const k = roundQuotient(n, m, mode);
      if (k !== null) {
        if (typeof step === "number") {
          const result = k * step;
          if (safe(result)) return result === 0 ? 0 : result;
        } else {
          return mul(k, step);
        }
      }
    }
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
  // Fast path: [-+]digits[.digits] whose digits, read as one integer, stay a safe integer.
  let i = 0;
  let c = text.charCodeAt(0);
  const negative = c === 45; /* - */
  if (negative || c === 43 /* + */) i = 1;
  const first = i;
  let n = 0;
  for (; i < len; i++) {
    c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    n = n * 10 + c;
  }
  if (i === len) {
    if (i > first && n <= MAX) return negative ? (n === 0 ? 0 : -n) : n;
  } else if (c === -2 /* . */ && i > first && len - i - 1 > 0 && len - i - 1 < 16) {
    const k = len - i - 1;
    // Whether a fraction digit is not 0: then the value is not whole, and is a Ratio as it stands.
    let fraction = 0;
    for (i++; i < len; i++) {
      c = text.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      n = n * 10 + c;
      fraction |= c;
    }
    if (i === len && n <= MAX) {
      if (negative) n = -n;
      if (fraction === 0) {
        const whole = n / POW10[k];
        return whole === 0 ? 0 : whole;
      }
      return new Ratio(n, POW10[k]);
    }
  }
  return parseCarefully(text);
}

/** Any other text: plain or exponent notation, through decimal.js. */
function parseCarefully(text: string): Num | null {
  if (!plainDecimal.test(text)) return null;
  const d = new Decimal(text);
  // 1e999999999 is a finite decimal, but printing it would take a gigabyte: out of range.
  return d.isFinite() && Math.abs(d.e) <= EXPONENT_LIMIT ? fromDecimal(d) : null;
}

/** Decimal exponents beyond ±1000 are refused as input (no credit figure comes near). */
export const EXPONENT_LIMIT = 1000;

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

/** "0" … "9999": counts and days print from a table (number-to-text misses V8's cache for most values). */
const SMALL: string[] = Array.from({ length: 10_000 }, (_, i) => String(i));

/** Significant digits kept when a value has more (non-terminating quotients, 40-digit decimals). */
const SIGNIFICANT = 34;

/**
 * Plain decimal notation, no exponent: the exact value when it has at most 34 significant
 * digits, else that value rounded half-even to 34 significant digits.
 */
export function formatNum(a: Num): string {
  if (typeof a === "number") return a >= 0 && a < SMALL.length && Number.isInteger(a) ? SMALL[a] : String(a);
  if (a instanceof Ratio) return formatRatio(a.n, a.d);
  return formatDecimal(a.isInteger() ? a : a.toSignificantDigits(SIGNIFICANT));
}

/** Fraction digits are gathered in limbs of 9 (small integers: cheap to divide and print). */
const LIMB = 9;
const LIMB_BASE = 1e9;

/**
 * The digits of the last ratioDigits() call: sign, whole part, then the fraction as `zeros`
 * zeros, `nl` full limbs of nine digits (`limbs`) and the `w` digits of `cur`, trailing zeros
 * removed. Shared by the text and the byte writers (engine/num-bytes.ts) of a quotient.
 */
export const RATIO = { negative: false, whole: 0, zeros: 0, nl: 0, cur: 0, w: 0 };
export const limbs: number[] = [];

function formatRatio(n: number, d: number): string {
  if (!ratioDigits(n, d)) return formatRatioBig(n < 0, Math.abs(n), d);
  const o = RATIO;
  let frac = o.zeros > 0 && (o.nl > 0 || o.w > 0) ? "0".repeat(o.zeros) : "";
  for (let i = 0; i < o.nl; i++) frac += nineDigits(limbs[i]);
  if (o.w > 0) frac += nineDigits(o.cur).slice(LIMB - o.w);
  const text = frac.length > 0 ? `${o.whole}.${frac}` : String(o.whole);
  return o.negative ? `-${text}` : text;
}

/**
 * n/d (d > 0) by long division into RATIO: chunks of as many digits as keep every step a safe
 * integer, exact, no decimal objects. Makes 34 significant digits and one more to round by
 * (half-even, the rest of the remainder as the sticky part). False, with RATIO untouched,
 * when d is too large for float steps (formatRatioBig's BigInt division prints those).
 */
export function ratioDigits(n: number, d: number): boolean {
  // k digits per step: r < d, so r·10^k < d·10^k must stay safe.
  let k = LIMB;
  while (k > 0 && d * POW10[k] > MAX) k--;
  if (k === 0) return false;
  const negative = n < 0;
  if (negative) n = -n;
  let whole = Math.floor(n / d);
  let r = n - whole * d;
  if (r < 0) {
    whole--;
    r += d;
  } else if (r >= d) {
    whole++;
    r -= d;
  }
  let zeros = 0;
  let need: number;
  if (whole === 0) {
    while (r !== 0 && r * 10 < d) {
      r *= 10;
      zeros++;
    }
    need = SIGNIFICANT + 1;
  } else {
    need = SIGNIFICANT + 1 - digitsOf(whole);
  }
  let nl = 0; // full limbs
  let cur = 0; // the limb being filled, w digits so far
  let w = 0;
  let got = 0;
  while (got < need && r !== 0) {
    const step = k < need - got ? k : need - got;
    const p = POW10[step];
    const x = r * p;
    let q = Math.floor(x / d);
    r = x - q * d;
    if (r < 0) {
      q--;
      r += d;
    } else if (r >= d) {
      q++;
      r -= d;
    }
    const room = LIMB - w;
    if (step < room) {
      cur = cur * p + q;
      w += step;
    } else {
      const low = step - room;
      const split = POW10[low];
      const hi = Math.floor(q / split);
      limbs[nl++] = cur * POW10[room] + hi;
      cur = q - hi * split;
      w = low;
    }
    got += step;
  }
  if (got === need) {
    // The last digit made decides the rounding; the remainder tells whether more follows.
    let rd: number;
    if (w > 0) {
      rd = mod10(cur);
      cur = (cur - rd) / 10;
      w--;
    } else {
      const last = limbs[--nl];
      rd = mod10(last);
      cur = (last - rd) / 10;
      w = LIMB - 1;
    }
    const lastKept = mod10(w > 0 ? cur : limbs[nl - 1]);
    if (rd > 5 || (rd === 5 && (r !== 0 || lastKept % 2 === 1))) {
      let carry = true;
      if (w > 0) {
        cur++;
        if (cur === POW10[w]) cur = 0;
        else carry = false;
      }
      for (let i = nl - 1; carry && i >= 0; i--) {
        limbs[i]++;
        if (limbs[i] === LIMB_BASE) limbs[i] = 0;
        else carry = false;
      }
      if (carry) {
        if (whole === 0 && zeros > 0) {
          // 0.0999… → 0.1: every fraction digit became 0; one zero fewer, then a 1.
          zeros--;
          nl = 0;
          cur = 1;
          w = 1;
        } else whole++; // 1.999… → 2
      }
    }
  }
  // Trailing zeros go; so do limbs that end up empty.
  while (true) {
    if (w === 0) {
      if (nl === 0) break;
      cur = limbs[--nl];
      w = LIMB;
    }
    if (cur === 0) {
      w = 0;
      continue;
    }
    while (mod10(cur) === 0) {
      cur /= 10;
      w--;
    }
    break;
  }
  const o = RATIO;
  o.negative = negative;
  o.whole = whole;
  o.zeros = zeros;
  o.nl = nl;
  o.cur = cur;
  o.w = w;
  return true;
}

/** "000" … "999": number-to-text of many distinct values misses V8's cache and is slow. */
const THREE: string[] = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, "0"));

/** A limb (0 ≤ x < 10^9) as exactly nine digits. */
function nineDigits(x: number): string {
  const hi = (x / 1e6) | 0;
  const mid = ((x / 1e3) | 0) - hi * 1000;
  return THREE[hi] + THREE[mid] + THREE[x - ((x / 1e3) | 0) * 1000];
}

/** x mod 10 for a non-negative whole x: `%` on a non-small-integer number is a slow library call. */
function mod10(x: number): number {
  return x - Math.floor(x / 10) * 10;
}

function digitsOf(x: number): number {
  let c = 1;
  while (c < 16 && x >= POW10[c]) c++;
  return c;
}

/** The same for denominators too large for float steps: BigInt long division, still exact. */
function formatRatioBig(negative: boolean, n: number, d: number): string {
  const bn = BigInt(n);
  const bd = BigInt(d);
  const whole = bn / bd;
  let r = bn % bd;
  const wholeText = whole === 0n ? "" : whole.toString();
  let frac = "";
  let significant = wholeText.length;
  while (r !== 0n && significant <= SIGNIFICANT) {
    r *= 10n;
    const q = r / bd;
    r %= bd;
    frac += String(q);
    if (significant > 0 || q !== 0n) significant++;
  }
  return finishDigits(negative, wholeText, frac, r !== 0n);
}

function leadingZeros(s: string): number {
  let i = 0;
  while (i < s.length && s.charCodeAt(i) === 48) i++;
  return i;
}

/**
 * Whole digits (no leading zeros, "" for 0) and fraction digits → text rounded half-even to
 * 34 significant digits; `sticky` says a non-zero rest follows the digits given.
 */
function finishDigits(negative: boolean, wholeText: string, frac: string, sticky: boolean): string {
  let digits = wholeText + frac;
  const point = wholeText.length;
  const first = wholeText.length > 0 ? 0 : point + leadingZeros(frac);
  const keep = first + SIGNIFICANT;
  if (digits.length > keep) {
    const next = digits.charCodeAt(keep) - 48;
    for (let i = keep + 1; !sticky && i < digits.length; i++) if (digits.charCodeAt(i) !== 48) sticky = true;
    const odd = (digits.charCodeAt(keep - 1) - 48) % 2 === 1;
    digits = digits.slice(0, keep);
    if (next > 5 || (next === 5 && (sticky || odd))) digits = incrementDigits(digits);
  }
  // A carry out of the top digit makes the number one digit longer.
  const wholeLen = point + (digits.length > Math.max(keep, point) ? 1 : 0);
  let whole = digits.slice(0, wholeLen);
  let fraction = digits.slice(wholeLen);
  let end = fraction.length;
  while (end > 0 && fraction.charCodeAt(end - 1) === 48) end--;
  fraction = fraction.slice(0, end);
  if (whole === "") whole = "0";
  const text = fraction.length > 0 ? `${whole}.${fraction}` : whole;
  return negative && text !== "0" ? `-${text}` : text;
}

/** "1299" → "1300", "999" → "1000". */
function incrementDigits(digits: string): string {
  let i = digits.length - 1;
  while (i >= 0 && digits.charCodeAt(i) === 57) i--;
  if (i < 0) return `1${"0".repeat(digits.length)}`;
  return digits.slice(0, i) + String.fromCharCode(digits.charCodeAt(i) + 1) + "0".repeat(digits.length - i - 1);
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
