/**
 * Model → plan: every name gets a slot and a closure that computes it on first read; the
 * scorecard, grade, terms, warnings and approval routing become small loops over prebuilt data.
 */
import type { ApprovalDecl, EventParam, Expr, GradeByRules, GradeByScore, IndicatorDecl, TableDecl, TermsDecl, TestDecl } from "../../dsl/ast.js";
import type { Span } from "../../dsl/diagnostic.js";
import { inputType } from "../check/checker.js";
import type { Model, PolicySymbol } from "../check/model.js";
import type { Type } from "../check/types.js";
import * as N from "../numeric.js";
import { canGenerate, type FlagReader, generateFirstMatch, generateFlags, generateValue, Generator } from "./codegen.js";
import { compileExpr, compileUnaryTest, type ExprCompiler, readSymbol, valuesEqual } from "./expr.js";
import { type Frame, type IndicatorOutcome, read, RuntimeFault, type Thunk, UNAVAILABLE } from "./frame.js";

export interface InputSpec {
  name: string;
  slot: number;
  type: Type;
  signed: boolean;
  /** Constant default, already built. */
  default: unknown;
  hasDefault: boolean;
  low: N.Num | null;
  high: N.Num | null;
  label: string | null;
  /** `from "a.b[0]"`: where in the facts the value is read; null reads the input's own name. */
  path: Array<string | number> | null;
  pathText: string | null;
}

export interface CompiledBand {
  points: Thunk;
  span: Span;
  /** When the points are a literal: points, weight × points / 100, and their texts, built once. */
  constant: { points: N.Num; pointsText: string; contribution: N.Num; contributionText: string } | null;
}

export interface CompiledIndicator {
  code: string;
  label: string | null;
  weight: N.Num;
  weightText: string;
  value: Thunk;
  /** The index of the band row that applies to this customer, -1 when none does. */
  match: (f: Frame) => number;
  /** The slot holding the indicator's value (UNAVAILABLE when its guard is false). */
  slot: number;
  rows: CompiledBand[];
  span: Span;
}

export interface CompiledWarning {
  code: string;
  label: string | null;
  severity: string;
  action: string;
  slot: number;
  cond: Expr;
  record: { code: string; severity: string; action: string };
}

export interface CompiledRoute {
  level: number | null;
  none: boolean;
  cond: Thunk | null;
  chain: string[];
  span: Span;
}

export interface CompiledApproval {
  routes: CompiledRoute[];
  /** The index of the first route whose condition holds, -1 when none does. */
  match: (f: Frame) => number;
  hasLevels: boolean;
  exception: { cond: Thunk; atLeast: number | null; then: string[]; span: Span } | null;
  span: Span;
}

export interface CompiledCap {
  code: string;
  label: string | null;
  grade: string;
  slot: number;
  cond: Expr;
}

export interface CompiledRule {
  code: string;
  label: string | null;
  priority: number;
  slot: number;
  event: { type: string; params: Thunk | null };
}

export interface Plan {
  name: string;
  label: string | null;
  source: string;
  model: Model;
  inputs: InputSpec[];
  size: number;
  compute: Thunk[];
  indicators: CompiledIndicator[];
  slots: { score: number; scoreGrade: number; grade: number; limit: number; term: number; frozen: number };
  caps: CompiledCap[];
  warnings: CompiledWarning[];
  /** Whether each warning fires, in declared order. */
  warningFlags: FlagReader;
  approval: CompiledApproval | null;
  outputs: Array<{ name: string; slot: number }>;
  /** Condition rules with events, in firing order: priority high to low, then as declared. */
  rules: CompiledRule[];
  tests: TestDecl[];
}

function slotOf(model: Model, name: string): number {
  const s = model.symbols.get(name);
  return s && s.kind === "builtin" ? s.slot : -1;
}

export interface PlanOptions {
  /** Generate JavaScript for the plan's expressions (default: when the host allows it). */
  generate?: boolean;
}

/** A value computed from an expression, or UNAVAILABLE when its guard is false. */
function valueThunk(c: ExprCompiler, e: Expr, guard: Expr | null = null, slot = -1): Thunk {
  if (c.generate) return generateValue(c, e, guard, slot);
  const value = compileExpr(c, e);
  if (!guard) return value;
  const test = compileExpr(c, guard);
  return (f) => (test(f) ? value(f) : UNAVAILABLE);
}

