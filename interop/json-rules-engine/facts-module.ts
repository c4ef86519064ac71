/**
 * The generated facts module of an export: plain JavaScript (ES module, decimal.js) with
 * `facts(customer, supplied)` → the facts object for json-rules-engine. Inputs are validated
 * lightly and normalised (decimal text → number, defaults applied); derived values are computed
 * with exact decimals, exactly as the ruleset defines them, and handed over as numbers. A value
 * that is undefined for the customer (a `let … when` whose condition is false, a division by
 * zero) is left undefined, which json-rules-engine's numeric operators treat as false.
 */
import type { Expr } from "../../dsl/ast.js";
import type { Plan } from "../../engine/compile/plan.js";
import * as N from "../../engine/numeric.js";
import type { ExportIssue } from "./export.js";

export interface DerivedFact {
  name: string;
  expr: Expr;
  what: string;
}

const ROUNDING: Record<string, string> = {
  down: "ROUND_DOWN",
  up: "ROUND_UP",
  half_up: "ROUND_HALF_UP",
  half_down: "ROUND_HALF_DOWN",
  half_even: "ROUND_HALF_EVEN",
  floor: "ROUND_FLOOR",
  ceiling: "ROUND_CEIL",
};

class Gen {
  issues: ExportIssue[] = [];
  /** Derived names (lets, conditions) whose definitions the module needs. */
  needed = new Map<string, string>();

  constructor(readonly plan: Plan) {}

  refuse(e: Expr, message: string): string {
    this.issues.push({ line: e.span.line, column: e.span.column, message });
    return "undefined";
  }

  /** JavaScript for an expression; numbers are Decimals, text and true/false as they are. */
  js(e: Expr): string {
    switch (e.kind) {
      case "number":
        return `D("${N.formatNum(N.parseLiteral(e.text))}")`;
      case "string":
        return JSON.stringify(e.value);
      case "bool":
        return String(e.value);
      case "null":
        return "null";
      case "name": {
        const sym = this.plan.model.resolved.get(e);
        if (!sym) return this.refuse(e, `"${e.name}" is not resolved`);
        switch (sym.kind) {
          case "input":
            return `input(${JSON.stringify(sym.name)})`;
          case "grade":
            return JSON.stringify(sym.name);
          case "builtin":
          case "table":
            return `fromSupplied(${JSON.stringify(sym.name)})`;
          default:
            this.define(sym.name);
            return `value(${JSON.stringify(sym.name)})`;
        }
      }
      case "member":
        return `(${this.js(e.object)})[${JSON.stringify(e.name.text)}]`;
      case "unary":
        return e.op === "not" ? `!(${this.js(e.operand)})` : `(${this.js(e.operand)}).neg()`;
      case "binary": {
        const l = this.js(e.left);
        const r = this.js(e.right);
        switch (e.op) {
          case "and":
            return `(${l} && ${r})`;
          case "or":
            return `(${l} || ${r})`;
          case "+":
            return `${l}.plus(${r})`;
          case "-":
            return `${l}.minus(${r})`;
          case "*":
            return `${l}.times(${r})`;
          case "/":
            return `div(${l}, ${r})`;
          default: {
            const numeric = this.plan.model.types.get(e.left)?.k === "num" || this.plan.model.types.get(e.right)?.k === "num";
            if (!numeric) return e.op === "!=" ? `(${l} !== ${r})` : e.op === "=" ? `(${l} === ${r})` : this.refuse(e, `"${e.op}" on non-numbers`);
            return `(${l}.cmp(${r}) ${e.op === "=" ? "===" : e.op === "!=" ? "!==" : e.op} 0)`;
          }
        }
      }
      case "if":
        return `(${this.js(e.cond)} ? ${this.js(e.then)} : ${this.js(e.else)})`;
      case "list":
        return `[${e.items.map((i) => this.js(i)).join(", ")}]`;
      case "call": {
        const args = e.args.map((a) => this.js(a));
        switch (e.callee.text) {
          case "min":
            return `D.min(${args.join(", ")})`;
          case "max":
            return `D.max(${args.join(", ")})`;
          case "abs":
            return `${args[0]}.abs()`;
          case "round":
          case "floor":
          case "ceil": {
            const mode = e.callee.text === "floor" ? "floor" : e.callee.text === "ceil" ? "ceiling" : e.args[2]?.kind === "name" ? e.args[2].name : "half_up";
            return `roundTo(${args[0]}, ${args[1] ?? 'D("1")'}, D.${ROUNDING[mode]})`;
          }
          case "contains":
            return `${args[0]}.some((x) => same(x, ${args[1]}))`;
          case "count":
            return `D(${args[0]}.length)`;
          default:
            return this.refuse(e, `function ${e.callee.text} is not exported`);
        }
      }
      case "match":
        return this.refuse(e, `"${e.op}" tests inside derived values are not exported`);
      case "subject":
      case "error":
        return this.refuse(e, "this expression cannot be exported");
    }
  }

  define(name: string): void {
    if (this.needed.has(name)) return;
    this.needed.set(name, "");
    const sym = this.plan.model.symbols.get(name)!;
    const d = sym.decl;
    let body: string;
    if (d && "kind" in d && d.kind === "let") {
      body = d.guard ? `(${this.js(d.guard)}) ? ${this.js(d.expr)} : unavailable()` : this.js(d.expr);
    } else if (d && "kind" in d && (d.kind === "output")) {
      body = this.js(d.expr);
    } else if (d && "kind" in d && (d.kind === "cap" || d.kind === "warning" || d.kind === "rule")) {
      body = this.js(d.cond);
    } else if (d && "kind" in d && d.kind === "gradeByRules") {
      const cond = d.rules.flatMap((r) => r.conditions).find((c) => c.code.text === name)!;
      body = this.js(cond.cond);
    } else if (d && !("kind" in d) && d.expr) {
      body = this.js(d.expr);
    } else {
      this.issues.push({ line: sym.span?.line ?? 1, column: sym.span?.column ?? 1, message: `${sym.kind} ${name} cannot be computed by the facts module` });
      body = "undefined";
    }
    this.needed.set(name, body);
  }
}

