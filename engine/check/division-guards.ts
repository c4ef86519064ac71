/**
 * Divisions that can meet a zero divisor, and guarded values read where their guard is not
 * known to hold: both stop the evaluation for some customers. What is known at a point is
 * what the policy checked on the way there: a let's `when`, enclosing `if`s, the left side of
 * `and` (or its negation for `or`), the band rows above, the terms rows and routes above.
 * Reports only when a customer clearly exists for whom it fails; anything unreadable silences.
 */
import type { Expr, IndicatorDecl, LetDecl, TableDecl, TermRow } from "../../dsl/ast.js";
import type { Span } from "../../dsl/diagnostic.js";
import * as N from "../numeric.js";
import type { Checker } from "./checker.js";
import { type Cond, condOf, describeExample, notOf, PolicySpace, textOf, walkNames } from "./conditions.js";
import { NumSet } from "./intervals.js";
import type { Model, PolicySymbol } from "./model.js";
import { type Box, boxExample, setIntersect, setIsEmpty, TooComplex, vals, type VarSet } from "./regions.js";
import { testsSet } from "./table-coverage.js";

const NEGATIVE = NumSet.range(null, false, 0, false);

interface Context {
  facts: Cond[];
  /** The indicator whose bands are being read (for `<= 40%` rows). */
  subject: string | null;
  /** How to phrase the fix. */
  place: { kind: "let"; decl: LetDecl } | { kind: "band"; indicator: string } | { kind: "other" };
}

export function checkDivisions(model: Model, checker: Checker, source: string): void {
  new GuardAnalysis(model, checker, source).run();
}

class GuardAnalysis {
  private readonly space: PolicySpace;
  private readonly reported = new Set<string>();

  constructor(
    private readonly model: Model,
    private readonly checker: Checker,
    private readonly source: string,
  ) {
    this.space = new PolicySpace(model);
  }

  run(): void {
    const other: Context["place"] = { kind: "other" };
    const plain = (e: Expr | null) => e && this.walk(e, { facts: [], subject: null, place: other });
    for (const d of this.model.ast.decls) {
      switch (d.kind) {
        case "let": {
          const place = { kind: "let" as const, decl: d };
          if (d.guard) this.walk(d.guard, { facts: [], subject: null, place });
          this.walk(d.expr, { facts: d.guard ? [condOf(d.guard)] : [], subject: null, place });
          break;
        }
        case "output":
          plain(d.expr);
          break;
        case "warning":
        case "cap":
          plain(d.cond);
          break;
        case "gradeByScore":
          d.thresholds.forEach((t) => plain(t.min));
          break;
        case "gradeByRules": {
          const before: Cond[] = [];
          for (const r of d.rules) {
            const conds = r.conditions.map((c) => condOf(c.cond));
            for (const c of r.conditions) {
              // A condition read elsewhere by its code is evaluated without the rules above.
              const facts = this.readOutsideTests(c.code.text) ? [] : [...before];
              this.walk(c.cond, { facts, subject: null, place: other });
            }
            before.push(notOf({ k: r.mode === "any" ? "or" : "and", items: conds }));
          }
          break;
        }
        case "scorecard":
          for (const ind of d.indicators) this.indicator(ind);
          break;
        case "terms":
          this.terms(d.rows);
          if (d.rounding) plain(d.rounding.step);
          plain(d.atLeast);
          break;
        case "approval": {
          plain(d.by);
          const before: Cond[] = [];
          for (const r of d.routes) {
            if (!r.cond) continue;
            this.walk(r.cond, { facts: [...before], subject: null, place: other });
            before.push(notOf(condOf(r.cond)));
          }
          if (d.exception) plain(d.exception.cond);
          break;
        }
        case "table":
          this.table(d);
          break;
        default:
          break;
      }
    }
  }

  private readOutsideTests(code: string): boolean {
    const sym = this.model.symbols.get(code);
    const tests = this.model.ast.decls.filter((d) => d.kind === "test").map((d) => d.span);
    return !!sym && sym.references.some((r) => !tests.some((t) => r.start >= t.start && r.end <= t.end));
  }