export function buildPlan(model: Model, source: string, options: PlanOptions = {}): Plan {
  const c: ExprCompiler = { model, source, subject: null, generate: (options.generate ?? true) && canGenerate() };
  const size = model.symbols.size;
  const compute: Thunk[] = new Array<Thunk>(size);
  if (c.generate) c.compute = compute;
  const decls = model.ast.decls;
  const inputs: InputSpec[] = [];

  for (const sym of model.symbols.values()) {
    compute[sym.slot] = () => {
      throw new Error(`no definition for ${sym.name}`);
    };
  }

  for (const d of decls) {
    const sym = model.symbols.get(d.kind === "input" || d.kind === "let" || d.kind === "output" || d.kind === "table" ? d.name.text : "");
    switch (d.kind) {
      case "input": {
        if (!sym || sym.decl !== d) break;
        const lit = (e: Expr | null) => (e ? compileExpr(c, e)({} as Frame) : null);
        inputs.push({
          name: d.name.text,
          slot: sym.slot,
          type: inputType(d),
          signed: d.signed,
          default: lit(d.default),
          hasDefault: d.default !== null,
          low: d.range ? (lit(d.range.low) as N.Num) : null,
          high: d.range ? (lit(d.range.high) as N.Num) : null,
          label: d.label,
          path: d.path?.segments ?? null,
          pathText: d.path?.text ?? null,
        });
        // Inputs are stored by validation before evaluation starts.
        compute[sym.slot] = () => {
          throw new Error(`input ${d.name.text} was not set`);
        };
        break;
      }
      case "let": {
        if (sym && sym.decl === d) compute[sym.slot] = valueThunk(c, d.expr, d.guard, sym.slot);
        break;
      }
      case "output":
        if (sym && sym.decl === d) compute[sym.slot] = valueThunk(c, d.expr, null, sym.slot);
        break;
      case "table":
        if (sym && sym.decl === d) compute[sym.slot] = compileTable(c, d);
        break;
      case "cap":
      case "warning":
      case "rule": {
        const s = model.symbols.get(d.code.text);
        if (s && s.decl === d) compute[s.slot] = valueThunk(c, d.cond, null, s.slot);
        break;
      }
      case "gradeByRules":
        for (const r of d.rules) {
          for (const cond of r.conditions) {
            const s = model.symbols.get(cond.code.text);
            if (s && s.kind === "condition") compute[s.slot] = valueThunk(c, cond.cond, null, s.slot);
          }
        }
        break;
      default:
        break;
    }
  }

  const indicators: CompiledIndicator[] = [];
  for (const d of decls) {
    if (d.kind !== "scorecard") continue;
    for (const ind of d.indicators) indicators.push(compileIndicator(c, compute, ind));
  }

  const slots = {
    score: slotOf(model, "score"),
    scoreGrade: slotOf(model, "score_grade"),
    grade: slotOf(model, "grade"),
    limit: slotOf(model, "limit"),
    term: slotOf(model, "term"),
    frozen: slotOf(model, "frozen"),
  };

  if (slots.score >= 0) compute[slots.score] = scoreThunk(c, indicators);
  const byScore = decls.find((d): d is GradeByScore => d.kind === "gradeByScore");
  const byRules = decls.find((d): d is GradeByRules => d.kind === "gradeByRules");
  if (slots.scoreGrade >= 0 && byScore) compute[slots.scoreGrade] = scoreGradeThunk(c, byScore, slots.score);

  const caps: CompiledCap[] = [];
  for (const d of decls) {
    if (d.kind !== "cap") continue;
    const s = model.symbols.get(d.code.text);
    if (s && s.decl === d) caps.push({ code: d.code.text, label: d.label, grade: d.grade.text, slot: s.slot, cond: d.cond });
  }
  if (slots.grade >= 0) compute[slots.grade] = gradeThunk(c, model, slots.scoreGrade, byRules ?? null, caps);

  const terms = decls.find((d): d is TermsDecl => d.kind === "terms");
  if (terms && slots.limit >= 0) {
    const t = termsThunks(c, terms, slots.grade, slots.limit, slots.term);
    compute[slots.limit] = t.limit;
    compute[slots.term] = t.term;
  }

  const warnings: CompiledWarning[] = [];
  for (const d of decls) {
    if (d.kind !== "warning") continue;
    const s = model.symbols.get(d.code.text);
    if (s && s.decl === d) {
      warnings.push({
        code: d.code.text,
        label: d.label,
        severity: d.severity.text,
        action: d.action.text,
        slot: s.slot,
        cond: d.cond,
        record: { code: d.code.text, severity: d.severity.text, action: d.action.text },
      });
    }
  }
  const freezing = warnings.filter((w) => w.action === "freeze").map((w) => w.slot);
  compute[slots.frozen] = (f) => {
    for (const slot of freezing) if (read(f, slot)) return true;
    return false;
  };
  const warningFlags = flagReader(c, warnings.map((w) => w.slot), "warnings");

  const approvalDecl = decls.find((d): d is ApprovalDecl => d.kind === "approval");
  const approval = approvalDecl ? compileApproval(c, approvalDecl) : null;

  const outputs: Plan["outputs"] = [];
  for (const d of decls) {
    if (d.kind !== "output") continue;
    const s = model.symbols.get(d.name.text);
    if (s && s.decl === d) outputs.push({ name: d.name.text, slot: s.slot });
  }

  return {
    name: model.ast.name?.text ?? "ruleset",
    label: model.ast.label,
    source,
    model,
    inputs,
    size,
    compute,
    indicators,
    slots,
    caps,
    warnings,
    warningFlags,
    approval,
    outputs,
    rules: compileRules(c, model),
    tests: decls.filter((d): d is TestDecl => d.kind === "test"),
  };
}

