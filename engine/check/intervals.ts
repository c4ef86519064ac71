/**
 * Exact sets of numbers: finite unions of intervals with open or closed ends over the engine's
 * exact Num. The coverage checks (bands, tables, approval routing) and the division guards
 * reason with these, so a gap at exactly 40% is found and never lost to a binary float.
 */
import * as N from "../numeric.js";
import type { CompareOp } from "../../dsl/ast.js";

/** `lo`/`hi` null mean −∞/+∞ (their flags are then false). */
export interface Interval {
  lo: N.Num | null;
  loIn: boolean;
  hi: N.Num | null;
  hiIn: boolean;
}

function cmpLow(a: Interval, b: Interval): number {
  if (a.lo === null || b.lo === null) return a.lo === null ? (b.lo === null ? 0 : -1) : 1;
  const k = N.cmp(a.lo, b.lo);
  if (k !== 0) return k;
  return a.loIn === b.loIn ? 0 : a.loIn ? -1 : 1;
}

function nonEmpty(i: Interval): boolean {
  if (i.lo === null || i.hi === null) return true;
  const k = N.cmp(i.lo, i.hi);
  return k < 0 || (k === 0 && i.loIn && i.hiIn);
}

const floorNum = (x: N.Num): N.Num => N.roundToStep(x, 1, "floor");
const ceilNum = (x: N.Num): N.Num => N.roundToStep(x, 1, "ceiling");

/** Whole numbers only: every bound becomes a closed whole-number bound. */
function toWhole(i: Interval): Interval | null {
  let lo = i.lo;
  let hi = i.hi;
  if (lo !== null) {
    const c = ceilNum(lo);
    lo = !i.loIn && N.cmp(c, lo) === 0 ? N.add(c, 1) : c;
  }
  if (hi !== null) {
    const f = floorNum(hi);
    hi = !i.hiIn && N.cmp(f, hi) === 0 ? N.sub(f, 1) : f;
  }
  const w = { lo, loIn: lo !== null, hi, hiIn: hi !== null };
  return nonEmpty(w) ? w : null;
}

export class NumSet {
  private constructor(
    readonly parts: readonly Interval[],
    /** Whole numbers only (int and days inputs). */
    readonly whole: boolean,
  ) {}

  static of(parts: Interval[], whole: boolean): NumSet {
    return new NumSet(normalise(parts, whole), whole);
  }

  static all(whole = false): NumSet {
    return NumSet.of([{ lo: null, loIn: false, hi: null, hiIn: false }], whole);
  }

  static none(whole = false): NumSet {
    return new NumSet([], whole);
  }

  static range(lo: N.Num | null, loIn: boolean, hi: N.Num | null, hiIn: boolean, whole = false): NumSet {
    return NumSet.of([{ lo, loIn: lo !== null && loIn, hi, hiIn: hi !== null && hiIn }], whole);
  }

  /** The values v with `v op x`. */
  static compare(op: CompareOp, x: N.Num, whole = false): NumSet {
    switch (op) {
      case "=":
        return NumSet.range(x, true, x, true, whole);
      case "!=":
        return NumSet.range(x, true, x, true, whole).complement();
      case "<":
        return NumSet.range(null, false, x, false, whole);
      case "<=":
        return NumSet.range(null, false, x, true, whole);
      case ">":
        return NumSet.range(x, false, null, false, whole);
      case ">=":
        return NumSet.range(x, true, null, false, whole);
    }
  }

  isEmpty(): boolean {
    return this.parts.length === 0;
  }

  isAll(): boolean {
    return this.parts.length === 1 && this.parts[0].lo === null && this.parts[0].hi === null;
  }

  contains(x: N.Num): boolean {
    if (this.whole && !N.isInteger(x)) return false;
    return this.parts.some((p) => {
      const lo = p.lo === null ? 1 : N.cmp(x, p.lo);
      const hi = p.hi === null ? -1 : N.cmp(x, p.hi);
      return (lo > 0 || (lo === 0 && p.loIn)) && (hi < 0 || (hi === 0 && p.hiIn));
    });
  }

  union(o: NumSet): NumSet {
    return NumSet.of([...this.parts, ...o.parts], this.whole || o.whole);
  }