  private indicator(ind: IndicatorDecl): void {
    const subject = ind.name.text;
    const place = { kind: "band" as const, indicator: subject };
    const before: Cond[] = [];
    let valueRead = false;
    for (const row of ind.rows) {
      if (row.cond) {
        if (ind.expr && !valueRead && readsSubject(row.cond, subject)) {
          // The indicator's own value is computed when a band first reads it.
          this.walk(ind.expr, { facts: [...before], subject, place });
          valueRead = true;
        }
        this.walk(row.cond, { facts: [...before], subject, place });
        this.walk(row.points, { facts: [...before, condOf(row.cond)], subject, place });
        before.push(notOf(condOf(row.cond)));
      } else {
        this.walk(row.points, { facts: [...before], subject, place });
      }
    }
    if (ind.expr && !valueRead) this.walk(ind.expr, { facts: [], subject, place });
  }

  private terms(rows: TermRow[]): void {
    const hasGrade = this.model.symbols.get("grade")?.kind === "builtin";
    const ordered = [...rows.filter((r) => r.override), ...rows.filter((r) => !r.override)];
    const before: Cond[] = [];
    const other = { kind: "other" as const };
    for (const r of ordered) {
      const own: Cond[] = [];
      if (!r.override && r.grade) {
        if (!hasGrade) return;
        own.push({ k: "in", key: "grade", set: vals([r.grade.text]) });
      }
      if (r.guard) this.walk(r.guard, { facts: [...before, ...own], subject: null, place: other });
      const applies = [...own, ...(r.guard ? [condOf(r.guard)] : [])];
      this.walk(r.days, { facts: [...before, ...applies], subject: null, place: other });
      this.walk(r.limit, { facts: [...before, ...applies], subject: null, place: other });
      before.push(notOf({ k: "and", items: applies }));
    }
  }

  private table(d: TableDecl): void {
    const other = { kind: "other" as const };
    d.inputs.forEach((e) => this.walk(e, { facts: [], subject: null, place: other }));
    for (const row of d.rows) {
      const facts: Cond[] = [];
      row.cells.forEach((cell, i) => {
        const col = d.inputs[i];
        const key = col ? this.space.keyOf(col, null) : null;
        const set = key && cell.tests.length ? testsSet(cell.tests, key, this.space) : null;
        if (key && set) facts.push({ k: "in", key, set });
      });
      row.outputs.forEach((o) => this.walk(o, { facts, subject: null, place: other }));
    }
  }

  private walk(e: Expr, ctx: Context): void {
    switch (e.kind) {
      case "binary":
        if (e.op === "and" || e.op === "or") {
          this.walk(e.left, ctx);
          const left = condOf(e.left);
          this.walk(e.right, { ...ctx, facts: [...ctx.facts, e.op === "and" ? left : notOf(left)] });
          return;
        }
        if (e.left.kind === "subject" && ctx.subject) {
          // `<= 40%` reads the indicator's value: point at the whole comparison.
          const sym = this.model.symbols.get(ctx.subject);
          if (sym) this.use(sym, e.span, ctx);
        } else {
          this.walk(e.left, ctx);
        }
        this.walk(e.right, ctx);
        if (e.op === "/") this.division(e, ctx);
        return;
      case "if":
        this.walk(e.cond, ctx);
        this.walk(e.then, { ...ctx, facts: [...ctx.facts, condOf(e.cond)] });
        this.walk(e.else, { ...ctx, facts: [...ctx.facts, notOf(condOf(e.cond))] });
        return;
      case "unary":
        this.walk(e.operand, ctx);
        return;
      case "member":
        this.walk(e.object, ctx);
        return;
      case "call":
        e.args.forEach((a) => this.walk(a, ctx));
        return;
      case "list":
        e.items.forEach((a) => this.walk(a, ctx));
        return;
      case "name": {
        const sym = this.model.resolved.get(e);
        if (sym) this.use(sym, e.span, ctx);
        return;
      }
      case "subject": {
        const sym = ctx.subject ? this.model.symbols.get(ctx.subject) : undefined;
        if (sym) this.use(sym, e.span, ctx);
        return;
      }
      default:
        return;
    }
  }

  private once(code: string, span: Span): boolean {
    const key = `${code}@${span.start}`;
    if (this.reported.has(key)) return false;
    this.reported.add(key);
    return true;
  }