function compileRules(c: ExprCompiler, model: Model): CompiledRule[] {
  const rules: CompiledRule[] = [];
  for (const d of model.ast.decls) {
    if (d.kind !== "rule") continue;
    const s = model.symbols.get(d.code.text);
    if (!s || s.decl !== d) continue;
    rules.push({
      code: d.code.text,
      label: d.label,
      priority: d.priority?.value ?? 1,
      slot: s.slot,
      event: { type: d.event.type, params: d.event.params ? compileParam(c, d.event.params) : null },
    });
  }
  // Array.prototype.sort is stable: equal priorities keep their declared order.
  return rules.sort((a, b) => b.priority - a.priority);
}

function compileParam(c: ExprCompiler, p: EventParam): Thunk {
  switch (p.kind) {
    case "null":
      return () => null;
    case "value":
      return compileExpr(c, p.expr);
    case "array": {
      const items = p.items.map((i) => compileParam(c, i));
      return (f) => items.map((i) => i(f));
    }
    case "object": {
      const entries = p.entries.map((e) => [e.key, compileParam(c, e.value)] as const);
      return (f) => {
        const o: Record<string, unknown> = {};
        for (const [k, v] of entries) o[k] = v(f);
        return o;
      };
    }
  }
}

function compileIndicator(c: ExprCompiler, compute: Thunk[], ind: IndicatorDecl): CompiledIndicator {
  let value: Thunk;
  const own = c.model.symbols.get(ind.name.text);
  if (ind.expr && own && own.decl === ind) {
    compute[own.slot] = valueThunk(c, ind.expr, null, own.slot);
    value = readSymbol(c, own, ind.name.span);
  } else if (own) {
    value = readSymbol(c, own, ind.name.span);
  } else {
    throw new Error(`unresolved indicator ${ind.name.text}`);
  }
  const inner: ExprCompiler = { ...c, subject: value };
  const weight = compileExpr(c, ind.weight)({} as Frame) as N.Num;
  const rows = ind.rows.map((r) => ({ cond: r.cond }));
  return {
    match: c.generate ? generateFirstMatch(inner, own, ind.name.span, rows, `bands${own.slot}`) : firstMatcher(ind.rows.map((r) => (r.cond ? compileExpr(inner, r.cond) : null))),
    code: ind.name.text,
    label: ind.label,
    weight,
    weightText: N.formatNum(weight),
    value,
    slot: own.slot,
    rows: ind.rows.map((r) => {
      const literal = constantValue(c, r.points);
      let constant: CompiledBand["constant"] = null;
      if (literal !== null) {
        const contribution = N.div(N.mul(weight, literal), HUNDRED);
        constant = { points: literal, pointsText: N.formatNum(literal), contribution, contributionText: N.formatNum(contribution) };
      }
      return { points: compileExpr(inner, r.points), span: r.span, constant };
    }),
    span: ind.span,
  };
}

