/**
 * A ruleset's condition rules → json-rules-engine rules (docs/interop.md): caps, warnings,
 * rule-based grades, approval routing and condition rules. Comparisons of inputs become fact
 * conditions; every derived value (lets, arithmetic) becomes a fact computed exactly by a
 * generated module; the results of the scorecard and the terms (score, grade, limit, term) and
 * decision tables are documented facts the caller supplies. What has no equivalent is refused.
 */
import type { Expr, GradeByRules, ApprovalDecl, EventParam } from "../../dsl/ast.js";
import { compile } from "../../engine/index.js";
import type { Model } from "../../engine/check/model.js";
import * as N from "../../engine/numeric.js";
import { generateFactsModule, type DerivedFact } from "./facts-module.js";

export interface ExportIssue {
  line: number;
  column: number;
  message: string;
}

export interface JreCondition {
  [key: string]: unknown;
}

export interface JreRule {
  name: string;
  priority: number;
  conditions: JreCondition;
  event: { type: string; params?: Record<string, unknown> };
}

export interface ExportResult {
  /** null when the ruleset does not compile or something cannot be expressed. */
  rules: JreRule[] | null;
  /** The JavaScript module (ES module, needs decimal.js) whose `facts(customer, supplied)` builds the facts. */
  factsModule: string | null;
  /** Facts the caller supplies (from the decision record or elsewhere), with what each is. */
  suppliedFacts: Array<{ name: string; what: string }>;
  issues: ExportIssue[];
}

