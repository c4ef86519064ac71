/**
 * Checking: declares every name, resolves every reference, infers types and units, and
 * reports every problem at once. User mistakes are diagnostics, never exceptions.
 */
import type { Decl, EventParam, Expr, IndicatorDecl, RulesetAst, TableDecl, UnaryTest } from "../../dsl/ast.js";
import type { Diagnostic, Severity, Span } from "../../dsl/diagnostic.js";
import { formatNum, parseLiteral } from "../numeric.js";
import { BUILTINS, type BuiltinName, FUNCTIONS, type Model, type PolicySymbol, ROUNDING_MODES, type SymbolKind } from "./model.js";
import { didYouMean } from "./suggest.js";
import { addUnits, assignable, BOOL, describe, divUnits, GRADE, JSON_VALUE, mulUnits, num, TEXT, type Type, UNKNOWN, unify } from "./types.js";

export interface CheckContext {
  /** The indicator value a band row's leading operator compares. */
  subject: Type | null;
}

export class Checker {
  readonly diagnostics: Diagnostic[] = [];
  readonly symbols = new Map<string, PolicySymbol>();
  readonly resolved = new Map<Expr, PolicySymbol>();
  readonly types = new Map<Expr, Type>();
  readonly tables = new Map<string, TableDecl>();
  /** Symbol name → names it reads (for cycles and unused inputs). */
  readonly deps = new Map<string, Set<string>>();
  grades: string[] = [];
  private owner: string | null = null;
  private inferring = new Set<string>();
  private nextSlot = 0;

  constructor(readonly ast: RulesetAst) {}

  report(code: string, severity: Severity, message: string, span: Span, notes?: string[]): void {
    this.diagnostics.push(notes ? { code, severity, message, span, notes } : { code, severity, message, span });
  }

  // ── Declarations ───────────────────────────────────────────────────────────

  declare(name: string, kind: SymbolKind, type: Type, span: Span | null, decl: PolicySymbol["decl"], label: string | null): PolicySymbol | null {
    const existing = this.symbols.get(name);
    if (existing) {
      if (span) {
        const where = existing.span ? ` (line ${existing.span.line})` : "";
        const code = kind === "warning" || kind === "cap" || kind === "condition" || kind === "rule" ? "duplicate-code" : "duplicate-name";
        this.report(code, "error", `"${name}" is already declared${where} as ${article(existing.kind)}`, span);
      }
      return null;
    }
    const sym: PolicySymbol = { name, kind, type, label, span, decl, references: [], slot: this.nextSlot++ };
    this.symbols.set(name, sym);
    return sym;
  }

  run(): Model {
    this.collectGrades();
    this.declareAll();
    this.inferAll();
    return {
      ast: this.ast,
      symbols: this.symbols,
      resolved: this.resolved,
      types: this.types,
      grades: this.grades,
      diagnostics: this.diagnostics,
      tables: this.tables,
    };
  }

  private collectGrades(): void {
    const decls = this.ast.decls;
    const explicit = decls.find((d) => d.kind === "grades");
    if (explicit && explicit.kind === "grades") {
      const seen = new Set<string>();
      for (const n of explicit.names) {
        if (seen.has(n.text)) this.report("duplicate-grade", "error", `grade ${n.text} is listed twice`, n.span);
        seen.add(n.text);
      }
      this.grades = [...seen];
      return;
    }
    const byScore = decls.find((d) => d.kind === "gradeByScore");
    if (byScore && byScore.kind === "gradeByScore") {
      this.grades = [...new Set([...byScore.thresholds.map((t) => t.grade.text), ...(byScore.otherwise ? [byScore.otherwise.text] : [])])];
      return;
    }
    const names = new Set<string>();
    for (const d of decls) {
      if (d.kind === "gradeByRules") {
        for (const r of d.rules) names.add(r.grade.text);
        if (d.otherwise) names.add(d.otherwise.text);
      }
      if (d.kind === "cap") names.add(d.grade.text);
    }
    this.grades = [...names].sort();
  }

