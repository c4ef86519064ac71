/**
 * Expressions → JavaScript source → one function per slot (and per indicator's bands).
 *
 * The closures of expr.ts share their code between every instance, so each call inside them
 * sees many targets and cannot be inlined; a generated function per slot is its own code,
 * each call site inside it sees one target, and the optimiser inlines the arithmetic. The
 * generated code calls the same numeric functions as the closures, with the same checks in the
 * same order, so the results (values, runtime faults, laziness) are the same.
 *
 * Nothing from the policy text enters the code except through JSON string literals and
 * numbers this module prints itself; every other value (ratios, decimals, fault makers,
 * closures for rare constructs) is passed in an array of constants.
 */
import type { Expr } from "../../dsl/ast.js";
import type { Span } from "../../dsl/diagnostic.js";
import type { PolicySymbol } from "../check/model.js";
import type { Type } from "../check/types.js";
import * as N from "../numeric.js";
import { compileExpr, constantOf, divisionFault, type ExprCompiler, unavailable } from "./expr.js";
import { compare, compareRatio, compareWhole, divide, greatest, least, minus, plus, times } from "./fast-ops.js";
import { type Frame, RuntimeFault, type Thunk, UNAVAILABLE, UNSET } from "./frame.js";

/** Whether this host allows code generation (a strict Content-Security-Policy does not). */
let allowed: boolean | null = null;

/** For tests: behave as a host that forbids code generation (false), or detect again (null). */
export function setGenerationAllowed(value: boolean | null): void {
  allowed = value;
}

export function canGenerate(): boolean {
  if (allowed === null) {
    try {
      allowed = new Function("return 1")() === 1;
    } catch {
      allowed = false;
    }
  }
  return allowed;
}

/** Throws the fault a maker gives: a statement as an expression. */
function raise(fault: () => RuntimeFault): never {
  throw fault();
}

const HELPERS = {
  U: UNAVAILABLE,
  X: UNSET,
  RAISE: raise,
  DV: divide,
  CK: compareWhole,
  CR: compareRatio,
  CM: compare,
  ADD: plus,
  SUB: minus,
  MUL: times,
  NEG: N.neg,
  MIN: least,
  MAX: greatest,
  ABS: N.abs,
};

/** One generated function's constants and the compiler its fallbacks use. */
export class Generator {
  readonly consts: unknown[] = [];
  constructor(
    readonly c: ExprCompiler,
    /** JS source reading the band subject inside an indicator's rows. */
    public subject: string | null = null,
  ) {}

  /** The plan's slot functions, which generated reads call directly. */
  private slotFunctions(): Thunk[] {
    if (!this.c.compute) throw new Error("code generation needs the plan's slot functions");
    return this.c.compute;
  }

  /** A reference to a constant that has no literal form. */
  ref(v: unknown): string {
    let i = this.consts.indexOf(v);
    if (i < 0) i = this.consts.push(v) - 1;
    return `K[${i}]`;
  }

  /** Wraps statements (they see `f`, `v` = f.vals, the helpers and K) into a function. */
  build<T>(body: string, name: string, extra: Record<string, unknown> = {}, params = "f"): T {
    const helpers = { ...HELPERS, ...extra };
    const names = Object.keys(helpers).join(", ");
    const factory = new Function("H", "K", "C", `"use strict";\nconst { ${names} } = H;\nreturn function ${name}(${params}) {\nconst v = f.vals;\nlet x;\n${body}\n};`);
    return factory(helpers, this.consts, this.slotFunctions()) as T;
  }

  /** Reads a name's value (as readSymbol does). */
  read(sym: PolicySymbol, span: Span): string {
    if (sym.kind === "grade") return JSON.stringify(sym.name);
    // Inputs are set (or the row is an error record) before any slot is computed.
    if (sym.kind === "input") return `v[${sym.slot}]`;
    const c = this.c;
    const fault = this.ref(() => unavailable(c, sym, span));
    const slot = sym.slot;
    // Computed on first read by its own function, called from this site (one callee per site:
    // the optimiser can inline it, where a call through a shared reader sees every slot's).
    return `((x = v[${slot}]) !== X ? (x !== U ? x : RAISE(${fault})) : (x = v[${slot}] = C[${slot}](f)) !== U ? x : RAISE(${fault}))`;
  }

  expr(e: Expr): string {
    const compiled = compileExpr(this.c, e);
    const k = constantOf(compiled);
    if (k !== undefined) return this.literal(k);
    switch (e.kind) {
      case "subject":
        if (this.subject === null) throw new Error("band subject outside an indicator");
        return this.subject;
      case "name": {
        const sym = this.c.model.resolved.get(e);
        if (!sym) throw new Error(`unresolved name ${e.name}`);
        return this.read(sym, e.span);
      }
      case "unary":
        return e.op === "not" ? `!${this.expr(e.operand)}` : `NEG(${this.expr(e.operand)})`;
      case "if":
        return `(${this.expr(e.cond)} ? ${this.expr(e.then)} : ${this.expr(e.else)})`;
      case "binary":
        return this.binary(e, compiled);
      case "call":
        switch (e.callee.text) {
          case "min":
          case "max": {
            const fn = e.callee.text === "min" ? "MIN" : "MAX";
            return e.args.map((a) => this.expr(a)).reduce((acc, a) => `${fn}(${acc}, ${a})`);
          }
          case "abs":
            return `ABS(${this.expr(e.args[0])})`;
          default:
            return this.fallback(compiled);
        }
      default:
        // Rare constructs (fact members, lists, matches, rounding calls) keep their closure.
        return this.fallback(compiled);
    }
  }

