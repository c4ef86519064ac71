/**
 * json-rules-engine's operators, reproduced exactly, odd corners included (docs/interop.md):
 * `equal` is `===`; `in`/`notIn` call `value.indexOf(fact)` (so a string value is searched as
 * text, and anything else is an engine error); `contains`/`doesNotContain` need an array fact;
 * the numeric operators accept any fact that `parseFloat` can read and then compare the way
 * JavaScript's `<` does, converting strings and arrays to numbers. Numbers stay exact decimals.
 */
import type { MatchOp, Quantifier } from "../../dsl/ast.js";
import * as N from "../numeric.js";

/** Raised where json-rules-engine itself throws (e.g. `in` against a number): the run fails. */
export class JreTypeError extends Error {}

type Op = (a: unknown, b: unknown) => boolean;

function isNum(v: unknown): v is N.Num {
  return typeof v === "number" || v instanceof N.Ratio || v instanceof N.Decimal;
}

/** `a === b`; arrays and objects are equal only to themselves, as in JavaScript. */
export function strictEquals(a: unknown, b: unknown): boolean {
  if (isNum(a) && isNum(b)) return N.cmp(a, b) === 0;
  return a === b;
}

/** JavaScript's String(v) for JSON values. */
export function jsString(v: unknown): string {
  if (v === undefined) return "undefined";
  if (v === null) return "null";
  if (isNum(v)) return N.formatNum(v);
  if (Array.isArray(v)) return v.map((x) => (x === null || x === undefined ? "" : jsString(x))).join(",");
  if (typeof v === "object") return "[object Object]";
  return String(v);
}

type JsNumber = N.Num | "NaN" | "+Infinity" | "-Infinity";

const jsWhitespace = /^[\s\uFEFF\xA0]+|[\s\uFEFF\xA0]+$/g;
const decimalLiteral = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** JavaScript's ToNumber of a primitive, exact for decimal text. */
function toNumber(p: unknown): JsNumber {
  if (isNum(p)) return p;
  if (p === null || p === false) return 0;
  if (p === true) return 1;
  if (p === undefined) return "NaN";
  const s = String(p).replace(jsWhitespace, "");
  if (s === "") return 0;
  if (s === "Infinity" || s === "+Infinity") return "+Infinity";
  if (s === "-Infinity") return "-Infinity";
  if (/^0[xX][0-9a-fA-F]+$/.test(s)) return N.parseDecimal(BigInt(s).toString()) ?? "NaN";
  if (/^0[oO][0-7]+$/.test(s) || /^0[bB][01]+$/.test(s)) return N.parseDecimal(BigInt(s).toString()) ?? "NaN";
  if (!decimalLiteral.test(s)) return "NaN";
  const d = new N.Decimal(s);
  return N.parseDecimal(d.toFixed()) ?? "NaN";
}

/** JavaScript's ToPrimitive for JSON values: arrays become their joined text, objects "[object Object]". */
function toPrimitive(v: unknown): unknown {
  if (v !== null && typeof v === "object" && !isNum(v)) return jsString(v);
  return v;
}

/** JavaScript's abstract relational comparison: -1, 0, 1, or null when either side is NaN. */
function jsCompare(a: unknown, b: unknown): number | null {
  const pa = toPrimitive(a);
  const pb = toPrimitive(b);
  if (typeof pa === "string" && typeof pb === "string") return pa < pb ? -1 : pa > pb ? 1 : 0;
  const na = toNumber(pa);
  const nb = toNumber(pb);
  if (na === "NaN" || nb === "NaN") return null;
  const rank = (x: JsNumber) => (x === "+Infinity" ? 1 : x === "-Infinity" ? -1 : 0);
  if (rank(na) !== 0 || rank(nb) !== 0) return Math.sign(rank(na) - rank(nb));
  return N.cmp(na as N.Num, nb as N.Num);
}

/** `Number.parseFloat(v).toString() !== 'NaN'`: the fact check of the numeric operators. */
export function parsesAsFloat(v: unknown): boolean {
  if (isNum(v)) return true;
  return /^[+-]?(?:Infinity|\d|\.\d)/.test(jsString(v).replace(/^[\s\uFEFF\xA0]+/, ""));
}

/** `haystack.indexOf(needle) > -1` with JavaScript's rules for arrays and strings. */
function indexOf(haystack: unknown, needle: unknown, op: string): boolean {
  if (Array.isArray(haystack)) return haystack.some((x) => strictEquals(x, needle));
  if (typeof haystack === "string") return haystack.includes(jsString(needle));
  throw new JreTypeError(`"${op}" needs a list (or text) to look in, but got ${describeValue(haystack)}`);
}

export function describeValue(v: unknown): string {
  if (v === undefined) return "no value";
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (isNum(v)) return `the number ${N.formatNum(v)}`;
  if (typeof v === "object") return "an object";
  return `${typeof v} ${JSON.stringify(v)}`;
}

const relational = (test: (k: number) => boolean): Op => (a, b) => {
  if (!parsesAsFloat(a)) return false;
  const k = jsCompare(a, b);
  return k !== null && test(k);
};

export const OPERATORS: Record<MatchOp, Op> = {
  "=": strictEquals,
  "!=": (a, b) => !strictEquals(a, b),
  "<": relational((k) => k < 0),
  "<=": relational((k) => k <= 0),
  ">": relational((k) => k > 0),
  ">=": relational((k) => k >= 0),
  in: (a, b) => indexOf(b, a, "in"),
  "not in": (a, b) => !indexOf(b, a, "not in"),
  contains: (a, b) => Array.isArray(a) && indexOf(a, b, "contains"),
  "not contains": (a, b) => Array.isArray(a) && !indexOf(a, b, "not contains"),
};

/**
 * A test with optional quantifiers: `any of`/`all of` on the left are json-rules-engine's
 * someFact/everyFact (false unless the left is a list), on the right someValue/everyValue
 * (an engine error unless the right is a list).
 */
export function matcher(op: MatchOp, leftQ: Quantifier | null, rightQ: Quantifier | null): Op {
  let f = OPERATORS[op];
  if (rightQ) {
    const inner = f;
    f = (a, b) => {
      if (!Array.isArray(b)) throw new JreTypeError(`"${rightQ} of" needs a list, but got ${describeValue(b)}`);
      return rightQ === "any" ? b.some((x) => inner(a, x)) : b.every((x) => inner(a, x));
    };
  }
  if (leftQ) {
    const inner = f;
    f = (a, b) => Array.isArray(a) && (leftQ === "any" ? a.some((x) => inner(x, b)) : a.every((x) => inner(x, b)));
  }
  return f;
}