  private declareAll(): void {
    const decls = this.ast.decls;
    const has = (k: Decl["kind"]) => decls.some((d) => d.kind === k);
    for (const d of decls) {
      switch (d.kind) {
        case "input":
          this.declare(d.name.text, "input", inputType(d), d.name.span, d, d.label);
          break;
        case "let":
          this.declare(d.name.text, "let", UNKNOWN, d.name.span, d, d.label);
          break;
        case "output":
          this.declare(d.name.text, "output", UNKNOWN, d.name.span, d, d.label);
          break;
        case "warning":
          this.declare(d.code.text, "warning", BOOL, d.code.span, d, d.label);
          break;
        case "cap":
          this.declare(d.code.text, "cap", BOOL, d.code.span, d, d.label);
          break;
        case "rule":
          this.declare(d.code.text, "rule", BOOL, d.code.span, d, d.label);
          break;
        case "gradeByRules":
          for (const r of d.rules) for (const c of r.conditions) this.declare(c.code.text, "condition", BOOL, c.code.span, d, c.label);
          break;
        case "table":
          this.tables.set(d.name.text, d);
          this.declare(d.name.text, "table", UNKNOWN, d.name.span, d, d.label);
          break;
        default:
          break;
      }
    }
    for (const d of decls) {
      if (d.kind !== "scorecard") continue;
      for (const ind of d.indicators) {
        if (ind.expr) this.declare(ind.name.text, "indicator", UNKNOWN, ind.name.span, ind, ind.label);
      }
    }
    const declareBuiltin = (name: BuiltinName, type: Type, present: boolean) => {
      if (!present) return;
      if (this.symbols.has(name)) {
        const s = this.symbols.get(name)!;
        if (s.span) this.report("reserved-name", "error", `"${name}" is a builtin name (${BUILTINS[name]}); choose another name`, s.span);
        this.symbols.delete(name);
      }
      this.declare(name, "builtin", type, null, null, BUILTINS[name]);
    };
    declareBuiltin("score", num("number"), has("scorecard"));
    declareBuiltin("score_grade", GRADE, has("gradeByScore"));
    declareBuiltin("grade", GRADE, has("gradeByScore") || has("gradeByRules") || has("cap"));
    declareBuiltin("limit", num("money"), has("terms"));
    declareBuiltin("term", num("days"), has("terms"));
    declareBuiltin("frozen", BOOL, true);
    for (const g of this.grades) {
      if (!this.symbols.has(g)) this.declare(g, "grade", GRADE, null, null, null);
    }
  }

  // ── Inference ──────────────────────────────────────────────────────────────

  private withOwner<T>(owner: string, f: () => T): T {
    const saved = this.owner;
    this.owner = owner;
    if (!this.deps.has(owner)) this.deps.set(owner, new Set());
    try {
      return f();
    } finally {
      this.owner = saved;
    }
  }

  /** The type of a let/output/indicator/table, inferring it on first use. */
  typeOf(sym: PolicySymbol, useSpan: Span | null): Type {
    if (sym.type.k !== "unknown" || (sym.kind !== "let" && sym.kind !== "output" && sym.kind !== "indicator" && sym.kind !== "table")) return sym.type;
    if (this.inferring.has(sym.name)) {
      if (useSpan) {
        const chain = [...this.inferring];
        const path = [...chain.slice(chain.indexOf(sym.name)), sym.name].join(" → ");
        this.report("cycle", "error", `"${sym.name}" depends on itself: ${path}`, useSpan);
      }
      return UNKNOWN;
    }
    this.inferring.add(sym.name);
    try {
      sym.type = this.withOwner(sym.name, () => this.inferDefinition(sym));
      // Keep the inferred type even if unknown so we do not re-infer (and re-report).
      if (sym.type.k === "unknown") sym.type = { k: "unknown" };
      return sym.type;
    } finally {
      this.inferring.delete(sym.name);
    }
  }

  private done = new Set<string>();

  private inferDefinition(sym: PolicySymbol): Type {
    this.done.add(sym.name);
    const d = sym.decl;
    if (!d) return UNKNOWN;
    if ("kind" in d && d.kind === "let") {
      if (d.guard) this.expectBool(d.guard, "the condition after when");
      return this.infer(d.expr);
    }
    if ("kind" in d && d.kind === "output") return this.infer(d.expr);
    if ("kind" in d && d.kind === "table") return this.checkTable(d);
    const ind = d as IndicatorDecl;
    return ind.expr ? this.infer(ind.expr) : UNKNOWN;
  }

