/**
 * json-rules-engine rules → a ruleset in the policy language with the same meaning
 * (docs/interop.md). Facts become `json` inputs, so json-rules-engine's comparisons are kept
 * exactly; what the rules file cannot carry (custom operators, facts computed in code) is
 * reported with where it is, and nothing is written for a file that has such problems.
 */
import { isLosslessNumber, parse as parseLossless } from "lossless-json";
import { keywords } from "../../dsl/tokens.js";
import { Decimal } from "../../engine/numeric.js";

export interface ImportIssue {
  /** Where in the rules file, e.g. `rules[2].conditions.all[0].operator`. */
  where: string;
  message: string;
}

export interface ImportResult {
  /** The ruleset text; null when some part could not be represented. */
  source: string | null;
  issues: ImportIssue[];
}

export interface ImportOptions {
  /** The ruleset's name (default `imported`). */
  name?: string;
  /** Shared conditions (engine.setCondition) when they are not in the file. */
  sharedConditions?: Record<string, unknown>;
}

const BUILTIN_NAMES = new Set(["score", "score_grade", "grade", "limit", "term", "frozen", "min", "max", "abs", "round", "floor", "ceil", "count", "contains"]);
const RESERVED = new Set([...keywords, ...BUILTIN_NAMES, "money", "ratio", "number", "int", "bool", "text", "json", "priority"]);
const IDENTIFIER = /^[\p{L}_][\p{L}\p{N}_]*$/u;

const OPERATORS: Record<string, string> = {
  equal: "=",
  notEqual: "!=",
  lessThan: "<",
  lessThanInclusive: "<=",
  greaterThan: ">",
  greaterThanInclusive: ">=",
  in: "in",
  notIn: "not in",
  contains: "contains",
  doesNotContain: "not contains",
};
/** `not:` in the middle of a decorator chain is only expressible where an operator has an exact opposite. */
const NEGATED: Record<string, string> = { "=": "!=", "!=": "=", in: "not in", "not in": "in" };

type Json = unknown;

/** Reads a rules file: keeps every number's text (lossless), so no decimal passes through a float. */
export function parseRulesFile(text: string): Json {
  return parseLossless(text);
}

function isObject(v: Json): v is Record<string, Json> {
  return v !== null && typeof v === "object" && !Array.isArray(v) && !isLosslessNumber(v);
}

/** Rules from a file: an array of rules, one rule, or `{ rules, sharedConditions }` / `{ rules, conditions }`. */
function rulesAndShared(doc: Json, options: ImportOptions): { rules: Json[]; shared: Record<string, Json> } {
  let shared: Record<string, Json> = { ...(options.sharedConditions ?? {}) };
  if (Array.isArray(doc)) return { rules: doc, shared };
  if (isObject(doc) && Array.isArray(doc.rules)) {
    const s = doc.sharedConditions ?? doc.conditions;
    if (isObject(s)) shared = { ...shared, ...s };
    return { rules: doc.rules, shared };
  }
  return { rules: [doc], shared };
}

class Importer {
  issues: ImportIssue[] = [];
  /** fact path key → input name, in order of first use. */
  inputs = new Map<string, { name: string; from: string | null; fact: string }>();
  names = new Set<string>();
  sharedLets = new Map<string, { name: string; text: string | null }>();

  constructor(readonly shared: Record<string, Json>) {}

  problem(where: string, message: string): void {
    this.issues.push({ where, message });
  }

  uniqueName(wanted: string): string {
    let base = wanted.normalize("NFC").replace(/[^\p{L}\p{N}_]/gu, "_");
    if (!/^[\p{L}_]/u.test(base)) base = `_${base}`;
    if (RESERVED.has(base)) base = `${base}_`;
    let name = base;
    for (let i = 2; this.names.has(name); i++) name = `${base}_${i}`;
    this.names.add(name);
    return name;
  }