  private binary(e: Extract<Expr, { kind: "binary" }>, compiled: Thunk): string {
    switch (e.op) {
      case "and":
        return `(${this.expr(e.left)} && ${this.expr(e.right)})`;
      case "or":
        return `(${this.expr(e.left)} || ${this.expr(e.right)})`;
      case "+":
        return `ADD(${this.expr(e.left)}, ${this.expr(e.right)})`;
      case "-":
        return `SUB(${this.expr(e.left)}, ${this.expr(e.right)})`;
      case "*":
        return `MUL(${this.expr(e.left)}, ${this.expr(e.right)})`;
      case "/": {
        const fault = divisionFault(this.c, e);
        return `DV(${this.expr(e.left)}, ${this.expr(e.right)}, ${this.ref(fault)})`;
      }
      default: {
        const lt = this.typeOf(e.left);
        const rt = this.typeOf(e.right);
        if (lt.k === "json" || rt.k === "json") return this.fallback(compiled);
        const op = e.op === "=" ? "===" : e.op === "!=" ? "!==" : e.op;
        if (lt.k !== "num" && rt.k !== "num") return `(${this.expr(e.left)} ${op} ${this.expr(e.right)})`;
        const kr = constantOf(compileExpr(this.c, e.right));
        if (kr !== undefined && N.isNum(kr)) return this.compareToConstant(this.expr(e.left), op, kr);
        const kl = constantOf(compileExpr(this.c, e.left));
        if (kl !== undefined && N.isNum(kl)) return this.compareToConstant(this.expr(e.right), FLIPPED[op] ?? op, kl);
        return `(CM(${this.expr(e.left)}, ${this.expr(e.right)}) ${op} 0)`;
      }
    }
  }

  private compareToConstant(value: string, op: string, k: N.Num): string {
    if (typeof k === "number") return `(CK(${value}, ${this.literal(k)}) ${op} 0)`;
    return `(${k instanceof N.Ratio ? "CR" : "CM"}(${value}, ${this.ref(k)}) ${op} 0)`;
  }

  private typeOf(e: Expr): Type {
    return this.c.model.types.get(e) ?? { k: "unknown" };
  }

  private literal(k: unknown): string {
    if (typeof k === "number" && Number.isSafeInteger(k)) return k < 0 ? `(${k})` : String(k);
    if (typeof k === "string" || typeof k === "boolean" || k === null) return JSON.stringify(k);
    return this.ref(k);
  }

  private fallback(compiled: Thunk): string {
    return `${this.ref(compiled)}(f)`;
  }
}

const FLIPPED: Record<string, string> = { "<": ">", "<=": ">=", ">": "<", ">=": "<=" };

/** A slot's value: `expr`, or `expr when guard` (UNAVAILABLE when the guard is false). */
export function generateValue(c: ExprCompiler, expr: Expr, guard: Expr | null = null, slot = -1): Thunk {
  const g = new Generator(c);
  const value = g.expr(expr);
  return g.build<Thunk>(guard ? `return ${g.expr(guard)} ? ${value} : U;` : `return ${value};`, slot >= 0 ? `slot${slot}` : "value");
}

/**
 * The index of the first row whose condition holds (null: `otherwise`), or -1: an indicator's
 * bands (`own`: the indicator, read as the band subject) or the approval routes.
 */
export function generateFirstMatch(c: ExprCompiler, own: PolicySymbol | null, span: Span, rows: Array<{ cond: Expr | null }>, name: string): (f: Frame) => number {
  const g = new Generator(c, null);
  if (own) g.subject = g.read(own, span);
  const lines: string[] = [];
  for (let r = 0; r < rows.length; r++) {
    const cond = rows[r].cond;
    if (cond === null) {
      lines.push(`return ${r};`);
      break;
    }
    lines.push(`if (${g.expr(cond)}) return ${r};`);
  }
  if (lines.length === 0 || !lines[lines.length - 1].startsWith("return")) lines.push("return -1;");
  return g.build<(f: Frame) => number>(lines.join("\n"), name);
}

/** Flags are filled in order, so the first fault (if any) is the one the loops would meet first. */
export type FlagReader = (f: Frame, out: boolean[]) => void;

/**
 * Whether each of these condition slots holds (=== true), read in the order given. One
 * generated function instead of a loop of reads: each read calls its own slot's function.
 */
export function generateFlags(c: ExprCompiler, slots: number[], name: string): FlagReader {
  const g = new Generator(c);
  const lines = slots.map((slot, i) => `out[${i}] = ((x = v[${slot}]) !== X ? x : (v[${slot}] = C[${slot}](f))) === true;`);
  return g.build<FlagReader>(lines.join("\n"), name, {}, "f, out");
}