  private inferAll(): void {
    for (const d of this.ast.decls) {
      switch (d.kind) {
        case "input":
          this.checkInput(d);
          break;
        case "let":
        case "output":
        case "table": {
          const sym = this.symbols.get(d.kind === "table" ? d.name.text : d.name.text);
          if (sym && sym.decl === d && !this.done.has(sym.name)) this.typeOf(sym, null);
          break;
        }
        case "scorecard":
          this.withOwner("score", () => {
            for (const ind of d.indicators) this.checkIndicator(ind);
          });
          break;
        case "gradeByScore":
          this.withOwner("score_grade", () => {
            if (!this.symbols.has("score") || this.symbols.get("score")!.kind !== "builtin") {
              this.report("no-scorecard", "error", "grade by score needs a scorecard", d.span);
            }
            for (const t of d.thresholds) {
              this.expectGrade(t.grade.text, t.grade.span);
              this.expectNumber(t.min, "a score threshold");
            }
            if (d.otherwise) this.expectGrade(d.otherwise.text, d.otherwise.span);
          });
          break;
        case "gradeByRules":
          this.withOwner("grade", () => {
            for (const r of d.rules) {
              this.expectGrade(r.grade.text, r.grade.span);
              for (const c of r.conditions) this.withOwner(c.code.text, () => this.expectBool(c.cond, `condition ${c.code.text}`));
            }
            if (d.otherwise) this.expectGrade(d.otherwise.text, d.otherwise.span);
          });
          break;
        case "cap":
          this.withOwner(d.code.text, () => {
            this.expectGrade(d.grade.text, d.grade.span);
            this.expectBool(d.cond, `the condition of cap ${d.code.text}`);
          });
          break;
        case "terms":
          this.withOwner("limit", () => {
            for (const row of d.rows) {
              if (row.grade) this.expectGrade(row.grade.text, row.grade.span);
              if (row.guard) this.expectBool(row.guard, "the condition after when");
              const days = this.infer(row.days);
              if (!(days.k === "unknown" || (days.k === "num" && (days.unit === "days" || days.unit === "literal" || days.unit === "int")))) {
                this.report("type-mismatch", "error", `a term must be days (e.g. 30 days), not ${describe(days)}`, row.days.span);
              }
              const limit = this.infer(row.limit);
              if (!(limit.k === "unknown" || (limit.k === "num" && (limit.unit === "money" || limit.unit === "literal")))) {
                this.report("unit-mismatch", "error", `a limit must be money, not ${describe(limit)}`, row.limit.span);
              }
            }
            if (d.rounding) this.expectNumber(d.rounding.step, "the rounding step");
            if (d.atLeast) this.infer(d.atLeast);
          });
          this.deps.set("term", this.deps.get("limit")!);
          break;
        case "warning":
          this.withOwner(d.code.text, () => this.expectBool(d.cond, `the condition of warning ${d.code.text}`));
          if (!["info", "warning", "critical"].includes(d.severity.text)) {
            const hint = didYouMean(d.severity.text, ["info", "warning", "critical"]);
            this.report("unknown-severity", "error", `unknown severity "${d.severity.text}": use info, warning or critical${hint}`, d.severity.span);
          }
          break;
        case "rule":
          this.withOwner(d.code.text, () => {
            this.expectBool(d.cond, `the condition of rule ${d.code.text}`);
            if (d.event.params) this.checkParam(d.event.params);
          });
          break;
        case "approval":
          this.withOwner("approval", () => {
            if (d.by) this.infer(d.by);
            for (const r of d.routes) if (r.cond) this.expectBool(r.cond, "the condition of an approval route");
            if (d.exception) this.expectBool(d.exception.cond, "the exception condition");
          });
          break;
        case "test":
          this.withOwner(`test ${d.name.text}`, () => {
            for (const g of d.given) {
              const sym = this.symbols.get(g.name.text);
              if (!sym || sym.kind !== "input") {
                const inputs = [...this.symbols.values()].filter((s) => s.kind === "input").map((s) => s.name);
                this.report("unknown-input", "error", `"${g.name.text}" is not an input of this ruleset${didYouMean(g.name.text, inputs)}`, g.name.span);
              } else {
                sym.references.push(g.name.span);
              }
              this.infer(g.value);
            }
            for (const e of d.expects) this.expectBool(e, "an expectation");
          });
          break;
        default:
          break;
      }
    }
    const frozenDeps = new Set<string>();
    for (const s of this.symbols.values()) if (s.kind === "warning") frozenDeps.add(s.name);
    this.deps.set("frozen", frozenDeps);
  }

  private checkParam(p: EventParam): void {
    if (p.kind === "object") for (const e of p.entries) this.checkParam(e.value);
    else if (p.kind === "array") for (const i of p.items) this.checkParam(i);
    else if (p.kind === "value") this.infer(p.expr);
  }

