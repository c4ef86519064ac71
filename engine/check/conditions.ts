/**
 * Conditions → regions. A condition made of comparisons of names with constants, joined by
 * and/or/not, becomes exact boxes; anything else (two names compared, a function) is opaque
 * and is bounded from both sides: `under` holds only customers it surely matches, `over`
 * every customer it might match. Distinct names are treated as independent.
 */
import type { CompareOp, Expr, InputDecl } from "../../dsl/ast.js";
import * as N from "../numeric.js";
import { NumSet } from "./intervals.js";
import type { Model, PolicySymbol } from "./model.js";
import { atom, type Box, FULL, nums, regionIntersect, type Space, TooComplex, vals, type VarSet } from "./regions.js";
import type { Type } from "./types.js";

export interface Approx {
  under: Box[];
  over: Box[];
}

/** A condition as the analyses see it: an expression (possibly negated) or a combination. */
export type Cond =
  | { k: "expr"; e: Expr; neg: boolean }
  | { k: "and"; items: Cond[] }
  | { k: "or"; items: Cond[] }
  | { k: "not"; item: Cond }
  | { k: "in"; key: string; set: VarSet };

export const condOf = (e: Expr): Cond => ({ k: "expr", e, neg: false });
export const notOf = (c: Cond): Cond => ({ k: "not", item: c });