/** Whether each condition slot holds, read in order: generated, or a loop of reads. */
function flagReader(c: ExprCompiler, slots: number[], name: string): FlagReader {
  if (c.generate) return generateFlags(c, slots, name);
  return (f, out) => {
    for (let i = 0; i < slots.length; i++) out[i] = read(f, slots[i]) === true;
  };
}

/** The index of the first row whose condition holds (null: always), or -1. */
function firstMatcher(conds: Array<Thunk | null>): (f: Frame) => number {
  return (f) => {
    for (let r = 0; r < conds.length; r++) {
      const cond = conds[r];
      if (cond === null || cond(f)) return r;
    }
    return -1;
  };
}

/** The value of a literal number (or its negation), known before any customer. */
function constantValue(c: ExprCompiler, e: Expr): N.Num | null {
  if (e.kind === "number") return N.parseLiteral(e.text);
  if (e.kind === "unary" && e.op !== "not" && e.operand.kind === "number") return N.neg(N.parseLiteral(e.operand.text));
  return null;
}

const HUNDRED = 100;

/**
 * The score. When every band's points are literals, each band's contribution is a whole
 * number of 1/D (D: the common denominator of all contributions), so a customer's score is one
 * integer sum and one division: no ratio arithmetic per indicator.
 */
function scoreThunk(c: ExprCompiler, indicators: CompiledIndicator[]): Thunk {
  const generate = c.generate === true;
  const scaled = commonScale(indicators);
  const noBand = (ind: CompiledIndicator) => new RuntimeFault(`no band of indicator ${ind.code} matches this customer; add "otherwise -> points"`, ind.span, ind.code);
  if (scaled) {
    const { denominator, units } = scaled;
    const record = (o: IndicatorOutcome, ind: CompiledIndicator, matched: number) => {
      const k = ind.rows[matched].constant!;
      o.row = matched;
      o.points = k.points;
      o.contribution = k.contribution;
      o.pointsText = k.pointsText;
      o.contributionText = k.contributionText;
    };
    if (generate) {
      // One function, one call site per indicator's bands: each sees one callee and can inline it.
      const g = new Generator(c);
      const lines = indicators.map((ind, i) => {
        const fault = g.ref(() => noBand(ind));
        return `m = ${g.ref(ind.match)}(f);\nif (m < 0) RAISE(${fault});\nREC(o[${i}], ${g.ref(ind)}, m);\nsum += ${g.ref(units[i])}[m];`;
      });
      const body = `const o = OUT(f, ${indicators.length});\nlet m, sum = 0;\n${lines.join("\n")}\nreturn ${denominator === 1 ? "sum" : `DIV(sum, ${denominator})`};`;
      return g.build<Thunk>(body, "score", { REC: record, OUT: outcomesOf, DIV: N.div });
    }
    return (f) => {
      const outcomes = outcomesOf(f, indicators.length);
      let sum = 0;
      for (let i = 0; i < indicators.length; i++) {
        const ind = indicators[i];
        const matched = ind.match(f);
        if (matched < 0) throw noBand(ind);
        record(outcomes[i], ind, matched);
        sum += units[i][matched];
      }
      return denominator === 1 ? sum : N.div(sum, denominator);
    };
  }
  return (f) => {
    const outcomes = outcomesOf(f, indicators.length);
    let score: N.Num = 0;
    for (let i = 0; i < indicators.length; i++) {
      const ind = indicators[i];
      const matched = ind.match(f);
      if (matched < 0) throw noBand(ind);
      const row = ind.rows[matched];
      const o = outcomes[i];
      o.row = matched;
      if (row.constant) {
        o.points = row.constant.points;
        o.contribution = row.constant.contribution;
        o.pointsText = row.constant.pointsText;
        o.contributionText = row.constant.contributionText;
      } else {
        o.points = row.points(f) as N.Num;
        o.contribution = N.div(N.mul(ind.weight, o.points as N.Num), HUNDRED);
        o.pointsText = null;
        o.contributionText = null;
      }
      score = N.add(score, o.contribution as N.Num);
    }
    return score;
  };
}

/** The frame's outcome objects, made once per frame and overwritten per customer. */
function outcomesOf(f: Frame, count: number): IndicatorOutcome[] {
  const outcomes = f.indicators;
  while (outcomes.length < count) outcomes.push({ row: -1, points: null, contribution: null, pointsText: null, contributionText: null });
  return outcomes;
}