  /** Customers that reach this point, as boxes; null when unreadable. */
  private reach(ctx: Context, extra: Cond[] = []): { under: Box[]; over: Box[] } | null {
    try {
      this.space.opaqueNames.clear();
      return this.space.approx({ k: "and", items: [...ctx.facts, ...extra] }, ctx.subject);
    } catch (e) {
      if (e instanceof TooComplex) return null;
      throw e;
    }
  }

  private use(sym: PolicySymbol, span: Span, ctx: Context): void {
    const d = sym.decl;
    if (sym.kind !== "let" || !d || !("kind" in d) || d.kind !== "let" || !d.guard) return;
    if (ctx.place.kind === "let" && ctx.place.decl === d) return;
    const r = this.reach(ctx, [notOf(condOf(d.guard))]);
    if (!r || r.under.length === 0) return;
    if (!this.once("unguarded-use", span)) return;
    const guard = textOf(this.source, d.guard.span);
    const keys: string[] = [];
    walkNames(d.guard, (n) => keys.push(n));
    const example = boxExample(r.under[0], keys, this.space).filter(([k]) => keys.includes(k));
    const fix =
      ctx.place.kind === "band"
        ? `add a band row above it for these customers, e.g. "${opposite(d.guard, this.source)} -> 0"`
        : ctx.place.kind === "let"
          ? `guard it too: let ${ctx.place.decl.name.text} = … when ${guard}`
          : `check it first: ${guard} and …`;
    this.checker.report(
      "unguarded-use",
      "warning",
      `${sym.name} is only defined when ${guard}, and that is not checked here`,
      span,
      [`e.g. for a customer with ${describeExample(example, this.space)}, ${sym.name} has no value and evaluation stops`, fix],
    );
  }

  private division(e: Extract<Expr, { kind: "binary" }>, ctx: Context): void {
    const divisor = e.right;
    const r = this.reach(ctx);
    if (!r) return;
    const names: string[] = [];
    walkNames(divisor, (n) => names.push(n));
    for (const n of [...names]) {
      const s = this.model.symbols.get(n);
      const d = s?.decl;
      if (d && "kind" in d && d.kind === "let" && !d.guard) walkNames(d.expr, (x) => names.push(x));
    }
    // A check the analysis cannot read mentions the divisor: it may well be the guard.
    if (names.some((n) => this.space.opaqueNames.has(n))) return;
    const box = r.over.find((b) => this.canBeZero(divisor, b, new Set()));
    if (!box || !this.once("unguarded-division", divisor.span)) return;
    const text = textOf(this.source, divisor.span);
    const simple = divisor.kind === "name" || /^\(.*\)$/.test(text) ? text : `(${text})`;
    // A difference can be negative: the guard that fits it is "!= 0".
    const test = this.nonNegative(divisor, new Set()) ? `${simple} > 0` : `${simple} != 0`;
    const minuend = divisor.kind === "binary" && divisor.op === "-" ? this.inputOf(divisor.left) : null;
    const subtrahend = divisor.kind === "binary" && divisor.op === "-" ? this.inputOf(divisor.right) : null;
    const who = minuend && subtrahend ? `whose ${minuend} equals ${subtrahend}` : `with ${simple} = 0`;
    let fix: string;
    switch (ctx.place.kind) {
      case "let": {
        const d = ctx.place.decl;
        const guardNames: string[] = [];
        if (d.guard) walkNames(d.guard, (n) => guardNames.push(n));
        const replace = guardNames.every((n) => names.includes(n)) && names.every((n) => guardNames.includes(n));
        fix = d.guard && !replace
          ? `guard it: let ${d.name.text} = ${textOf(this.source, d.expr.span)} when ${textOf(this.source, d.guard.span)} and ${test}`
          : `guard it: let ${d.name.text} = ${textOf(this.source, d.expr.span)} when ${test}`;
        break;
      }
      case "band":
        fix = `add a band row above it for a zero divisor, e.g. "${simple} = 0 -> 0"`;
        break;
      default:
        fix = `check it first: if ${test} then … else …`;
    }
    this.checker.report("unguarded-division", "warning", `division by ${text}, which can be 0 here`, divisor.span, [
      `for a customer ${who} the evaluation stops with "division by zero"`,
      fix,
    ]);
  }

  private valuesOf(key: string, b: Box): VarSet {
    return b.get(key) ?? this.space.domain(key);
  }