  private checkInput(d: Extract<Decl, { kind: "input" }>): void {
    const t = inputType(d);
    if (t.k === "json" && (d.default || d.range || d.signed)) {
      this.report("json-input", "error", `a json input takes any JSON value as it comes: it has no default, range or sign`, d.type.span);
    }
    if (d.signed && !(t.k === "num" && (t.unit === "money" || t.unit === "number" || t.unit === "ratio"))) {
      this.report("signed-not-numeric", "error", `"signed" only applies to money, ratio or number inputs`, d.type.span);
    }
    if (d.default) {
      const dt = this.infer(d.default);
      if (!assignable(t, dt)) this.report("type-mismatch", "error", `the default of ${d.name.text} must be ${describe(t)}, not ${describe(dt)}`, d.default.span);
    }
    if (d.range) {
      this.expectNumber(d.range.low, "the low end of the range");
      this.expectNumber(d.range.high, "the high end of the range");
    }
  }

  private checkIndicator(ind: IndicatorDecl): void {
    let subject: Type = UNKNOWN;
    if (ind.expr) {
      const sym = this.symbols.get(ind.name.text);
      subject = sym && sym.decl === ind ? this.typeOf(sym, null) : this.infer(ind.expr);
      this.deps.get(this.owner!)?.add(ind.name.text);
    } else {
      const sym = this.lookup(ind.name.text, ind.name.span);
      if (sym) subject = this.typeOf(sym, ind.name.span);
    }
    if (subject.k !== "unknown" && subject.k !== "num" && subject.k !== "bool" && subject.k !== "text") {
      this.report("type-mismatch", "error", `indicator ${ind.name.text} must be a number, true/false or text, not ${describe(subject)}`, ind.name.span);
    }
    this.expectNumber(ind.weight, "a weight");
    for (const row of ind.rows) {
      if (row.cond) this.expectBool(row.cond, "a band condition", { subject });
      this.expectNumber(row.points, "points");
    }
  }

  private checkTable(d: TableDecl): Type {
    const inputTypes = d.inputs.map((e) => this.infer(e));
    // A header without output columns is a syntax error already reported; say nothing more.
    if (d.outputs.length === 0) return UNKNOWN;
    const outputTypes: Type[] = d.outputs.map(() => UNKNOWN);
    for (const row of d.rows) {
      if (row.cells.length !== d.inputs.length) {
        const columns = d.inputs.map((e) => shortText(e)).join(" | ");
        this.report("table-shape", "error", `this row has ${plural(row.cells.length, "input cell")} but the table has ${plural(d.inputs.length, "input column")} (${columns})`, row.span);
      }
      if (row.outputs.length !== d.outputs.length) {
        const columns = d.outputs.map((c) => c.name.text).join(" | ");
        this.report("table-shape", "error", `this row has ${plural(row.outputs.length, "output cell")} but the table has ${plural(d.outputs.length, "output column")} (${columns})`, row.span);
      }
      row.cells.forEach((cell, i) => {
        const subject = inputTypes[i] ?? UNKNOWN;
        for (const t of cell.tests) this.checkUnaryTest(t, subject);
      });
      row.outputs.forEach((o, i) => {
        const t = this.infer(o);
        if (i >= outputTypes.length) return;
        const u = unify(outputTypes[i], t);
        if (!u) this.report("type-mismatch", "error", `column ${d.outputs[i].name.text} mixes ${describe(outputTypes[i])} and ${describe(t)}`, o.span);
        else outputTypes[i] = u;
      });
    }
    d.outputs.forEach((col, i) => {
      for (const v of col.order) {
        const t = this.infer(v);
        const u = unify(outputTypes[i], t);
        if (!u) this.report("type-mismatch", "error", `the value order of ${col.name.text} mixes ${describe(outputTypes[i])} and ${describe(t)}`, v.span);
      }
    });
    d.outputs.forEach((col, i) => {
      if (col.order.length === 0) return;
      const listed = col.order.map(literalKey);
      for (const row of d.rows) {
        const o = row.outputs[i];
        const key = o ? literalKey(o) : null;
        if (key === null || listed.includes(key)) continue;
        const ranks = d.hit === "priority" || d.hit === "output order" ? `; hit policy ${d.hit} cannot rank it` : "";
        const values = col.order.map((v) => shortText(v)).join(", ");
        this.report("unknown-output-value", "error", `${shortText(o)} is not one of the values of column ${col.name.text} (${values})${ranks}`, o.span);
      }
    });
    if ((d.hit === "priority" || d.hit === "output order") && d.outputs.every((c) => c.order.length === 0)) {
      this.report("missing-output-order", "error", `hit policy ${d.hit} needs the output values in priority order, e.g. | status in ("DECLINE", "REFER", "ACCEPT") |`, d.hitSpan);
    }
    if (d.aggregation && d.aggregation !== "count") {
      if (d.outputs.length !== 1) this.report("table-shape", "error", `collect ${d.aggregation} needs exactly one output column`, d.hitSpan);
      else if (outputTypes[0].k !== "num" && outputTypes[0].k !== "unknown") this.report("type-mismatch", "error", `collect ${d.aggregation} needs numbers, not ${describe(outputTypes[0])}`, d.hitSpan);
    }
    const row: Type = d.outputs.length === 1 ? outputTypes[0] : { k: "record", fields: d.outputs.map((c, i) => [c.name.text, outputTypes[i]]) };
    if (d.aggregation === "count") return num("int");
    if (d.aggregation) return row;
    if (d.hit === "collect" || d.hit === "rule order" || d.hit === "output order") return { k: "list", of: row };
    return row;
  }