const flip: Record<CompareOp, CompareOp> = { "=": "=", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<=" };
const negate: Record<CompareOp, CompareOp> = { "=": "!=", "!=": "=", "<": ">=", "<=": ">", ">": "<=", ">=": "<" };

export type Constant = { k: "num"; v: N.Num } | { k: "val"; v: string };

export class PolicySpace implements Space {
  private readonly domains = new Map<string, VarSet>();
  /** Names met in opaque conditions (a guard the analysis cannot read may mention them). */
  readonly opaqueNames = new Set<string>();
  /** The expression behind a key that is not a plain name, for its type. */
  private readonly keyTypes = new Map<string, Type>();

  constructor(readonly model: Model) {}

  symbol(key: string): PolicySymbol | undefined {
    return this.model.symbols.get(key);
  }

  /** Inputs have the values their declaration allows; builtin grades and flags are enumerable. */
  isExact(key: string): boolean {
    const s = this.symbol(key);
    return !!s && (s.kind === "input" || (s.kind === "builtin" && (s.name === "grade" || s.name === "score_grade" || s.name === "frozen")));
  }

  /** A key for something other than a name (a computed table column), with its values. */
  define(key: string, domain: VarSet): void {
    this.domains.set(key, domain);
  }

  domain(key: string): VarSet {
    let d = this.domains.get(key);
    if (!d) {
      d = this.computeDomain(key);
      this.domains.set(key, d);
    }
    return d;
  }

  private computeDomain(key: string): VarSet {
    const sym = this.symbol(key);
    if (sym && sym.kind === "input" && sym.decl && "kind" in sym.decl && sym.decl.kind === "input") return inputDomain(sym.decl);
    const t = sym ? sym.type : (this.keyTypes.get(key) ?? { k: "unknown" });
    return this.typeDomain(t);
  }

  typeDomain(t: Type): VarSet {
    switch (t.k) {
      case "bool":
        return vals(["true", "false"]);
      case "grade":
        return vals(this.model.grades);
      case "text":
        return t.values ? vals(t.values) : vals([], false);
      case "num":
        return nums(NumSet.all());
      default:
        return nums(NumSet.all());
    }
  }

  /** The key a value expression is known by: its name, or its canonical text. */
  keyOf(e: Expr, subject: string | null): string | null {
    if (e.kind === "subject") return subject;
    if (e.kind === "name") {
      const sym = this.model.resolved.get(e);
      return sym && sym.kind !== "grade" ? sym.name : null;
    }
    const text = canonical(e, subject);
    if (text === null) return null;
    const t = this.model.types.get(e);
    if (!t || t.k !== "num") return null;
    this.keyTypes.set(text, t);
    return text;
  }

  constant(e: Expr): Constant | null {
    switch (e.kind) {
      case "number":
        try {
          return { k: "num", v: N.parseLiteral(e.text) };
        } catch {
          return null;
        }
      case "unary": {
        if (e.op !== "-") return null;
        const c = this.constant(e.operand);
        return c && c.k === "num" ? { k: "num", v: N.neg(c.v) } : null;
      }
      case "string":
        return { k: "val", v: e.value };
      case "bool":
        return { k: "val", v: String(e.value) };
      case "name": {
        const sym = this.model.resolved.get(e);
        return sym && sym.kind === "grade" ? { k: "val", v: sym.name } : null;
      }
      default:
        return null;
    }
  }

  /** The set `v op c` for a value of `key`'s domain, or null if they do not compare. */
  compareSet(key: string, op: CompareOp, c: Constant): VarSet | null {
    const d = this.domain(key);
    if (d.k === "num" && c.k === "num") return nums(NumSet.compare(op, c.v));
    if (d.k === "vals" && c.k === "val" && (op === "=" || op === "!=")) return vals([c.v], op === "=");
    return null;
  }

  private noteOpaque(e: Expr): void {
    walkNames(e, (n) => this.opaqueNames.add(n));
  }

  approx(c: Cond, subject: string | null, positive = true): Approx {
    switch (c.k) {
      case "expr":
        return this.approxExpr(c.e, subject, c.neg ? !positive : positive);
      case "not":
        return this.approx(c.item, subject, !positive);
      case "in": {
        const b = atom(c.key, positive ? c.set : complementOf(c.set), this);
        return b ? { under: [b], over: [b] } : { under: [], over: [] };
      }
      case "and":
      case "or": {
        const conj = (c.k === "and") === positive;
        const parts = c.items.map((i) => this.approx(i, subject, positive));
        return conj ? this.all(parts) : any(parts);
      }
    }
  }

  all(parts: Approx[]): Approx {
    let under: Box[] = [FULL];
    let over: Box[] = [FULL];
    for (const p of parts) {
      under = regionIntersect(under, p.under, this);
      over = regionIntersect(over, p.over, this);
    }
    return { under, over };
  }

  private approxExpr(e: Expr, subject: string | null, positive: boolean): Approx {
    switch (e.kind) {
      case "bool":
        return e.value === positive ? { under: [FULL], over: [FULL] } : { under: [], over: [] };
      case "unary":
        if (e.op === "not") return this.approxExpr(e.operand, subject, !positive);
        break;
      case "binary":
        if (e.op === "and" || e.op === "or") {
          const l = this.approxExpr(e.left, subject, positive);
          const r = this.approxExpr(e.right, subject, positive);
          return (e.op === "and") === positive ? this.all([l, r]) : any([l, r]);
        }
        if (e.op === "=" || e.op === "!=" || e.op === "<" || e.op === "<=" || e.op === ">" || e.op === ">=") {
          const a = this.compareAtom(e.left, e.op, e.right, subject, positive);
          if (a) return a;
        }
        break;
      case "name":
      case "subject": {
        const key = this.keyOf(e, subject);
        if (key && this.domain(key).k === "vals" && this.symbolType(key)?.k === "bool") {
          const b = atom(key, vals([String(positive)]), this);
          return b ? { under: [b], over: [b] } : { under: [], over: [] };
        }
        break;
      }
      default:
        break;
    }
    this.noteOpaque(e);
    return { under: [], over: [FULL] };
  }

  private symbolType(key: string): Type | undefined {
    return this.symbol(key)?.type;
  }

  private compareAtom(left: Expr, op: CompareOp, right: Expr, subject: string | null, positive: boolean): Approx | null {
    let key = this.keyOf(left, subject);
    let c = this.constant(right);
    let o = op;
    if (!key || !c) {
      key = this.keyOf(right, subject);
      c = this.constant(left);
      o = flip[op];
    }
    if (!key || !c) return null;
    const set = this.compareSet(key, positive ? o : negate[o], c);
    if (!set) return null;
    const b = atom(key, set, this);
    return b ? { under: [b], over: [b] } : { under: [], over: [] };
  }
}

function any(parts: Approx[]): Approx {
  const under = parts.flatMap((p) => p.under);
  const over = parts.flatMap((p) => p.over);
  if (under.length > 4000 || over.length > 4000) throw new TooComplex();
  return { under, over };
}

function complementOf(s: VarSet): VarSet {
  return s.k === "num" ? nums(s.set.complement()) : vals(s.values, !s.finite);
}

export function inputDomain(d: InputDecl): VarSet {
  const whole = d.type.name === "int" || d.type.name === "days";
  switch (d.type.name) {
    case "bool":
      return vals(["true", "false"]);
    case "text":
      return vals([], false);
    case "enum":
      return vals(d.type.values.map((v) => v.value));
    default:
      break;
  }
  if (d.range) {
    const lo = literal(d.range.low);
    const hi = literal(d.range.high);
    if (lo !== null && hi !== null) return nums(NumSet.range(lo, true, hi, true, whole));
    return nums(NumSet.all(whole));
  }
  if (d.signed) return nums(NumSet.all(whole));
  if (d.type.name === "ratio") return nums(NumSet.range(0, true, 1, true));
  return nums(NumSet.range(0, true, null, false, whole));
}

function literal(e: Expr): N.Num | null {
  if (e.kind === "number") {
    try {
      return N.parseLiteral(e.text);
    } catch {
      return null;
    }
  }
  if (e.kind === "unary" && e.op === "-") {
    const v = literal(e.operand);
    return v === null ? null : N.neg(v);
  }
  return null;
}

/** A stable text for an arithmetic expression, so `a - b > 0` guards a division by `a - b`. */
export function canonical(e: Expr, subject: string | null): string | null {
  switch (e.kind) {
    case "name":
      return e.name;
    case "subject":
      return subject;
    case "number":
      return e.text.replace(/[,_]/g, "");
    case "unary": {
      const o = canonical(e.operand, subject);
      return o === null || e.op !== "-" ? null : `-(${o})`;
    }
    case "binary": {
      if (!["+", "-", "*", "/"].includes(e.op)) return null;
      const l = canonical(e.left, subject);
      const r = canonical(e.right, subject);
      return l === null || r === null ? null : `(${l} ${e.op} ${r})`;
    }
    case "call": {
      const args = e.args.map((a) => canonical(a, subject));
      return args.some((a) => a === null) ? null : `${e.callee.text}(${args.join(", ")})`;
    }
    default:
      return null;
  }
}

export function walkNames(e: Expr, f: (name: string) => void): void {
  switch (e.kind) {
    case "name":
      f(e.name);
      break;
    case "member":
      walkNames(e.object, f);
      break;
    case "unary":
      walkNames(e.operand, f);
      break;
    case "binary":
      walkNames(e.left, f);
      walkNames(e.right, f);
      break;
    case "if":
      walkNames(e.cond, f);
      walkNames(e.then, f);
      walkNames(e.else, f);
      break;
    case "call":
      e.args.forEach((a) => walkNames(a, f));
      break;
    case "list":
      e.items.forEach((a) => walkNames(a, f));
      break;
    default:
      break;
  }
}

/** Source text of a span, for messages. */
export function textOf(source: string, span: { start: number; end: number }): string {
  return source.slice(span.start, span.end).replace(/\s+/g, " ").trim();
}

/** `a = 1, b = "x"` → `a = 1 and b = "x"`, with money grouped by thousands. */
export function describeExample(pairs: Array<[string, string]>, space: PolicySpace): string {
  return pairs.map(([k, v]) => `${k} = ${showValue(k, v, space)}`).join(" and ");
}

export function showValue(key: string, v: string, space: PolicySpace): string {
  const d = space.domain(key);
  if (d.k === "vals") {
    const t = space.symbol(key)?.type;
    return t && t.k === "text" ? `"${v}"` : v;
  }
  const sym = space.symbol(key);
  const unit = sym && sym.type.k === "num" ? sym.type.unit : null;
  if (unit === "ratio" && /^-?\d+(\.\d+)?$/.test(v)) return `${v} (${N.formatNum(N.mul(N.parseLiteral(v), 100))}%)`;
  return group(v, unit === "money" ? 4 : 5);
}

/** Thousands separators as policies write amounts: 3,000,001. */
function group(v: string, from: number): string {
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(v);
  if (!m || m[2].length < from) return v;
  return `${m[1]}${m[2].replace(/\B(?=(\d{3})+(?!\d))/g, ",")}${m[3] ?? ""}`;
}