/** Contributions as integer units of 1/denominator, when all are constant and the sums stay safe. */
function commonScale(indicators: CompiledIndicator[]): { denominator: number; units: number[][] } | null {
  let denominator = 1;
  for (const ind of indicators) {
    for (const row of ind.rows) {
      if (!row.constant) return null;
      const c = N.lowestTerms(row.constant.contribution);
      if (c instanceof N.Decimal) return null;
      if (c instanceof N.Ratio) {
        const m = N.lcm(denominator, c.d);
        if (m === null) return null;
        denominator = m;
      }
    }
  }
  let bound = 0;
  const units: number[][] = [];
  for (const ind of indicators) {
    const row: number[] = [];
    let largest = 0;
    for (const band of ind.rows) {
      const u = N.mul(band.constant!.contribution, denominator);
      if (typeof u !== "number") return null;
      row.push(u);
      largest = Math.max(largest, Math.abs(u));
    }
    bound += largest;
    units.push(row);
  }
  return Number.isSafeInteger(bound) ? { denominator, units } : null;
}

function scoreGradeThunk(c: ExprCompiler, d: GradeByScore, scoreSlot: number): Thunk {
  const thresholds = d.thresholds.map((t) => ({ grade: t.grade.text, min: compileExpr(c, t.min), strict: t.op === ">" }));
  const otherwise = d.otherwise?.text ?? null;
  const span = d.span;
  return (f) => {
    const score = read(f, scoreSlot) as N.Num;
    for (const t of thresholds) {
      const k = N.cmp(score, t.min(f) as N.Num);
      if (t.strict ? k > 0 : k >= 0) return t.grade;
    }
    if (otherwise === null) throw new RuntimeFault("the score is below every grade threshold", span, "grade");
    return otherwise;
  };
}

function gradeThunk(c: ExprCompiler, model: Model, scoreGradeSlot: number, rules: GradeByRules | null, caps: CompiledCap[]): Thunk {
  const capFlags = flagReader(c, caps.map((cap) => cap.slot), "caps");
  const held: boolean[] = caps.map(() => false);
  const rank = new Map(model.grades.map((g, i) => [g, i]));
  const compiledRules = rules
    ? rules.rules.map((r) => ({
        grade: r.grade.text,
        mode: r.mode,
        conditions: r.conditions.map((cond) => ({ code: cond.code.text, slot: model.symbols.get(cond.code.text)?.slot ?? -1 })),
      }))
    : [];
  const otherwise = rules?.otherwise?.text ?? null;
  const span = rules?.span ?? null;
  return (f) => {
    let grade: string;
    const reasons: string[] = [];
    if (rules) {
      let chosen: string | null = null;
      const failed: string[] = [];
      for (const r of compiledRules) {
        if (r.mode === "any") {
          const held = r.conditions.filter((cond) => read(f, cond.slot) === true).map((cond) => cond.code);
          if (held.length > 0) {
            chosen = r.grade;
            reasons.push(...held);
            break;
          }
        } else {
          const notHeld = r.conditions.filter((cond) => read(f, cond.slot) !== true).map((cond) => cond.code);
          if (notHeld.length === 0) {
            chosen = r.grade;
            break;
          }
          failed.push(...notHeld);
        }
      }
      if (chosen === null) {
        if (otherwise === null) throw new RuntimeFault("no grade rule matches this customer", span!, "grade");
        chosen = otherwise;
        reasons.push(...failed);
      }
      grade = chosen;
    } else if (scoreGradeSlot >= 0) {
      grade = read(f, scoreGradeSlot) as string;
    } else {
      grade = model.grades[0];
    }
    let worst = rank.get(grade) ?? 0;
    capFlags(f, held);
    for (let i = 0; i < caps.length; i++) {
      const cap = caps[i];
      if (held[i]) {
        reasons.push(cap.code);
        const r = rank.get(cap.grade) ?? 0;
        if (r > worst) {
          worst = r;
          grade = cap.grade;
        }
      }
    }
    f.gradeReasons = reasons;
    return grade;
  };
}