  private checkUnaryTest(t: UnaryTest, subject: Type): void {
    switch (t.kind) {
      case "compare": {
        const v = this.infer(t.value);
        this.compatible(t.op, subject, v, t.span);
        break;
      }
      case "range": {
        this.compatible("<=", subject, this.infer(t.low), t.low.span);
        this.compatible("<=", subject, this.infer(t.high), t.high.span);
        break;
      }
      case "not":
        for (const x of t.tests) this.checkUnaryTest(x, subject);
        break;
    }
  }

  private expectGrade(name: string, span: Span): void {
    if (!this.grades.includes(name)) {
      this.report("unknown-grade", "error", `unknown grade "${name}": the grades are ${this.grades.join(", ") || "(none declared)"}${didYouMean(name, this.grades)}`, span);
      return;
    }
    const sym = this.symbols.get(name);
    if (sym?.kind === "grade") sym.references.push(span);
  }

  expectBool(e: Expr, what: string, ctx?: Partial<CheckContext>): void {
    const t = this.infer(e, ctx);
    if (t.k !== "bool" && t.k !== "unknown") this.report("not-a-condition", "error", `${what} must be true/false, but this is ${describe(t)}`, e.span);
  }

  expectNumber(e: Expr, what: string): void {
    const t = this.infer(e);
    if (t.k !== "num" && t.k !== "unknown") this.report("type-mismatch", "error", `${what} must be a number, not ${describe(t)}`, e.span);
  }

  lookup(name: string, span: Span): PolicySymbol | null {
    const sym = this.symbols.get(name);
    if (!sym) {
      const candidates = [...this.symbols.keys()];
      const builtinHint = name in BUILTINS ? ` (${name} needs ${builtinNeeds(name as BuiltinName)})` : "";
      this.report("unknown-name", "error", `unknown name "${name}"${builtinHint}${didYouMean(name, candidates)}`, span);
      return null;
    }
    sym.references.push(span);
    if (this.owner) this.deps.get(this.owner)?.add(name);
    return sym;
  }

  infer(e: Expr, ctx?: Partial<CheckContext>): Type {
    const t = this.inferInner(e, { subject: ctx?.subject ?? null });
    this.types.set(e, t);
    return t;
  }

  private compatible(op: string, a: Type, b: Type, span: Span): void {
    if (a.k === "unknown" || b.k === "unknown") return;
    // JSON values compare with anything, as json-rules-engine does (docs/interop.md).
    if (a.k === "json" || b.k === "json") return;
    if (a.k === "num" && b.k === "num") {
      if (!addUnits(a.unit, b.unit)) this.report("unit-mismatch", "error", `cannot compare ${describe(a)} with ${describe(b)}`, span);
      return;
    }
    if (a.k !== b.k) {
      this.report("type-mismatch", "error", `cannot compare ${describe(a)} with ${describe(b)}`, span);
      return;
    }
    if (op !== "=" && op !== "!=" && a.k !== "num") {
      this.report("type-mismatch", "error", `"${op}" compares numbers; ${describe(a)} can only be compared with = or !=`, span);
    }
    if (a.k === "text" && b.k === "text") {
      const values = a.values ?? b.values;
      const other = a.values ? b : a;
      if (values && other.k === "text" && other.values === null) {
        // A literal compared with an enumeration must be one of its values.
        const lit = this.lastStringLiteral;
        if (lit !== null && !values.includes(lit)) this.report("unknown-value", "error", `"${lit}" is not one of ${values.map((v) => `"${v}"`).join(", ")}${didYouMean(lit, values)}`, span);
      }
    }
  }