const COMPARE: Record<string, string> = { "=": "equal", "!=": "notEqual", "<": "lessThan", "<=": "lessThanInclusive", ">": "greaterThan", ">=": "greaterThanInclusive" };
const MIRROR: Record<string, string> = { "=": "=", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<=" };
const SUPPLIED_BUILTINS: Record<string, string> = {
  score: "the scorecard score (decision record: score)",
  score_grade: "the grade from the score before caps",
  grade: "the final grade (decision record: grade)",
  limit: "the credit limit (decision record: limit)",
  term: "the credit term in days (decision record: termDays)",
  frozen: "true when a freezing warning fires (decision record: frozen)",
};

class Exporter {
  issues: ExportIssue[] = [];
  derived: DerivedFact[] = [];
  derivedNames = new Set<string>();
  supplied = new Map<string, string>();
  private counter = new Map<string, number>();

  constructor(readonly model: Model, readonly source: string) {}

  refuse(e: { span: { line: number; column: number } }, message: string): null {
    this.issues.push({ line: e.span.line, column: e.span.column, message });
    return null;
  }

  text(e: Expr): string {
    return this.source.slice(e.span.start, e.span.end).replace(/\s+/g, " ");
  }

  /** The fact a value is read from: an input, a derived value the module computes, or a supplied fact. */
  fact(e: Expr, owner: string): string | null {
    if (e.kind === "name") {
      const sym = this.model.resolved.get(e);
      if (!sym) return this.refuse(e, `"${e.name}" is not resolved`);
      switch (sym.kind) {
        case "input":
          return sym.name;
        case "builtin":
          this.supplied.set(sym.name, SUPPLIED_BUILTINS[sym.name] ?? sym.label ?? sym.name);
          return sym.name;
        case "table":
          this.supplied.set(sym.name, `the value of decision table ${sym.name}`);
          return sym.name;
        case "grade":
          return null;
        default:
          this.derive(sym.name, e, `${sym.kind} ${sym.name}`);
          return sym.name;
      }
    }
    if (e.kind === "match") return this.refuse(e, `"${this.text(e)}" inside a value has no json-rules-engine equivalent`);
    const n = (this.counter.get(owner) ?? 0) + 1;
    this.counter.set(owner, n);
    const name = `${owner}__${n}`;
    this.derive(name, e, this.text(e));
    return name;
  }

  derive(name: string, e: Expr, what: string): void {
    if (this.derivedNames.has(name)) return;
    this.derivedNames.add(name);
    this.derived.push({ name, expr: e, what });
  }

  literal(e: Expr): { value: unknown } | null {
    switch (e.kind) {
      case "number":
        return { value: Number(N.formatNum(N.parseLiteral(e.text))) };
      case "string":
        return { value: e.value };
      case "bool":
        return { value: e.value };
      case "null":
        return { value: null };
      case "unary":
        if (e.op === "-" && e.operand.kind === "number") return { value: -Number(N.formatNum(N.parseLiteral(e.operand.text))) };
        return null;
      case "name": {
        const sym = this.model.resolved.get(e);
        return sym?.kind === "grade" ? { value: sym.name } : null;
      }
      case "list": {
        const items = e.items.map((i) => this.literal(i));
        return items.every((i) => i !== null) ? { value: items.map((i) => i!.value) } : null;
      }
      default:
        return null;
    }
  }

  /** A condition of the policy language → a json-rules-engine condition. */
  condition(e: Expr, owner: string): JreCondition | null {
    if (e.kind === "binary" && (e.op === "and" || e.op === "or")) {
      const key = e.op === "and" ? "all" : "any";
      const parts: JreCondition[] = [];
      for (const side of [e.left, e.right]) {
        const c = this.condition(side, owner);
        if (!c) return null;
        // (a and b) and c → all [a, b, c]: same meaning, flatter rules.
        if (Array.isArray(c[key]) && Object.keys(c).length === 1) parts.push(...(c[key] as JreCondition[]));
        else parts.push(c);
      }
      return { [key]: parts };
    }
    if (e.kind === "unary" && e.op === "not") {
      const c = this.condition(e.operand, owner);
      return c ? { not: c } : null;
    }
    if (e.kind === "bool") return e.value ? { all: [] } : { any: [] };
    if (e.kind === "binary" && e.op in COMPARE) return this.comparison(e.op, e.left, e.right, owner);
    if (e.kind === "match") {
      if (e.leftQ || e.rightQ) return this.refuse(e, `"${this.text(e)}": quantified tests are not exported`);
      const op = { in: "in", "not in": "notIn", contains: "contains", "not contains": "doesNotContain" }[e.op as string];
      if (!op) return this.comparison(e.op, e.left, e.right, owner);
      const fact = this.fact(e.left, owner);
      if (!fact) return null;
      const lit = this.literal(e.right);
      const value = lit ? lit.value : this.factRef(e.right, owner);
      return value === null && !lit ? null : { fact, operator: op, value };
    }
    // A true/false value: a fact that must equal true.
    const fact = this.fact(e, owner);
    return fact ? { fact, operator: "equal", value: true } : null;
  }

  factRef(e: Expr, owner: string): { fact: string } | null {
    const f = this.fact(e, owner);
    return f ? { fact: f } : null;
  }

  comparison(op: string, left: Expr, right: Expr, owner: string): JreCondition | null {
    const ll = this.literal(left);
    const rl = this.literal(right);
    if (ll && rl) {
      return this.refuse(left, `"${this.text(left)} ${op} ${this.text(right)}" compares two constants; write true or false`);
    }
    if (ll) return this.comparison(MIRROR[op], right, left, owner);
    const fact = this.fact(left, owner);
    if (!fact) return null;
    if (rl) return { fact, operator: COMPARE[op], value: rl.value };
    const ref = this.factRef(right, owner);
    return ref ? { fact, operator: COMPARE[op], value: ref } : null;
  }
}

function none(): JreCondition {
  return { any: [] };
}

/** all [a, all [b, c]] → all [a, b, c]: same meaning, flatter rules. */
function and(...cs: JreCondition[]): JreCondition {
  return { all: cs.flatMap((c) => (Array.isArray(c.all) && Object.keys(c).length === 1 ? (c.all as JreCondition[]) : [c])) };
}

export function exportJsonRulesEngine(source: string): ExportResult {
  const { plan, diagnostics } = compile(source);
  if (!plan) {
    return {
      rules: null,
      factsModule: null,
      suppliedFacts: [],
      issues: diagnostics.filter((d) => d.severity === "error").map((d) => ({ line: d.span.line, column: d.span.column, message: d.message })),
    };
  }
  const model = plan.model;
  const x = new Exporter(model, source);
  const rules: JreRule[] = [];
  const decls = model.ast.decls;

  for (const d of decls) {
    if (d.kind === "cap") {
      const c = x.condition(d.cond, d.code.text);
      if (c) rules.push({ name: d.code.text, priority: 1, conditions: wrap(c), event: { type: "cap", params: { code: d.code.text, grade: d.grade.text, ...(d.label ? { label: d.label } : {}) } } });
    } else if (d.kind === "warning") {
      const c = x.condition(d.cond, d.code.text);
      if (c) rules.push({ name: d.code.text, priority: 1, conditions: wrap(c), event: { type: "warning", params: { code: d.code.text, severity: d.severity.text, action: d.action.text, ...(d.label ? { label: d.label } : {}) } } });
    } else if (d.kind === "rule") {
      const c = x.condition(d.cond, d.code.text);
      const params = d.event.params ? paramValue(x, d.event.params) : undefined;
      if (c && params !== null) rules.push({ name: d.code.text, priority: d.priority?.value ?? 1, conditions: wrap(c), event: { type: d.event.type, ...(params !== undefined ? { params: params as Record<string, unknown> } : {}) } });
    } else if (d.kind === "gradeByRules") {
      rules.push(...gradeRules(x, d));
    } else if (d.kind === "approval") {
      rules.push(...approvalRules(x, d));
    } else if (d.kind === "gradeByScore") {
      x.supplied.set("grade", SUPPLIED_BUILTINS.grade);
    }
  }
  if (x.issues.length > 0) return { rules: null, factsModule: null, suppliedFacts: [], issues: x.issues };
  const suppliedFacts = [...x.supplied].map(([name, what]) => ({ name, what }));
  const factsModule = generateFactsModule(plan, x.derived, suppliedFacts, source);
  if (typeof factsModule !== "string") return { rules: null, factsModule: null, suppliedFacts: [], issues: factsModule };
  return { rules, factsModule, suppliedFacts, issues: [] };
}

/** json-rules-engine wants all, any, not or a shared condition at the top. */
function wrap(c: JreCondition): JreCondition {
  return "all" in c || "any" in c || "not" in c ? c : { all: [c] };
}

function paramValue(x: Exporter, p: EventParam): unknown {
  switch (p.kind) {
    case "null":
      return null;
    case "object": {
      const o: Record<string, unknown> = {};
      for (const e of p.entries) {
        const v = paramValue(x, e.value);
        if (v === null && e.value.kind !== "null") return null;
        o[e.key] = v;
      }
      return o;
    }
    case "array":
      return p.items.map((i) => paramValue(x, i));
    case "value": {
      const lit = x.literal(p.expr);
      return lit ? lit.value : x.refuse(p.expr, `event params must be constants to be exported: "${x.text(p.expr)}"`);
    }
  }
}

/** First matching grade rule wins: each rule holds only when no earlier one does. */
function gradeRules(x: Exporter, d: GradeByRules): JreRule[] {
  const out: JreRule[] = [];
  const earlier: JreCondition[] = [];
  for (const r of d.rules) {
    const conds: JreCondition[] = [];
    for (const c of r.conditions) {
      const jc = x.condition(c.cond, c.code.text);
      if (!jc) return [];
      conds.push({ ...wrap(jc), name: c.code.text });
    }
    const own: JreCondition = r.mode === "all" ? { all: conds } : { any: conds };
    out.push({ name: `grade ${r.grade.text}`, priority: 1, conditions: and(own, ...earlier.map((e) => ({ not: e }))), event: { type: "grade", params: { grade: r.grade.text } } });
    earlier.push(own);
  }
  if (d.otherwise) {
    out.push({ name: `grade ${d.otherwise.text} otherwise`, priority: 1, conditions: and(...earlier.map((e) => ({ not: e }))), event: { type: "grade", params: { grade: d.otherwise.text } } });
  }
  return out;
}

/** First matching route wins; the exception applies when a route that needs approval matched. */
function approvalRules(x: Exporter, d: ApprovalDecl): JreRule[] {
  const out: JreRule[] = [];
  const earlier: JreCondition[] = [];
  const noneMatched: JreCondition[] = [];
  for (const [i, r] of d.routes.entries()) {
    const own = r.cond ? x.condition(r.cond, `route_${i + 1}`) : and();
    if (!own) return [];
    const when = and(wrap(own), ...earlier.map((e) => ({ not: e })));
    if (r.none) noneMatched.push(when);
    const params: Record<string, unknown> = r.none ? { level: d.routes.some((q) => q.level !== null) ? 0 : null, chain: [], none: true } : { level: r.level?.value ?? null, chain: r.chain.map((n) => n.text) };
    out.push({ name: `approval route ${i + 1}`, priority: 1, conditions: when, event: { type: "approval", params } });
    earlier.push(wrap(own));
  }
  if (d.exception) {
    const exc = x.condition(d.exception.cond, "approval_exception");
    if (!exc) return [];
    out.push({
      name: "approval exception",
      priority: 1,
      conditions: and(wrap(exc), { not: noneMatched.length > 0 ? { any: noneMatched } : none() }, { any: earlier.length > 0 ? earlier : [and()] }),
      event: {
        type: "approval-exception",
        params: {
          atLeastLevel: d.exception.atLeast?.value ?? null,
          then: d.exception.then.map((n) => n.text),
          // The chain of each level, for when the exception raises the level.
          levelChains: Object.fromEntries(
            d.routes
              .filter((r) => r.level !== null && !r.none)
              .map((r) => [String(r.level!.value), r.chain.map((n) => n.text)])
              .reverse(), // the first route of a level wins, as in the decision record
          ),
        },
      },
    });
  }
  return out;
}

/** The approval a json-rules-engine run's events give, composed as the decision record's (docs/interop.md). */
export function approvalFromEvents(events: Array<{ type: string; params?: Record<string, unknown> }>): { level: number | null; chain: string[]; exception: boolean } | null {
  const route = events.find((e) => e.type === "approval");
  if (!route) return null;
  const p = route.params as { level: number | null; chain: string[]; none?: boolean };
  if (p.none) return { level: p.level, chain: [], exception: false };
  const exc = events.find((e) => e.type === "approval-exception");
  if (!exc) return { level: p.level, chain: [...p.chain], exception: false };
  const ep = exc.params as { atLeastLevel: number | null; then: string[]; levelChains: Record<string, string[]> };
  let level = p.level;
  let chain = p.chain;
  if (level !== null && ep.atLeastLevel !== null && level < ep.atLeastLevel) {
    level = ep.atLeastLevel;
    chain = ep.levelChains[String(level)] ?? chain;
  }
  return { level, chain: [...chain, ...ep.then], exception: true };
}