export function generateFactsModule(plan: Plan, derived: DerivedFact[], supplied: Array<{ name: string; what: string }>, _source: string): string | ExportIssue[] {
  const g = new Gen(plan);
  const derivedLines = derived.map((d) => {
    const body = d.expr.kind === "name" ? `value(${JSON.stringify(d.name)})` : g.js(d.expr);
    if (d.expr.kind === "name") g.define(d.name);
    return `  // ${d.what}\n  out[${JSON.stringify(d.name)}] = derive(() => ${body});`;
  });
  if (g.issues.length > 0) return g.issues;
  const inputs = plan.inputs.map((i) => ({
    name: i.name,
    kind: i.type.k === "num" ? "number" : i.type.k === "bool" ? "bool" : i.type.k === "json" ? "json" : "text",
    default: i.hasDefault ? jsonDefault(i.default) : undefined,
    path: i.path,
  }));
  const definitions = [...g.needed].map(([name, body]) => `  ${JSON.stringify(name)}: () => ${body},`);
  return `// Generated by credit-rules export --to json-rules-engine from ruleset ${plan.name}. Do not edit.
// facts(customer, supplied) → the facts for the exported rules. Derived values are computed with
// exact decimals as the ruleset defines them and handed to json-rules-engine as numbers.
// Supplied facts (give them in \`supplied\`, e.g. from the decision record):
${supplied.map((s) => `//   ${s.name}: ${s.what}`).join("\n") || "//   (none)"}
import Decimal from "decimal.js";

const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -1000, toExpPos: 1000 });
const INPUTS = ${JSON.stringify(inputs)};
const SUPPLIED = ${JSON.stringify(supplied.map((s) => s.name))};

class Unavailable extends Error {}
const unavailable = () => {
  throw new Unavailable();
};

function toNumberValue(v, name) {
  const d = typeof v === "number" ? new D(String(v)) : typeof v === "string" && /^[+-]?(\\d+\\.?\\d*|\\.\\d+)$/.test(v.trim()) ? new D(v.trim()) : null;
  if (d === null) throw new Error(\`fact \${name} must be a number, got \${JSON.stringify(v)}\`);
  return d;
}

/** Decimals → numbers, recursively, for json-rules-engine. */
function plain(v) {
  if (D.isDecimal(v)) return Number(v.toString());
  if (Array.isArray(v)) return v.map(plain);
  return v;
}

function same(a, b) {
  return D.isDecimal(a) && D.isDecimal(b) ? a.eq(b) : a === b;
}

function div(a, b) {
  if (b.isZero()) unavailable();
  return a.div(b);
}

function roundTo(x, step, mode) {
  return x.div(step).toDecimalPlaces(0, mode).times(step);
}

export function facts(customer, supplied = {}) {
  const given = new Map();
  for (const spec of INPUTS) {
    let v = spec.path ? spec.path.reduce((o, k) => (o == null ? undefined : o[k]), customer) : customer[spec.name];
    if (v === undefined || v === "") v = spec.default;
    if (v === undefined) throw new Error(\`required fact \${spec.name} is missing\`);
    if (spec.kind === "number") v = toNumberValue(v, spec.name);
    else if (spec.kind === "bool") v = v === true || v === "true" ? true : v === false || v === "false" ? false : (() => { throw new Error(\`fact \${spec.name} must be true or false\`); })();
    else if (spec.kind === "text") v = String(v);
    given.set(spec.name, v);
  }
  const input = (name) => given.get(name);
  const supply = new Map();
  for (const name of SUPPLIED) {
    if (supplied[name] === undefined) throw new Error(\`supplied fact \${name} is missing\`);
    const v = supplied[name];
    supply.set(name, typeof v === "string" && /^-?\\d+(\\.\\d+)?$/.test(v) ? new D(v) : typeof v === "number" ? new D(String(v)) : v);
  }
  const fromSupplied = (name) => supply.get(name);
  const memo = new Map();
  const definitions = {
${definitions.join("\n")}
  };
  const value = (name) => {
    if (!memo.has(name)) {
      try {
        memo.set(name, { ok: definitions[name]() });
      } catch (e) {
        if (!(e instanceof Unavailable)) throw e;
        memo.set(name, { ok: undefined, unavailable: true });
      }
    }
    const m = memo.get(name);
    if (m.unavailable) unavailable();
    return m.ok;
  };
  const derive = (f) => {
    try {
      return f();
    } catch (e) {
      if (e instanceof Unavailable) return undefined;
      throw e;
    }
  };
  const out = {};
  for (const [name, v] of given) out[name] = plain(v);
  for (const [name, v] of supply) out[name] = plain(v);
${derivedLines.join("\n")}
  for (const k of Object.keys(out)) out[k] = plain(out[k]);
  return out;
}
`;
}

function jsonDefault(v: unknown): unknown {
  if (typeof v === "number" || v instanceof N.Ratio || v instanceof N.Decimal) return N.formatNum(v as N.Num);
  return v;
}
