/** Expressions → closures. Names are resolved to slots and literals built once, at compile time. */
import type { Expr, UnaryTest } from "../../dsl/ast.js";
import type { Span } from "../../dsl/diagnostic.js";
import type { Model, PolicySymbol } from "../check/model.js";
import type { Type } from "../check/types.js";
import * as N from "../numeric.js";
import { type Frame, read, RuntimeFault, type Thunk, UNAVAILABLE, UNSET } from "./frame.js";
import { JreTypeError, matcher } from "./jre-ops.js";

export interface ExprCompiler {
  model: Model;
  source: string;
  /** Generate JavaScript per slot (codegen.ts) rather than composing closures. */
  generate?: boolean;
  /** The plan's slot functions, for generated code to call directly (filled before any evaluation). */
  compute?: Thunk[];
  /** The closure that reads the indicator value inside its band rows. */
  subject: Thunk | null;
}

const sourceOf = (source: string, span: Span) => source.slice(span.start, span.end);

function typeOf(c: ExprCompiler, e: Expr): Type {
  return c.model.types.get(e) ?? { k: "unknown" };
}

export function readSymbol(c: ExprCompiler, sym: PolicySymbol, span: Span): Thunk {
  const slot = sym.slot;
  if (sym.kind === "grade") {
    const g = sym.name;
    return () => g;
  }
  return (f: Frame) => {
    const v = f.vals[slot];
    if (v !== UNSET && v !== UNAVAILABLE) return v;
    const w = read(f, slot);
    if (w === UNAVAILABLE) throw unavailable(c, sym, span);
    return w;
  };
}

/** Closures known to return one value for every customer (literals, folded arithmetic). */
const constants = new WeakMap<Thunk, unknown>();

function constant(v: unknown): Thunk {
  const t: Thunk = () => v;
  constants.set(t, v);
  return t;
}

/** The value a closure always returns, or undefined when it depends on the customer. */
export function constantOf(t: Thunk): unknown {
  return constants.get(t);
}

export function unavailable(c: ExprCompiler, sym: PolicySymbol, span: Span): RuntimeFault {
  const d = sym.decl;
  if (d && "kind" in d && d.kind === "let" && d.guard) {
    return new RuntimeFault(`${sym.name} is not defined for this customer: its condition "${sourceOf(c.source, d.guard.span)}" is false`, span, sym.name);
  }
  if (d && "kind" in d && d.kind === "table") {
    const hint = d.aggregation === "sum" ? `; a sum over no row has no value: add a last row of "-" cells giving 0 if none should count as 0` : "";
    return new RuntimeFault(`table ${sym.name} has no matching row for this customer${hint}`, span, sym.name);
  }
  return new RuntimeFault(`${sym.name} has no value for this customer`, span, sym.name);
}

export function compileExpr(c: ExprCompiler, e: Expr): Thunk {
  switch (e.kind) {
    case "number":
      return constant(N.parseLiteral(e.text));
    case "string":
      return constant(e.value);
    case "bool":
      return constant(e.value);
    case "null":
      return constant(null);
    case "subject": {
      const s = c.subject;
      if (!s) throw new Error("band subject outside an indicator");
      return s;
    }
    case "name": {
      const sym = c.model.resolved.get(e);
      if (!sym) throw new Error(`unresolved name ${e.name}`);
      return readSymbol(c, sym, e.span);
    }
    case "member": {
      const obj = compileExpr(c, e.object);
      const field = e.name.text;
      return (f) => (obj(f) as Record<string, unknown>)[field];
    }
    case "unary": {
      const operand = compileExpr(c, e.operand);
      const k = constantOf(operand);
      if (e.op === "not") return k === undefined ? (f) => !operand(f) : constant(!k);
      return k === undefined ? (f) => N.neg(operand(f) as N.Num) : constant(N.neg(k as N.Num));
    }
    case "binary":
      return compileBinary(c, e);
    case "match":
      return compileMatch(compileExpr(c, e.left), compileExpr(c, e.right), matcher(e.op, e.leftQ, e.rightQ), e.span);
    case "if": {
      const cond = compileExpr(c, e.cond);
      const then = compileExpr(c, e.then);
      const otherwise = compileExpr(c, e.else);
      return (f) => (cond(f) ? then(f) : otherwise(f));
    }
    case "list": {
      const items = e.items.map((i) => compileExpr(c, i));
      return (f) => items.map((i) => i(f));
    }
    case "call":
      return compileCall(c, e);
    case "error":
      throw new Error("cannot compile a syntax error");
  }
}