  private lastStringLiteral: string | null = null;

  private inferInner(e: Expr, ctx: CheckContext): Type {
    switch (e.kind) {
      case "number": {
        try {
          parseLiteral(e.text);
        } catch {
          this.report("bad-number", "error", `"${e.text}" is not a number`, e.span);
        }
        return num(e.unit === "days" ? "days" : "literal");
      }
      case "string":
        this.lastStringLiteral = e.value;
        return TEXT;
      case "bool":
        return BOOL;
      case "null":
        return JSON_VALUE;
      case "error":
        return UNKNOWN;
      case "subject":
        if (!ctx.subject) {
          this.report("no-subject", "error", "a row can only start with a comparison inside an indicator's bands or a table cell", e.span);
          return UNKNOWN;
        }
        return ctx.subject;
      case "name": {
        const sym = this.lookup(e.name, e.span);
        if (!sym) return UNKNOWN;
        this.resolved.set(e, sym);
        return this.typeOf(sym, e.span);
      }
      case "member": {
        const obj = this.infer(e.object, ctx);
        if (obj.k === "unknown") return UNKNOWN;
        if (obj.k !== "record") {
          this.report("type-mismatch", "error", `"${e.name.text}" can only be read from a table row with several outputs, not from ${describe(obj)}`, e.name.span);
          return UNKNOWN;
        }
        const field = obj.fields.find(([n]) => n === e.name.text);
        if (!field) {
          this.report("unknown-name", "error", `the row has no column "${e.name.text}"${didYouMean(e.name.text, obj.fields.map(([n]) => n))}`, e.name.span);
          return UNKNOWN;
        }
        return field[1];
      }
      case "unary": {
        const t = this.infer(e.operand, ctx);
        if (e.op === "not") {
          if (t.k !== "bool" && t.k !== "unknown") this.report("not-a-condition", "error", `"not" needs true/false, but this is ${describe(t)}`, e.operand.span);
          return BOOL;
        }
        if (t.k !== "num" && t.k !== "unknown") this.report("type-mismatch", "error", `"-" needs a number, not ${describe(t)}`, e.operand.span);
        return t;
      }
      case "binary":
        return this.inferBinary(e, ctx);
      case "match":
        return this.inferMatch(e, ctx);
      case "if": {
        this.expectBool(e.cond, "the condition after if", ctx);
        const a = this.infer(e.then, ctx);
        const b = this.infer(e.else, ctx);
        const u = unify(a, b);
        if (!u) {
          this.report("type-mismatch", "error", `"then" gives ${describe(a)} but "else" gives ${describe(b)}`, e.else.span);
          return UNKNOWN;
        }
        return u;
      }
      case "list": {
        let of: Type = UNKNOWN;
        for (const item of e.items) {
          const t = this.infer(item, ctx);
          const u = unify(of, t);
          if (!u) this.report("type-mismatch", "error", `a list cannot mix ${describe(of)} and ${describe(t)}`, item.span);
          else of = u;
        }
        return { k: "list", of };
      }
      case "call":
        return this.inferCall(e, ctx);
    }
  }