  intersect(o: NumSet): NumSet {
    const out: Interval[] = [];
    for (const a of this.parts) {
      for (const b of o.parts) {
        const lo = cmpLow(a, b) >= 0 ? a : b;
        let hi: Interval;
        if (a.hi === null) hi = b;
        else if (b.hi === null) hi = a;
        else {
          const k = N.cmp(a.hi, b.hi);
          hi = k < 0 ? a : k > 0 ? b : a.hiIn ? b : a;
        }
        const i = { lo: lo.lo, loIn: lo.loIn, hi: hi.hi, hiIn: hi.hiIn };
        if (nonEmpty(i)) out.push(i);
      }
    }
    return NumSet.of(out, this.whole || o.whole);
  }

  complement(): NumSet {
    const out: Interval[] = [];
    let lo: N.Num | null = null;
    let loIn = false;
    let open = true;
    for (const p of this.parts) {
      if (p.lo !== null) out.push({ lo, loIn, hi: p.lo, hiIn: !p.loIn });
      if (p.hi === null) {
        open = false;
        break;
      }
      lo = p.hi;
      loIn = !p.hiIn;
    }
    if (open) out.push({ lo, loIn, hi: null, hiIn: false });
    return NumSet.of(out.filter(nonEmpty), this.whole);
  }

  minus(o: NumSet): NumSet {
    return this.intersect(o.complement());
  }

  /**
   * A value in the set a policy owner can read: a closed end when there is one, else a value
   * one step past an open end in the precision the policy wrote it (40% → 0.41, 3,000,000 → 3,000,001).
   */
  example(): N.Num | null {
    const p = this.parts.find((x) => x.lo !== null && x.loIn) ?? this.parts.find((x) => x.lo !== null) ?? this.parts[0];
    if (!p) return null;
    if (p.lo === null && p.hi === null) return 0;
    if (p.lo !== null && p.loIn) return p.lo;
    if (p.lo === null) {
      if (p.hiIn) return p.hi;
      if (N.cmp(p.hi!, 0) > 0) return 0;
      return N.sub(p.hi!, stepFor(p.hi!, this.whole));
    }
    if (p.hi !== null && p.hiIn && N.cmp(p.lo, 0) < 0 && N.cmp(p.hi, 0) >= 0) return 0;
    let step = stepFor(p.lo, this.whole);
    for (let i = 0; i < 12; i++) {
      const v = N.add(p.lo, step);
      if (p.hi === null) return v;
      const k = N.cmp(v, p.hi);
      if (k < 0 || (k === 0 && p.hiIn)) return v;
      step = N.div(step, 10);
    }
    return N.div(N.add(p.lo, p.hi!), 2);
  }
}

/** One unit in the last place the policy wrote, in hundredths at least for fractions: 0.4 → 0.01. */
function stepFor(x: N.Num, whole: boolean): N.Num {
  if (whole || N.isInteger(x)) return 1;
  const text = N.formatNum(N.abs(x));
  const dot = text.indexOf(".");
  const places = dot < 0 ? 0 : text.length - dot - 1;
  return N.div(1, 10 ** Math.min(Math.max(places, 2), 15));
}

function normalise(parts: Interval[], whole: boolean): Interval[] {
  const list = (whole ? parts.map(toWhole).filter((p): p is Interval => p !== null) : parts.filter(nonEmpty)).sort(cmpLow);
  const out: Interval[] = [];
  for (const p of list) {
    const last = out[out.length - 1];
    if (last && touches(last, p, whole)) {
      if (last.hi !== null && (p.hi === null || N.cmp(p.hi, last.hi) > 0 || (N.cmp(p.hi, last.hi) === 0 && p.hiIn))) {
        out[out.length - 1] = { lo: last.lo, loIn: last.loIn, hi: p.hi, hiIn: p.hiIn };
      }
    } else {
      out.push({ ...p });
    }
  }
  return out;
}

/** `b` starts at or before the end of `a` (b.lo ≥ a.lo by sorting). */
function touches(a: Interval, b: Interval, whole: boolean): boolean {
  if (a.hi === null || b.lo === null) return true;
  const k = N.cmp(b.lo, a.hi);
  if (whole) return N.cmp(b.lo, N.add(a.hi, 1)) <= 0;
  return k < 0 || (k === 0 && (a.hiIn || b.loIn));
}
