/** A ruleset's own test cases (`test "…" given … expect …`), run against its plan. */
import type { Expr, TestDecl } from "../dsl/ast.js";
import { compileExpr } from "./compile/expr.js";
import { Frame, RuntimeFault } from "./compile/frame.js";
import type { Plan } from "./compile/plan.js";
import { decide } from "./decide.js";
import { bindInputs } from "./input.js";
import { isErrorRecord, type EvaluationRecord } from "./record.js";
import { toJson } from "./decide.js";

export interface TestResult {
  name: string;
  passed: boolean;
  failures: string[];
  line: number;
  record?: EvaluationRecord;
}

/** The facts of a test: those of the test it is `like`, overridden by its own `given`. */
export function testFacts(plan: Plan, test: TestDecl, seen: Set<string> = new Set()): Record<string, unknown> {
  let base: Record<string, unknown> = {};
  if (test.like && !seen.has(test.name.text)) {
    const parent = plan.tests.find((t) => t.name.text === test.like!.text);
    if (parent) base = testFacts(plan, parent, new Set([...seen, test.name.text]));
  }
  const c = { model: plan.model, source: plan.source, subject: null };
  const facts: Record<string, unknown> = { customer_id: test.name.text, ...base };
  for (const g of test.given) facts[g.name.text] = toFact(compileExpr(c, g.value)({} as Frame));
  return facts;
}

function toFact(v: unknown): unknown {
  const j = toJson(v);
  return j;
}

export function runTests(plan: Plan): TestResult[] {
  const c = { model: plan.model, source: plan.source, subject: null };
  return plan.tests.map((test) => {
    const failures: string[] = [];
    if (test.like && !plan.tests.some((t) => t.name.text === test.like!.text)) failures.push(`no test named "${test.like.text}" to be like`);
    const facts = testFacts(plan, test);
    const record = decide(plan, facts);
    if (isErrorRecord(record)) {
      failures.push(`the customer could not be decided: ${record.error.message}`);
      return { name: test.name.text, passed: false, failures, line: test.name.span.line, record };
    }
    const f = new Frame(plan.size, plan.compute, false);
    bindInputs(plan.inputs, facts, f.vals, test.name.text);
    for (const e of test.expects) {
      try {
        if (compileExpr(c, e)(f) !== true) failures.push(`expected ${text(plan, e)} (line ${e.span.line}), ${actuals(plan, f, e)}`);
      } catch (err) {
        if (!(err instanceof RuntimeFault)) throw err;
        failures.push(`expected ${text(plan, e)} (line ${e.span.line}) but ${err.message}`);
      }
    }
    return { name: test.name.text, passed: failures.length === 0, failures, line: test.name.span.line, record };
  });
}

function text(plan: Plan, e: Expr): string {
  return plan.source.slice(e.span.start, e.span.end).replace(/\s+/g, " ");
}

/** "but grade is B, limit is 0": the actual values of the names the expectation reads. */
function actuals(plan: Plan, f: Frame, e: Expr): string {
  const parts: string[] = [];
  const seen = new Set<string>();
  const visit = (x: Expr): void => {
    if (x.kind === "name") {
      const sym = plan.model.resolved.get(x);
      if (!sym || sym.kind === "grade" || seen.has(x.name)) return;
      seen.add(x.name);
      try {
        const v = compileExpr({ model: plan.model, source: plan.source, subject: null }, x)(f);
        parts.push(`${x.name} is ${JSON.stringify(toJson(v))}`);
      } catch (err) {
        if (!(err instanceof RuntimeFault)) throw err;
        parts.push(`${x.name} has no value`);
      }
    } else if (x.kind === "binary") {
      visit(x.left);
      visit(x.right);
    } else if (x.kind === "unary") visit(x.operand);
    else if (x.kind === "call") x.args.forEach(visit);
  };
  visit(e);
  return parts.length ? `but ${parts.join(", ")}` : "but it is false";
}