  private inferBinary(e: Extract<Expr, { kind: "binary" }>, ctx: CheckContext): Type {
    if (e.op === "and" || e.op === "or") {
      this.expectBool(e.left, `the left side of "${e.op}"`, ctx);
      this.expectBool(e.right, `the right side of "${e.op}"`, ctx);
      return BOOL;
    }
    this.lastStringLiteral = null;
    const mark = this.diagnostics.length;
    const a = this.infer(e.left, ctx);
    const b = this.infer(e.right, ctx);
    if (a.k === "json" || b.k === "json") this.allowMixedLists(mark);
    if (e.op === "=" || e.op === "!=" || e.op === "<" || e.op === "<=" || e.op === ">" || e.op === ">=") {
      this.compatible(e.op, a, b, e.span);
      return BOOL;
    }
    if (a.k === "unknown" || b.k === "unknown") return a.k === "num" ? a : b.k === "num" ? b : UNKNOWN;
    if (a.k !== "num" || b.k !== "num") {
      const bad = a.k !== "num" ? e.left : e.right;
      this.report("type-mismatch", "error", `"${e.op}" needs numbers, but this is ${describe(a.k !== "num" ? a : b)}`, bad.span);
      return UNKNOWN;
    }
    const unit = e.op === "+" || e.op === "-" ? addUnits(a.unit, b.unit) : e.op === "*" ? mulUnits(a.unit, b.unit) : divUnits(a.unit, b.unit);
    if (!unit) {
      const verb = e.op === "+" ? "add" : e.op === "-" ? "subtract" : e.op === "*" ? "multiply" : "divide";
      this.report("unit-mismatch", "error", `cannot ${verb} ${describe(a)} and ${describe(b)}`, e.opSpan);
      return UNKNOWN;
    }
    return num(unit);
  }

  /** A list compared with a JSON value may mix kinds of values, as JSON lists do. */
  private allowMixedLists(mark: number): void {
    for (let i = this.diagnostics.length - 1; i >= mark; i--) {
      if (this.diagnostics[i].message.startsWith("a list cannot mix")) this.diagnostics.splice(i, 1);
    }
  }

  /** `x in list`, `list contains x`, `any of xs < y`: lists (or JSON values) where the test needs them. */
  private inferMatch(e: Extract<Expr, { kind: "match" }>, ctx: CheckContext): Type {
    const mark = this.diagnostics.length;
    const a = this.infer(e.left, ctx);
    const b = this.infer(e.right, ctx);
    // With a JSON value on either side, any value goes: json-rules-engine decides at run time.
    if (a.k === "json" || b.k === "json") {
      this.allowMixedLists(mark);
      return BOOL;
    }
    const needList = (t: Type, side: Expr, why: string): Type => {
      if (t.k === "list") return t.of;
      if (t.k !== "json" && t.k !== "unknown") this.report("type-mismatch", "error", `${why} needs a list, not ${describe(t)}`, side.span);
      return t.k === "json" ? JSON_VALUE : UNKNOWN;
    };
    const left = e.leftQ ? needList(a, e.left, `"${e.leftQ} of"`) : a;
    const right = e.rightQ ? needList(b, e.right, `"${e.rightQ} of"`) : b;
    switch (e.op) {
      case "in":
      case "not in":
        if (right.k !== "list" && right.k !== "json" && right.k !== "unknown" && !(right.k === "text" && left.k === "json")) {
          this.report("type-mismatch", "error", `"${e.op}" needs a list on its right, not ${describe(right)}`, e.right.span);
        }
        break;
      case "contains":
      case "not contains":
        if (left.k !== "list" && left.k !== "json" && left.k !== "unknown") this.report("type-mismatch", "error", `"${e.op}" needs a list on its left, not ${describe(left)}`, e.left.span);
        break;
      default:
        this.compatible(e.op, left, right, e.span);
    }
    return BOOL;
  }