  /** The input that reads `fact` (at `path`), declared on first use. */
  factInput(fact: Json, path: Json, where: string): string | null {
    if (typeof fact !== "string" || fact === "") {
      this.problem(`${where}.fact`, "a condition's fact must be a non-empty name");
      return null;
    }
    let segments: string[] = [];
    if (path !== undefined) {
      const parsed = typeof path === "string" ? parseJsonPath(path) : null;
      if (!parsed) {
        this.problem(`${where}.path`, `path ${JSON.stringify(path)} is not a plain JSONPath ($.a.b, $.a[0], $['a']): wildcards, filters, slices and recursive descent select several values and have no single-value equivalent`);
        return null;
      }
      segments = parsed;
    }
    if (/[.[\]]/.test(fact) || segments.some((s) => /[.[\]]/.test(s) && !/^\[\d+\]$/.test(s))) {
      this.problem(where, `fact ${JSON.stringify(fact)}${path ? ` with path ${path}` : ""} has a name containing ".", "[" or "]", which a fact path cannot spell`);
      return null;
    }
    const from = [fact, ...segments].join(".").replace(/\.\[/g, "[");
    const known = this.inputs.get(from);
    if (known) return known.name;
    const plain = segments.length === 0 && IDENTIFIER.test(fact) && !RESERVED.has(fact) && !this.names.has(fact);
    const name = plain ? fact : this.uniqueName([fact, ...segments.map((s) => s.replace(/^\[(\d+)\]$/, "$1"))].join("_"));
    if (plain) this.names.add(name);
    this.inputs.set(from, { name, from: plain ? null : from, fact });
    return name;
  }

  value(v: Json, where: string): string | null {
    if (isObject(v) && Object.prototype.hasOwnProperty.call(v, "fact")) {
      if (v.params !== undefined) {
        this.problem(`${where}.params`, `fact ${JSON.stringify(v.fact)} takes params: it is computed in code (a dynamic fact), so its value cannot be known from the rules file; supply it as a plain fact instead`);
        return null;
      }
      return this.factInput(v.fact, v.path, where);
    }
    return this.literal(v, where);
  }

  literal(v: Json, where: string): string | null {
    if (v === null) return "none";
    if (typeof v === "boolean") return String(v);
    if (typeof v === "string") return quote(v);
    if (isLosslessNumber(v) || typeof v === "number") return numberText(String(isLosslessNumber(v) ? v.value : v));
    if (Array.isArray(v)) {
      if (v.some((x) => x !== null && typeof x === "object" && !isLosslessNumber(x))) {
        this.problem(where, `the list ${short(v)} holds lists or objects: json-rules-engine compares those with === and they never equal a fact's, and a ruleset has no object values`);
        return null;
      }
      const items = v.map((x, i) => this.literal(x, `${where}[${i}]`));
      return items.every((x) => x !== null) ? `[${items.join(", ")}]` : null;
    }
    this.problem(where, `the value ${short(v)} is an object: json-rules-engine compares it with === and it never equals a fact, and a ruleset has no object values`);
    return null;
  }

  /** A condition → an expression; `top` when it stands alone (no parentheses needed). */
  condition(c: Json, where: string, depth: number): string | null {
    if (!isObject(c)) {
      this.problem(where, "a condition must be an object with all, any, not, condition or fact");
      return null;
    }
    const pad = "  ".repeat(depth + 2);
    const label = "";
    if (Array.isArray(c.all) || Array.isArray(c.any)) {
      const all = Array.isArray(c.all);
      const list = (all ? c.all : c.any) as Json[];
      const key = all ? "all" : "any";
      if (list.length === 0) return label + (all ? "true" : "false");
      const parts = list.map((x, i) => this.condition(x, `${where}.${key}[${i}]`, depth + 1));
      if (parts.some((p) => p === null)) return null;
      const wrapped = parts.map((p, i) => (needsParens(list[i]) ? `(${p})` : p!));
      const joiner = all ? " and " : " or ";
      const oneLine = wrapped.join(joiner);
      const named = list.some((x) => conditionName(x) !== null);
      const body =
        oneLine.length <= 80 && !oneLine.includes("\n") && !named
          ? oneLine
          : wrapped.map((p, i) => `${i === 0 ? "" : `\n${pad}`}${commentLine(list[i], pad)}${i === 0 ? "" : `${joiner.trim()} `}${p}`).join("");
      return label + body;
    }
    if (c.not !== undefined) {
      const inner = this.condition(c.not, `${where}.not`, depth + 1);
      return inner === null ? null : `${label}not (${inner})`;
    }
    if (c.condition !== undefined) {
      if (typeof c.condition !== "string" || !Object.prototype.hasOwnProperty.call(this.shared, c.condition)) {
        this.problem(where, `shared condition ${JSON.stringify(c.condition)} is not defined: pass the conditions given to engine.setCondition`);
        return null;
      }
      return label + this.sharedLet(c.condition, where);
    }
    if (c.fact !== undefined) {
      const test = this.leaf(c, where);
      return test === null ? null : label + test;
    }
    this.problem(where, "a condition must have all, any, not, condition or fact");
    return null;
  }

  sharedLet(id: string, where: string): string {
    const known = this.sharedLets.get(id);
    if (known) {
      if (known.text === null) this.problem(where, `shared condition ${JSON.stringify(id)} refers to itself`);
      return known.name;
    }
    const entry = { name: this.uniqueName(id), text: null as string | null };
    this.sharedLets.set(id, entry);
    entry.text = this.condition(this.shared[id], `sharedConditions.${id}`, 0);
    return entry.name;
  }

  leaf(c: Record<string, Json>, where: string): string | null {
    if (c.params !== undefined) {
      this.problem(`${where}.params`, `fact ${JSON.stringify(c.fact)} takes params: it is computed in code (a dynamic fact), so its value cannot be known from the rules file; supply it as a plain fact instead`);
      return null;
    }
    if (typeof c.operator !== "string") {
      this.problem(`${where}.operator`, "a fact condition needs an operator");
      return null;
    }
    const left = this.factInput(c.fact, c.path, where);
    const right = this.value(c.value, `${where}.value`);
    const test = operatorChain(c.operator);
    if (typeof test === "string") {
      this.problem(`${where}.operator`, test);
      return null;
    }
    if (left === null || right === null) return null;
    const [l, r] = test.swap ? [right, left] : [left, right];
    const body = `${test.leftQ ? `${test.leftQ} of ` : ""}${l} ${test.op} ${test.rightQ ? `${test.rightQ} of ` : ""}${r}`;
    return test.not ? `not (${body})` : body;
  }
}

interface OperatorTest {
  op: string;
  not: boolean;
  swap: boolean;
  leftQ: "any" | "all" | null;
  rightQ: "any" | "all" | null;
}

/**
 * `not:swap:everyFact:in` → the test it spells, or why it cannot be spelled. Decorators apply
 * outermost first; supported: any `not`/`swap` prefix, then at most one fact quantifier, then at
 * most one value quantifier, and `not` just before an operator that has an exact opposite.
 */
export function operatorChain(name: string): OperatorTest | string {
  const parts = name.split(":");
  const base = parts.pop()!;
  let op = OPERATORS[base];
  if (!op) return `operator "${name}": "${base}" is not a json-rules-engine built-in operator (a custom operator is defined in code, so its meaning is not in the rules file)`;
  const test: OperatorTest = { op, not: false, swap: false, leftQ: null, rightQ: null };
  let stage = 0; // 0: not/swap, 1: after a fact quantifier, 2: after a value quantifier
  for (let i = 0; i < parts.length; i++) {
    const d = parts[i];
    if ((d === "not" || d === "swap") && stage === 0) {
      if (d === "not") test.not = !test.not;
      else test.swap = !test.swap;
    } else if ((d === "someFact" || d === "everyFact") && stage === 0) {
      stage = 1;
      // After a swap the fact quantifier ranges over the value: it is still json-rules-engine's first argument.
      test.leftQ = d === "someFact" ? "any" : "all";
    } else if ((d === "someValue" || d === "everyValue") && stage < 2) {
      stage = 2;
      test.rightQ = d === "someValue" ? "any" : "all";
    } else if (d === "not" && i === parts.length - 1 && NEGATED[op]) {
      op = NEGATED[op];
      test.op = op;
    } else if (["not", "swap", "someFact", "everyFact", "someValue", "everyValue"].includes(d)) {
      return `operator "${name}": decorator "${d}" at this place in the chain has no equivalent test; supported chains are not/swap first, then someFact/everyFact, then someValue/everyValue (and not just before equal, notEqual, in or notIn)`;
    } else {
      return `operator "${name}": "${d}" is not a json-rules-engine built-in decorator (a custom decorator is defined in code)`;
    }
  }
  return test;
}

/** A condition's `name`, shown as a comment above it. */
function conditionName(c: Json): string | null {
  return isObject(c) && typeof c.name === "string" ? c.name.replace(/[\r\n]+/g, " ") : null;
}

function commentLine(c: Json, pad: string): string {
  const n = conditionName(c);
  return n === null ? "" : `// ${n}\n${pad}`;
}

function needsParens(c: Json): boolean {
  if (!isObject(c)) return false;
  const list = (Array.isArray(c.all) ? c.all : Array.isArray(c.any) ? c.any : null) as Json[] | null;
  return list !== null && list.length > 1;
}

/** `$.a.b[0]['c d']` → ["a", "b", "[0]", "c d"]; null for anything that selects several values. */
export function parseJsonPath(path: string): string[] | null {
  let rest = path.trim();
  if (rest.startsWith("$")) rest = rest.slice(1);
  else if (!rest.startsWith(".")) rest = `.${rest}`;
  const segments: string[] = [];
  const step = /^(?:\.([\p{L}\p{N}_$-]+)|\[(\d+)\]|\['([^'\\]*)'\]|\["([^"\\]*)"\])/u;
  while (rest.length > 0) {
    const m = step.exec(rest);
    if (!m) return null;
    if (m[1] !== undefined) segments.push(m[1]);
    else if (m[2] !== undefined) segments.push(`[${m[2]}]`);
    else segments.push(m[3] ?? m[4]);
    rest = rest.slice(m[0].length);
  }
  return segments;
}

function quote(s: string): string {
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n").replace(/\t/g, "\\t")}"`;
}

/** A JSON number as a policy literal: plain decimal notation, a leading minus as negation. */
function numberText(text: string): string {
  const plain = new Decimal(text).toFixed();
  return plain.startsWith("-") ? `-${plain.slice(1)}` : plain;
}

function short(v: Json): string {
  const s = JSON.stringify(v, (_k, x: unknown) => (isLosslessNumber(x) ? Number(x.value) : x));
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function paramText(v: Json, where: string, imp: Importer, depth: number): string | null {
  if (isObject(v)) {
    const entries = Object.entries(v);
    if (entries.length === 0) return "{}";
    const parts: string[] = [];
    for (const [k, x] of entries) {
      const t = paramText(x, `${where}.${k}`, imp, depth + 1);
      if (t === null) return null;
      parts.push(`${IDENTIFIER.test(k) && !RESERVED.has(k) ? k : quote(k)}: ${t}`);
    }
    return `{ ${parts.join(", ")} }`;
  }
  if (Array.isArray(v)) {
    const items = v.map((x, i) => paramText(x, `${where}[${i}]`, imp, depth + 1));
    return items.every((x) => x !== null) ? `[${items.join(", ")}]` : null;
  }
  return imp.literal(v, where);
}

const RULE_KEYS = new Set(["conditions", "event", "name", "priority"]);

export function importJsonRulesEngine(doc: Json, options: ImportOptions = {}): ImportResult {
  const { rules, shared } = rulesAndShared(doc, options);
  const imp = new Importer(shared);
  const blocks: string[] = [];
  const ruleNames = new Set<string>();
  // An empty list is more likely the wrong file than a policy with nothing in it.
  if (rules.length === 0) imp.problem("rules", "the file holds no rules: expected an array of rules, one rule, or { rules: [...] }");
  rules.forEach((raw, i) => {
    const where = `rules[${i}]`;
    const rule = typeof raw === "string" ? safeParse(raw) : raw;
    if (!isObject(rule)) {
      imp.problem(where, "a rule must be an object with conditions and event");
      return;
    }
    for (const k of Object.keys(rule)) {
      if (k === "onSuccess" || k === "onFailure") imp.problem(`${where}.${k}`, `${k} is a callback written in code: it cannot be carried into a ruleset`);
      else if (!RULE_KEYS.has(k)) imp.problem(`${where}.${k}`, `unknown rule property "${k}": its meaning would be lost`);
    }
    let priority = 1;
    if (rule.priority !== undefined) {
      const p = Number.parseInt(String(isLosslessNumber(rule.priority) ? rule.priority.value : rule.priority), 10);
      if (!(p > 0)) imp.problem(`${where}.priority`, `priority ${short(rule.priority)} must be greater than zero (json-rules-engine refuses it)`);
      else priority = p;
    }
    const event = rule.event;
    if (!isObject(event) || typeof event.type !== "string") {
      imp.problem(`${where}.event`, "a rule needs an event with a type");
      return;
    }
    let params: string | null = "";
    if (event.params !== undefined) {
      if (!isObject(event.params)) imp.problem(`${where}.event.params`, "event params must be an object");
      else params = paramText(event.params, `${where}.event.params`, imp, 0);
    }
    const conds = rule.conditions;
    if (!isObject(conds) || !(Array.isArray(conds.all) || Array.isArray(conds.any) || conds.not !== undefined || conds.condition !== undefined)) {
      imp.problem(`${where}.conditions`, "a rule's conditions must be all, any, not or a shared condition");
      return;
    }
    const cond = imp.condition(conds, `${where}.conditions`, 0);
    if (cond === null || params === null) return;
    const label = typeof rule.name === "string" ? rule.name : null;
    const code = imp.uniqueName(label ?? `${event.type}_rule`);
    ruleNames.add(code);
    const head = `rule ${code}${label !== null && label !== code ? ` ${quote(label)}` : ""} priority ${priority}`;
    const multi = cond.includes("\n") || cond.length > 70 || conditionName(conds) !== null;
    blocks.push(`${head}\n  when${multi ? `\n    ${commentLine(conds, "    ")}${cond}` : ` ${cond}`}\n  event ${quote(event.type)}${params ? ` ${params}` : ""}`);
  });
  if (imp.issues.length > 0) return { source: null, issues: imp.issues };
  const lines: string[] = [];
  lines.push(`// Imported from json-rules-engine rules: every fact is a json input, compared as json-rules-engine compares it.`);
  lines.push(`ruleset ${options.name ?? "imported"}`, "");
  for (const input of imp.inputs.values()) lines.push(`input ${input.name} json${input.from ? ` from ${quote(input.from)}` : ""}`);
  if (imp.sharedLets.size > 0) {
    lines.push("");
    for (const [id, s] of imp.sharedLets) lines.push(`let ${s.name}${s.name !== id ? ` ${quote(id)}` : ""} =\n  ${s.text}`);
  }
  lines.push("", blocks.join("\n\n"), "");
  return { source: lines.join("\n"), issues: [] };
}

function safeParse(text: string): Json {
  try {
    return parseRulesFile(text);
  } catch {
    return null;
  }
}