function compileBinary(c: ExprCompiler, e: Extract<Expr, { kind: "binary" }>): Thunk {
  const l = compileExpr(c, e.left);
  const r = compileExpr(c, e.right);
  const kl = constantOf(l);
  const kr = constantOf(r);
  // Literal arithmetic (`90% × 1,000`, `1,000,000 + 0`) is done once, here.
  if (kl !== undefined && kr !== undefined && N.isNum(kl) && N.isNum(kr)) {
    if (e.op === "+") return constant(N.add(kl, kr));
    if (e.op === "-") return constant(N.sub(kl, kr));
    if (e.op === "*") return constant(N.mul(kl, kr));
    if (e.op === "/" && !N.isZero(kr)) return constant(N.div(kl, kr));
  }
  switch (e.op) {
    case "and":
      return (f) => (l(f) as boolean) && (r(f) as boolean);
    case "or":
      return (f) => (l(f) as boolean) || (r(f) as boolean);
    case "+":
      return (f) => N.add(l(f) as N.Num, r(f) as N.Num);
    case "-":
      return (f) => N.sub(l(f) as N.Num, r(f) as N.Num);
    case "*":
      return (f) => N.mul(l(f) as N.Num, r(f) as N.Num);
    case "/": {
      const fault = divisionFault(c, e);
      return (f) => {
        const a = l(f) as N.Num;
        const b = r(f) as N.Num;
        if (N.isZero(b)) throw fault();
        return N.div(a, b);
      };
    }
    default: {
      // A JSON value is compared the json-rules-engine way (docs/interop.md).
      if (typeOf(c, e.left).k === "json" || typeOf(c, e.right).k === "json") return compileMatch(l, r, matcher(e.op, null, null), e.span);
      const numeric = typeOf(c, e.left).k === "num" || typeOf(c, e.right).k === "num";
      return compileComparison(e.op, l, r, numeric);
    }
  }
}

/** The runtime fault of a division whose divisor is zero for this customer. */
export function divisionFault(c: ExprCompiler, e: Extract<Expr, { kind: "binary" }>): () => RuntimeFault {
  const divisorText = sourceOf(c.source, e.right.span);
  const span = e.span;
  return () => new RuntimeFault(`division by zero: ${divisorText} is 0 for this customer; guard it with "when ${divisorText} > 0" or a band row before it`, span, null);
}

function compileMatch(l: Thunk, r: Thunk, test: (a: unknown, b: unknown) => boolean, span: Span): Thunk {
  return (f) => {
    try {
      return test(l(f), r(f));
    } catch (err) {
      if (err instanceof JreTypeError) throw new RuntimeFault(err.message, span, null);
      throw err;
    }
  };
}

export function compileComparison(op: string, l: Thunk, r: Thunk, numeric: boolean): Thunk {
  if (numeric) {
    const kr = constantOf(r);
    if (kr !== undefined && N.isNum(kr)) return compareToConstant(op, l, kr);
    const kl = constantOf(l);
    if (kl !== undefined && N.isNum(kl)) return compareToConstant(FLIPPED[op] ?? op, r, kl);
    switch (op) {
      case "=":
        return (f) => N.cmp(l(f) as N.Num, r(f) as N.Num) === 0;
      case "!=":
        return (f) => N.cmp(l(f) as N.Num, r(f) as N.Num) !== 0;
      case "<":
        return (f) => N.cmp(l(f) as N.Num, r(f) as N.Num) < 0;
      case "<=":
        return (f) => N.cmp(l(f) as N.Num, r(f) as N.Num) <= 0;
      case ">":
        return (f) => N.cmp(l(f) as N.Num, r(f) as N.Num) > 0;
      default:
        return (f) => N.cmp(l(f) as N.Num, r(f) as N.Num) >= 0;
    }
  }
  if (op === "!=") return (f) => l(f) !== r(f);
  return (f) => l(f) === r(f);
}

const FLIPPED: Record<string, string> = { "<": ">", "<=": ">=", ">": "<", ">=": "<=" };

/**
 * `x <= 40%`, `= 0`, `>= 2.0`: the band and threshold tests. Against a whole-number constant
 * a whole-number value is compared directly; anything else goes through exact N.cmp.
 */
