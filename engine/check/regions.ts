/**
 * Regions of customer space: a box constrains some names (numbers by interval sets, true/false,
 * texts and grades by value sets); a region is a union of boxes. Names not in a box may take
 * any value of their domain. Gap, overlap and reachability questions become box algebra.
 */
import * as N from "../numeric.js";
import { NumSet } from "./intervals.js";

export type VarSet = { k: "num"; set: NumSet } | { k: "vals"; finite: boolean; values: ReadonlySet<string> };

/** A box: name → the values it may take. */
export type Box = ReadonlyMap<string, VarSet>;

/** The analysis gives up (and reports nothing) rather than grow a region past this. */
export const REGION_LIMIT = 4000;

export class TooComplex extends Error {
  constructor() {
    super("region too complex to analyse");
  }
}

export const FULL: Box = new Map();

export function vals(values: Iterable<string>, finite = true): VarSet {
  return { k: "vals", finite, values: new Set(values) };
}

export function nums(set: NumSet): VarSet {
  return { k: "num", set };
}

export function setIsEmpty(s: VarSet): boolean {
  return s.k === "num" ? s.set.isEmpty() : s.finite && s.values.size === 0;
}

export function setIntersect(a: VarSet, b: VarSet): VarSet | null {
  if (a.k === "num" && b.k === "num") return nums(a.set.intersect(b.set));
  if (a.k === "vals" && b.k === "vals") {
    if (a.finite && b.finite) return vals([...a.values].filter((v) => b.values.has(v)));
    if (a.finite) return vals([...a.values].filter((v) => !b.values.has(v)));
    if (b.finite) return vals([...b.values].filter((v) => !a.values.has(v)));
    return vals([...a.values, ...b.values], false);
  }
  return null;
}

export function setComplement(a: VarSet): VarSet {
  return a.k === "num" ? nums(a.set.complement()) : vals(a.values, !a.finite);
}

export function setUnion(a: VarSet, b: VarSet): VarSet | null {
  if (a.k === "num" && b.k === "num") return nums(a.set.union(b.set));
  if (a.k === "vals" && b.k === "vals") {
    const i = setIntersect(setComplement(a), setComplement(b));
    return i && setComplement(i);
  }
  return null;
}

export function setMinus(a: VarSet, b: VarSet): VarSet | null {
  return setIntersect(a, setComplement(b));
}

/** A readable member of the set, or null when empty. */
export function setExample(s: VarSet): string | null {
  if (s.k === "num") {
    const v = s.set.example();
    return v === null ? null : N.formatNum(v);
  }
  if (s.finite) return s.values.size ? [...s.values][0] : null;
  // Any text other than the excluded ones.
  for (const candidate of ["other", "x", "other value"]) if (!s.values.has(candidate)) return candidate;
  return `other${s.values.size}`;
}

export interface Space {
  /** The values a name can take at all (its type and declared range); null: not a name we reason about. */
  domain(key: string): VarSet;
}

function get(b: Box, key: string, space: Space): VarSet {
  return b.get(key) ?? space.domain(key);
}

/** The box of `key ∈ set`, or null when no value of the domain is in the set. */
export function atom(key: string, set: VarSet, space: Space): Box | null {
  const s = setIntersect(space.domain(key), set);
  if (!s || setIsEmpty(s)) return null;
  return new Map([[key, s]]);
}

export function boxIntersect(a: Box, b: Box, space: Space): Box | null {
  if (a.size === 0) return b;
  if (b.size === 0) return a;
  const out = new Map(a);
  for (const [k, s] of b) {
    const x = a.get(k);
    if (!x) {
      out.set(k, s);
      continue;
    }
    const i = setIntersect(x, s);
    if (!i) throw new TooComplex();
    if (setIsEmpty(i)) return null;
    out.set(k, i);
  }
  void space;
  return out;
}

/** a \ b as disjoint boxes. */
export function boxMinus(a: Box, b: Box, space: Space): Box[] {
  if (!boxIntersect(a, b, space)) return [a];
  const out: Box[] = [];
  let rest = new Map(a);
  for (const [k, s] of b) {
    const here = get(rest, k, space);
    const outside = setMinus(here, s);
    if (!outside) throw new TooComplex();
    if (!setIsEmpty(outside)) out.push(new Map(rest).set(k, outside));
    const inside = setIntersect(here, s);
    if (!inside) throw new TooComplex();
    if (setIsEmpty(inside)) return out;
    rest = new Map(rest).set(k, inside);
  }
  return out;
}

export function regionMinus(region: Box[], b: Box, space: Space): Box[] {
  const out: Box[] = [];
  for (const a of region) {
    out.push(...boxMinus(a, b, space));
    if (out.length > REGION_LIMIT) throw new TooComplex();
  }
  return out;
}

/** region \ (b1 ∪ b2 ∪ …). */
export function regionMinusAll(region: Box[], boxes: readonly Box[], space: Space): Box[] {
  let r = region;
  for (const b of boxes) {
    if (r.length === 0) return r;
    r = regionMinus(r, b, space);
  }
  return r;
}

export function regionIntersect(a: readonly Box[], b: readonly Box[], space: Space): Box[] {
  const out: Box[] = [];
  for (const x of a) {
    for (const y of b) {
      const i = boxIntersect(x, y, space);
      if (i) out.push(i);
      if (out.length > REGION_LIMIT) throw new TooComplex();
    }
  }
  return out;
}

/** One value per name of the box (those listed in `keys` first, then every constrained name). */
export function boxExample(b: Box, keys: readonly string[], space: Space): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const seen = new Set<string>();
  for (const k of [...keys, ...b.keys()]) {
    if (seen.has(k)) continue;
    seen.add(k);
    const v = setExample(get(b, k, space));
    if (v !== null) out.push([k, v]);
  }
  return out;
}