  private inferCall(e: Extract<Expr, { kind: "call" }>, ctx: CheckContext): Type {
    const name = e.callee.text;
    const args = e.args;
    if (!(name in FUNCTIONS)) {
      for (const a of args) this.infer(a, ctx);
      this.report("unknown-function", "error", `unknown function "${name}"${didYouMean(name, Object.keys(FUNCTIONS))}`, e.callee.span);
      return UNKNOWN;
    }
    const arity = (lo: number, hi: number) => {
      if (args.length < lo || args.length > hi) {
        this.report("wrong-arguments", "error", `${FUNCTIONS[name].signature} takes ${lo === hi ? lo : `${lo} to ${hi === Infinity ? "any number of" : hi}`} argument${hi === 1 ? "" : "s"}, not ${args.length}`, e.span);
      }
    };
    switch (name) {
      case "min":
      case "max": {
        arity(1, Infinity);
        let t: Type = UNKNOWN;
        for (const a of args) {
          const at = this.infer(a, ctx);
          if (at.k !== "num" && at.k !== "unknown") {
            this.report("type-mismatch", "error", `${name} needs numbers, not ${describe(at)}`, a.span);
            continue;
          }
          const u = unify(t, at);
          if (!u) this.report("unit-mismatch", "error", `${name} cannot mix ${describe(t)} and ${describe(at)}`, a.span);
          else t = u;
        }
        return t;
      }
      case "abs": {
        arity(1, 1);
        const t = args[0] ? this.infer(args[0], ctx) : UNKNOWN;
        if (t.k !== "num" && t.k !== "unknown") this.report("type-mismatch", "error", `abs needs a number, not ${describe(t)}`, args[0].span);
        return t;
      }
      case "round":
      case "floor":
      case "ceil": {
        arity(1, name === "round" ? 3 : 2);
        const t = args[0] ? this.infer(args[0], ctx) : UNKNOWN;
        if (t.k !== "num" && t.k !== "unknown") this.report("type-mismatch", "error", `${name} needs a number, not ${describe(t)}`, args[0].span);
        if (args[1]) this.expectNumber(args[1], "the step");
        if (args[2]) {
          const m = args[2];
          if (m.kind !== "name" || !(ROUNDING_MODES as readonly string[]).includes(m.name)) {
            const word = m.kind === "name" ? `unknown rounding mode "${m.name}"` : "the rounding mode must be a name";
            this.report("unknown-rounding", "error", `${word}: use ${ROUNDING_MODES.join(", ")}${m.kind === "name" ? didYouMean(m.name, ROUNDING_MODES) : ""}`, m.span);
          }
        }
        return t;
      }
      case "power": {
        arity(2, 2);
        const t = args[0] ? this.infer(args[0], ctx) : UNKNOWN;
        if (t.k === "num" && (t.unit === "money" || t.unit === "days")) this.report("unit-mismatch", "error", `power cannot raise ${describe(t)}; use it on plain numbers or ratios`, args[0].span);
        else if (t.k !== "num" && t.k !== "unknown") this.report("type-mismatch", "error", `power needs a number, not ${describe(t)}`, args[0].span);
        if (args[1]) this.expectNumber(args[1], "the exponent");
        return t.k === "num" && t.unit === "int" ? num("number") : t;
      }
      case "contains": {
        arity(2, 2);
        const l = args[0] ? this.infer(args[0], ctx) : UNKNOWN;
        if (args[1]) this.infer(args[1], ctx);
        if (l.k !== "list" && l.k !== "unknown") this.report("type-mismatch", "error", `contains needs a list first, not ${describe(l)}`, args[0].span);
        return BOOL;
      }
      case "count": {
        arity(1, 1);
        const l = args[0] ? this.infer(args[0], ctx) : UNKNOWN;
        if (l.k !== "list" && l.k !== "unknown") this.report("type-mismatch", "error", `count needs a list, not ${describe(l)}`, args[0].span);
        return num("int");
      }
      default:
        return UNKNOWN;
    }
  }
}

export function inputType(d: Extract<Decl, { kind: "input" }>): Type {
  switch (d.type.name) {
    case "money":
      return num("money");
    case "ratio":
      return num("ratio");
    case "number":
      return num("number");
    case "int":
      return num("int");
    case "days":
      return num("days");
    case "bool":
      return BOOL;
    case "text":
      return TEXT;
    case "enum":
      return { k: "text", values: d.type.values.map((v) => v.value) };
    case "json":
      return JSON_VALUE;
  }
}

/** How a column or value reads in a message: literals and names as written, anything else as "…". */
function shortText(e: Expr): string {
  switch (e.kind) {
    case "name":
      return e.name;
    case "string":
      return `"${e.value}"`;
    case "number":
      return e.unit ? `${e.text} days` : e.text;
    case "bool":
      return String(e.value);
    case "member":
      return `${shortText(e.object)}.${e.name.text}`;
    default:
      return "…";
  }
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/** A literal output value as a comparable key (numbers by value: 0.5 = 50%), or null for expressions. */
function literalKey(e: Expr): string | null {
  switch (e.kind) {
    case "string":
      return `t:${e.value}`;
    case "bool":
      return `b:${e.value}`;
    case "number":
      try {
        return `n:${e.unit ?? ""}:${formatNum(parseLiteral(e.text))}`;
      } catch {
        return null;
      }
    default:
      return null;
  }
}

function article(kind: SymbolKind): string {
  return kind === "input" ? "an input" : kind === "indicator" ? "an indicator" : `a ${kind}`;
}

function builtinNeeds(name: BuiltinName): string {
  switch (name) {
    case "score":
      return "a scorecard";
    case "score_grade":
      return "grade by score";
    case "grade":
      return "grade by score or grade by rules";
    case "limit":
    case "term":
      return "terms by grade";
    case "frozen":
      return "warnings";
  }
}
