/**
 * The arithmetic generated code calls: each the common case of one numeric.ts operation
 * (whole numbers, ratios of safe integers), small enough for the optimiser to inline at every
 * call site, and the full operation otherwise. Same results as numeric.ts, value for value.
 */
import * as N from "../numeric.js";
import type { RuntimeFault } from "./frame.js";

const MAX = Number.MAX_SAFE_INTEGER;

/** -1, 0 or 1 for a against the whole number k. */
export function compareWhole(a: N.Num, k: number): number {
  if (typeof a === "number") return a < k ? -1 : a > k ? 1 : 0;
  if (a instanceof N.Ratio) {
    const y = k * a.d;
    if (y <= MAX && y >= -MAX) return a.n < y ? -1 : a.n > y ? 1 : 0;
  }
  return N.cmp(a, k);
}

/** -1, 0 or 1 for a against the constant ratio k = p/q (q > 0). */
export function compareRatio(a: N.Num, k: N.Ratio): number {
  const p = k.n;
  const q = k.d;
  let x: number;
  let y: number;
  if (typeof a === "number") {
    x = a * q;
    y = p;
  } else if (a instanceof N.Ratio) {
    x = a.n * q;
    y = p * a.d;
  } else {
    return N.cmp(a, k);
  }
  if (x <= MAX && x >= -MAX && y <= MAX && y >= -MAX) return x < y ? -1 : x > y ? 1 : 0;
  return N.cmp(a, k);
}

/** -1, 0 or 1 for two values. */
export function compare(a: N.Num, b: N.Num): number {
  if (typeof a === "number" && typeof b === "number") return a < b ? -1 : a > b ? 1 : 0;
  if (a instanceof N.Ratio && b instanceof N.Ratio && a.d === b.d) return a.n < b.n ? -1 : a.n > b.n ? 1 : 0;
  return N.cmp(a, b);
}

export function plus(a: N.Num, b: N.Num): N.Num {
  if (typeof a === "number" && typeof b === "number") {
    const r = a + b;
    if (r <= MAX && r >= -MAX) return r === 0 ? 0 : r;
  } else if (a instanceof N.Ratio && b instanceof N.Ratio && a.d === b.d) {
    const n = a.n + b.n;
    if (n <= MAX && n >= -MAX) return N.ratio(n, a.d);
  }
  return N.add(a, b);
}

export function minus(a: N.Num, b: N.Num): N.Num {
  if (typeof a === "number" && typeof b === "number") {
    const r = a - b;
    if (r <= MAX && r >= -MAX) return r === 0 ? 0 : r;
  } else if (a instanceof N.Ratio && b instanceof N.Ratio && a.d === b.d) {
    const n = a.n - b.n;
    if (n <= MAX && n >= -MAX) return N.ratio(n, a.d);
  }
  return N.sub(a, b);
}

/**
 * a / b; throws the fault when b is 0. Two amounts of the same scale (cents by cents) divide
 * as their numerators; a Ratio is never zero.
 */
export function divide(a: N.Num, b: N.Num, fault: () => RuntimeFault): N.Num {
  if (a instanceof N.Ratio && b instanceof N.Ratio && a.d === b.d) return N.ratio(a.n, b.n);
  if (typeof b === "number" && b === 0) throw fault();
  if (N.isZero(b)) throw fault();
  return N.div(a, b);
}

export function times(a: N.Num, b: N.Num): N.Num {
  if (typeof a === "number") {
    if (typeof b === "number") {
      const r = a * b;
      if (r <= MAX && r >= -MAX) return r === 0 ? 0 : r;
    } else if (b instanceof N.Ratio) {
      const n = a * b.n;
      if (n <= MAX && n >= -MAX) return n === 0 ? 0 : N.ratio(n, b.d);
    }
  }
  return N.mul(a, b);
}

export function least(a: N.Num, b: N.Num): N.Num {
  return compare(b, a) < 0 ? b : a;
}

export function greatest(a: N.Num, b: N.Num): N.Num {
  return compare(b, a) > 0 ? b : a;
}