function compareToConstant(op: string, l: Thunk, k: N.Num): Thunk {
  if (typeof k === "number") {
    switch (op) {
      case "=":
        return (f) => {
          const v = l(f);
          return typeof v === "number" ? v === k : N.cmp(v as N.Num, k) === 0;
        };
      case "!=":
        return (f) => {
          const v = l(f);
          return typeof v === "number" ? v !== k : N.cmp(v as N.Num, k) !== 0;
        };
      case "<":
        return (f) => {
          const v = l(f);
          return typeof v === "number" ? v < k : N.cmp(v as N.Num, k) < 0;
        };
      case "<=":
        return (f) => {
          const v = l(f);
          return typeof v === "number" ? v <= k : N.cmp(v as N.Num, k) <= 0;
        };
      case ">":
        return (f) => {
          const v = l(f);
          return typeof v === "number" ? v > k : N.cmp(v as N.Num, k) > 0;
        };
      default:
        return (f) => {
          const v = l(f);
          return typeof v === "number" ? v >= k : N.cmp(v as N.Num, k) >= 0;
        };
    }
  }
  switch (op) {
    case "=":
      return (f) => N.cmp(l(f) as N.Num, k) === 0;
    case "!=":
      return (f) => N.cmp(l(f) as N.Num, k) !== 0;
    case "<":
      return (f) => N.cmp(l(f) as N.Num, k) < 0;
    case "<=":
      return (f) => N.cmp(l(f) as N.Num, k) <= 0;
    case ">":
      return (f) => N.cmp(l(f) as N.Num, k) > 0;
    default:
      return (f) => N.cmp(l(f) as N.Num, k) >= 0;
  }
}

function compileCall(c: ExprCompiler, e: Extract<Expr, { kind: "call" }>): Thunk {
  const args = e.args.map((a) => compileExpr(c, a));
  switch (e.callee.text) {
    case "min":
      return (f) => {
        let m = args[0](f) as N.Num;
        for (let i = 1; i < args.length; i++) m = N.min(m, args[i](f) as N.Num);
        return m;
      };
    case "max":
      return (f) => {
        let m = args[0](f) as N.Num;
        for (let i = 1; i < args.length; i++) m = N.max(m, args[i](f) as N.Num);
        return m;
      };
    case "abs":
      return (f) => N.abs(args[0](f) as N.Num);
    case "round":
    case "floor":
    case "ceil": {
      const x = args[0];
      const step = args[1] ?? (() => 1);
      const modeExpr = e.args[2];
      const mode: N.Rounding =
        e.callee.text === "floor" ? "floor" : e.callee.text === "ceil" ? "ceiling" : modeExpr && modeExpr.kind === "name" ? (modeExpr.name as N.Rounding) : "half_up";
      const span = e.span;
      return (f) => {
        const s = step(f) as N.Num;
        if (N.sign(s) <= 0) throw new RuntimeFault(`the rounding step must be above 0`, span, null);
        return N.roundToStep(x(f) as N.Num, s, mode);
      };
    }
    case "power": {
      const [x, n] = args;
      const exponentText = sourceOf(c.source, e.args[1].span);
      const span = e.span;
      return (f) => {
        const k = n(f) as N.Num;
        const whole = N.isInteger(k) ? N.toSafeInteger(k) : null;
        // Bounded so one customer's data cannot make a runaway computation.
        if (whole === null || Math.abs(whole) > 10_000) throw new RuntimeFault(`the exponent ${exponentText} must be a whole number between -10000 and 10000, but it is ${N.formatNum(k)}`, span, null);
        const base = x(f) as N.Num;
        if (whole < 0 && N.isZero(base)) throw new RuntimeFault(`division by zero: 0 raised to the negative power ${exponentText}`, span, null);
        return N.power(base, whole);
      };
    }
    case "contains":
      return (f) => {
        const list = args[0](f) as unknown[];
        const v = args[1](f);
        return list.some((item) => valuesEqual(item, v));
      };
    case "count":
      return (f) => (args[0](f) as unknown[]).length;
    default:
      throw new Error(`unknown function ${e.callee.text}`);
  }
}

export function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  return N.isNum(a) && N.isNum(b) && N.cmp(a, b) === 0;
}

/** A decision-table cell test against the column's value. */
export function compileUnaryTest(c: ExprCompiler, t: UnaryTest, numeric: boolean): (v: unknown, f: Frame) => boolean {
  switch (t.kind) {
    case "compare": {
      const value = compileExpr(c, t.value);
      const op = t.op;
      if (!numeric) {
        if (op === "!=") return (v, f) => !valuesEqual(v, value(f));
        return (v, f) => valuesEqual(v, value(f));
      }
      return (v, f) => {
        const k = N.cmp(v as N.Num, value(f) as N.Num);
        return op === "=" ? k === 0 : op === "!=" ? k !== 0 : op === "<" ? k < 0 : op === "<=" ? k <= 0 : op === ">" ? k > 0 : k >= 0;
      };
    }
    case "range": {
      const low = compileExpr(c, t.low);
      const high = compileExpr(c, t.high);
      const li = t.lowInclusive;
      const hi = t.highInclusive;
      return (v, f) => {
        const a = N.cmp(v as N.Num, low(f) as N.Num);
        const b = N.cmp(v as N.Num, high(f) as N.Num);
        return (li ? a >= 0 : a > 0) && (hi ? b <= 0 : b < 0);
      };
    }
    case "not": {
      const tests = t.tests.map((x) => compileUnaryTest(c, x, numeric));
      return (v, f) => !tests.some((x) => x(v, f));
    }
  }
}