  /** Whether some customer in the box clearly makes `e` zero. */
  private canBeZero(e: Expr, b: Box, seen: Set<string>): boolean {
    const key = e.kind === "name" ? null : this.space.keyOf(e, null);
    if (key && b.has(key)) {
      const s = b.get(key)!;
      if (s.k === "num" && !s.set.contains(0)) return false;
    }
    switch (e.kind) {
      case "number": {
        const c = this.space.constant(e);
        return !!c && c.k === "num" && N.isZero(c.v);
      }
      case "unary":
        return e.op === "-" && this.canBeZero(e.operand, b, seen);
      case "name": {
        const sym = this.model.resolved.get(e);
        if (!sym || seen.has(sym.name)) return false;
        const s = this.valuesOf(sym.name, b);
        if (s.k !== "num" || !s.set.contains(0)) return false;
        if (sym.kind === "input") return true;
        const d = sym.decl;
        if (sym.kind === "let" && d && "kind" in d && d.kind === "let" && !d.guard) return this.canBeZero(d.expr, b, new Set([...seen, sym.name]));
        return false;
      }
      case "binary":
        switch (e.op) {
          case "+":
            return this.nonNegative(e.left, new Set()) && this.nonNegative(e.right, new Set()) && this.canBeZero(e.left, b, seen) && this.canBeZero(e.right, b, seen);
          case "*":
            return this.canBeZero(e.left, b, seen) || this.canBeZero(e.right, b, seen);
          case "-": {
            const l = this.inputOf(e.left);
            const r = this.inputOf(e.right);
            if (!l || !r || l === r) return false;
            const both = setIntersect(this.valuesOf(l, b), this.valuesOf(r, b));
            return !!both && !setIsEmpty(both);
          }
          default:
            return false;
        }
      default:
        return false;
    }
  }

  private inputOf(e: Expr): string | null {
    const sym = e.kind === "name" ? this.model.resolved.get(e) : undefined;
    return sym && sym.kind === "input" ? sym.name : null;
  }

  private nonNegative(e: Expr, seen: Set<string>): boolean {
    switch (e.kind) {
      case "number": {
        const c = this.space.constant(e);
        return !!c && c.k === "num" && N.sign(c.v) >= 0;
      }
      case "name": {
        const sym = this.model.resolved.get(e);
        if (!sym || seen.has(sym.name)) return false;
        if (sym.kind === "input") {
          const d = this.space.domain(sym.name);
          return d.k === "num" && d.set.intersect(NEGATIVE).isEmpty();
        }
        const d = sym.decl;
        if (sym.kind === "let" && d && "kind" in d && d.kind === "let" && !d.guard) return this.nonNegative(d.expr, new Set([...seen, sym.name]));
        return false;
      }
      case "binary":
        return (e.op === "+" || e.op === "*") && this.nonNegative(e.left, seen) && this.nonNegative(e.right, seen);
      default:
        return false;
    }
  }
}

const OPPOSITE: Record<string, string> = { "=": "!=", "!=": "=", "<": ">=", "<=": ">", ">": "<=", ">=": "<" };

/** The negation of a guard as a policy owner would write it: `total_assets > 0` → `total_assets <= 0`. */
function opposite(g: Expr, source: string): string {
  if (g.kind === "binary" && g.op in OPPOSITE) {
    return `${textOf(source, g.left.span)} ${OPPOSITE[g.op]} ${textOf(source, g.right.span)}`;
  }
  return `not (${textOf(source, g.span)})`;
}

function readsSubject(e: Expr, subject: string): boolean {
  let found = false;
  const visit = (x: Expr): void => {
    if (found) return;
    if (x.kind === "subject" || (x.kind === "name" && x.name === subject)) {
      found = true;
      return;
    }
    switch (x.kind) {
      case "binary":
        visit(x.left);
        visit(x.right);
        break;
      case "unary":
        visit(x.operand);
        break;
      case "if":
        visit(x.cond);
        visit(x.then);
        visit(x.else);
        break;
      case "call":
        x.args.forEach(visit);
        break;
      case "member":
        visit(x.object);
        break;
      case "list":
        x.items.forEach(visit);
        break;
      default:
        break;
    }
  };
  visit(e);
  return found;
}