function termsThunks(c: ExprCompiler, d: TermsDecl, gradeSlot: number, limitSlot: number, termSlot: number): { limit: Thunk; term: Thunk } {
  const rows = d.rows.map((r, index) => ({
    index,
    grade: r.grade?.text ?? null,
    guard: r.guard ? valueThunk(c, r.guard) : null,
    days: valueThunk(c, r.days),
    limit: valueThunk(c, r.limit),
    override: r.override,
  }));
  const ordered = [...rows.filter((r) => r.override), ...rows.filter((r) => !r.override)];
  const step = d.rounding ? compileExpr(c, d.rounding.step) : null;
  const mode = d.rounding?.mode ?? "down";
  const atLeast = d.atLeast ? compileExpr(c, d.atLeast) : null;
  const span = d.span;
  const noRow = (grade: unknown) => new RuntimeFault(`no terms row applies to grade ${grade}`, span, "terms");
  if (c.generate) {
    // The rows in the order they are tried, each test and value inline: one function, no loop of calls.
    const g = new Generator(c);
    const lines = [`const grade = ${gradeSlot >= 0 ? `((x = v[${gradeSlot}]) !== X ? x : (v[${gradeSlot}] = C[${gradeSlot}](f)))` : "null"};`, "let limit;"];
    const byIndex = new Map(d.rows.map((r, i) => [i, r]));
    for (const r of ordered) {
      const row = byIndex.get(r.index)!;
      const tests: string[] = [];
      if (!r.override && r.grade !== null) tests.push(`grade === ${JSON.stringify(r.grade)}`);
      if (row.guard) tests.push(g.expr(row.guard));
      lines.push(`if (${tests.length > 0 ? tests.join(" && ") : "true"}) {`);
      lines.push(`limit = ${g.expr(row.limit)};`, "f.limitBeforeRounding = limit;");
      if (d.rounding) lines.push(`limit = ROUND(limit, ${g.expr(d.rounding.step)}, ${JSON.stringify(mode)});`);
      if (d.atLeast) lines.push(`limit = MAX(limit, ${g.expr(d.atLeast)});`);
      lines.push(`f.termsRow = ${r.index};`, `v[${limitSlot}] = limit;`, `v[${termSlot}] = ${g.expr(row.days)};`, "return;", "}");
    }
    lines.push(`throw ${g.ref(noRow)}(grade);`);
    return bothSlots(g.build<(f: Frame) => void>(lines.join("\n"), "terms", { ROUND: N.roundToStep }), limitSlot, termSlot);
  }
  const computeBoth = (f: Frame) => {
    const grade = gradeSlot >= 0 ? (read(f, gradeSlot) as string) : null;
    for (const r of ordered) {
      if (!r.override && r.grade !== null && r.grade !== grade) continue;
      if (r.guard && !r.guard(f)) continue;
      let limit = r.limit(f) as N.Num;
      f.limitBeforeRounding = limit;
      if (step) limit = N.roundToStep(limit, step(f) as N.Num, mode);
      if (atLeast) limit = N.max(limit, atLeast(f) as N.Num);
      f.termsRow = r.index;
      f.vals[limitSlot] = limit;
      f.vals[termSlot] = r.days(f);
      return;
    }
    throw noRow(grade);
  };
  return bothSlots(computeBoth, limitSlot, termSlot);
}

/** The limit and the term come from one row: reading either computes both. */
function bothSlots(both: (f: Frame) => void, limitSlot: number, termSlot: number): { limit: Thunk; term: Thunk } {
  return {
    limit: (f) => {
      both(f);
      return f.vals[limitSlot];
    },
    term: (f) => {
      both(f);
      return f.vals[termSlot];
    },
  };
}

function compileApproval(c: ExprCompiler, d: ApprovalDecl): CompiledApproval {
  return {
    match: c.generate ? generateFirstMatch(c, null, d.span, d.routes.map((r) => ({ cond: r.cond })), "routes") : firstMatcher(d.routes.map((r) => (r.cond ? valueThunk(c, r.cond) : null))),
    routes: d.routes.map((r) => ({
      level: r.level?.value ?? null,
      none: r.none,
      cond: r.cond ? valueThunk(c, r.cond) : null,
      chain: r.chain.map((n) => n.text),
      span: r.span,
    })),
    hasLevels: d.routes.some((r) => r.level !== null),
    exception: d.exception
      ? { cond: valueThunk(c, d.exception.cond), atLeast: d.exception.atLeast?.value ?? null, then: d.exception.then.map((n) => n.text), span: d.exception.span }
      : null,
    span: d.span,
  };
}

function compileTable(c: ExprCompiler, d: TableDecl): Thunk {
  const inputs = d.inputs.map((e) => compileExpr(c, e));
  const numericColumn = d.inputs.map((e) => c.model.types.get(e)?.k === "num");
  const rows = d.rows.map((row) => ({
    tests: row.cells.map((cell, i) => {
      const tests = cell.tests.map((t) => compileUnaryTest(c, t, numericColumn[i] ?? false));
      return tests.length === 0 ? null : (v: unknown, f: Frame) => tests.some((t) => t(v, f));
    }),
    outputs: row.outputs.map((o) => compileExpr(c, o)),
  }));
  const names = d.outputs.map((o) => o.name.text);
  const single = names.length === 1;
  const orders = d.outputs.map((o) => o.order.map((e) => compileExpr(c, e)({} as Frame)));
  const span = d.span;
  const tableName = d.name.text;
  const build = (row: (typeof rows)[number], f: Frame): unknown => {
    if (single) return row.outputs[0](f);
    const rec: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i++) rec[names[i]] = row.outputs[i](f);
    return rec;
  };
  /** Position of a value in a column's declared value order; values outside it come last. */
  const rank = (column: number, value: unknown): number => {
    const k = orders[column].findIndex((o) => valuesEqual(o, value));
    return k < 0 ? orders[column].length : k;
  };
  const ordered = orders.map((o, i) => i).filter((i) => orders[i].length > 0);
  /** DMN's compound-output order: the first column with a value order decides, the next breaks ties. */
  const byPriority = (a: unknown, b: unknown): number => {
    for (const i of ordered) {
      const va = single ? a : (a as Record<string, unknown>)[names[i]];
      const vb = single ? b : (b as Record<string, unknown>)[names[i]];
      const k = rank(i, va) - rank(i, vb);
      if (k !== 0) return k;
    }
    return 0;
  };
  return (f) => {
    const values = inputs.map((i) => i(f));
    const hits: Array<(typeof rows)[number]> = [];
    for (const row of rows) {
      let ok = true;
      for (let i = 0; i < row.tests.length; i++) {
        const t = row.tests[i];
        if (t && !t(values[i], f)) {
          ok = false;
          break;
        }
      }
      if (ok) {
        hits.push(row);
        if (d.hit === "first") break;
      }
    }
    switch (d.hit) {
      case "first":
        return hits.length ? build(hits[0], f) : UNAVAILABLE;
      case "unique":
        if (hits.length > 1) throw new RuntimeFault(`table ${tableName} has hit policy unique but ${hits.length} rows match this customer`, span, tableName);
        return hits.length ? build(hits[0], f) : UNAVAILABLE;
      case "any": {
        if (hits.length === 0) return UNAVAILABLE;
        const first = build(hits[0], f);
        for (const h of hits.slice(1)) {
          if (!deepEqual(build(h, f), first)) throw new RuntimeFault(`table ${tableName} has hit policy any but matching rows give different outputs`, span, tableName);
        }
        return first;
      }
      case "priority": {
        if (hits.length === 0) return UNAVAILABLE;
        const built = hits.map((h) => build(h, f));
        let best = 0;
        for (let i = 1; i < built.length; i++) if (byPriority(built[i], built[best]) < 0) best = i;
        return built[best];
      }
      case "rule order":
        return hits.map((h) => build(h, f));
      case "output order":
        return hits
          .map((h) => build(h, f))
          .map((v, i) => ({ v, i }))
          .sort((a, b) => byPriority(a.v, b.v) || a.i - b.i)
          .map((x) => x.v);
      case "collect": {
        const built = hits.map((h) => build(h, f));
        switch (d.aggregation) {
          case "count":
            return built.length;
          case "sum":
            // As DMN's sum([]) = null: no matching row means no value, not a silent 0.
            return built.length ? built.reduce((acc: N.Num, v) => N.add(acc, v as N.Num), 0) : UNAVAILABLE;
          case "min":
            return built.length ? built.reduce((acc, v) => N.min(acc as N.Num, v as N.Num)) : UNAVAILABLE;
          case "max":
            return built.length ? built.reduce((acc, v) => N.max(acc as N.Num, v as N.Num)) : UNAVAILABLE;
          default:
            return built;
        }
      }
    }
  };
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (valuesEqual(a, b)) return true;
  if (a && b && typeof a === "object" && typeof b === "object" && !Array.isArray(a)) {
    const ka = Object.keys(a as object);
    return ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}

export type { PolicySymbol };
