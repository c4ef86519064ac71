/**
 * The policy compiler and evaluator in a Web Worker: diagnostics, symbols, test runs and
 * decisions while the user types, without blocking the editor. The modules are the very ones
 * the server runs, so results agree with the server to the digit.
 */
import "../../../dsl/object-group-by.js";
import { compile, evaluate, runTests, type CompileResult } from "../../../engine/index.js";
import { symbolsOf } from "../../../engine/symbols.js";
import { gradeOrder } from "../../../engine/impact.js";
import { impactReport } from "../../../server/evaluation/impact-report.js";
import { formatSource } from "../../../dsl/format.js";
import type { CallName, Calls, CustomerInput, WorkerRequest, WorkerResponse } from "./protocol.js";

// The last few compiled sources: the editor, the test panel and the impact view ask for the
// same source (draft and published) many times between edits.
const cache = new Map<string, CompileResult>();
function compiled(source: string): CompileResult {
  const hit = cache.get(source);
  if (hit) {
    cache.delete(source);
    cache.set(source, hit);
    return hit;
  }
  const result = compile(source);
  cache.set(source, result);
  if (cache.size > 6) cache.delete(cache.keys().next().value as string);
  return result;
}

function decideAll(source: string, customers: CustomerInput[], explain: boolean) {
  const { plan } = compiled(source);
  if (!plan) return null;
  return customers.map((c) => evaluate(plan, c.facts, { explain, textual: c.textual }));
}

const handlers: { [K in CallName]: (request: Calls[K]["request"]) => Calls[K]["result"] } = {
  analyse: ({ source }) => {
    const { plan, diagnostics } = compiled(source);
    return { diagnostics, symbols: symbolsOf(source), compiles: plan !== null };
  },
  evaluate: ({ source, customers, explain }) => ({ records: decideAll(source, customers, explain) }),
  runTests: ({ source }) => {
    const { plan } = compiled(source);
    return { tests: plan ? runTests(plan).map(({ record: _record, ...rest }) => rest) : null };
  },
  format: ({ source }) => ({ formatted: formatSource(source).text }),
  impact: ({ fromSource, toSource, customers }) => {
    const before = decideAll(fromSource, customers, false);
    if (!before) return { error: "from" };
    const after = decideAll(toSource, customers, false);
    if (!after) return { error: "to" };
    return impactReport(before, after, gradeOrder(compiled(fromSource).plan?.model.grades ?? [], compiled(toSource).plan?.model.grades ?? []));
  },
};

const scope = self as unknown as { onmessage: ((e: MessageEvent<WorkerRequest>) => void) | null; postMessage(message: WorkerResponse): void };

scope.onmessage = (event) => {
  const { id, name, request } = event.data;
  try {
    const handler = handlers[name] as (r: unknown) => unknown;
    scope.postMessage({ id, ok: true, result: handler(request) });
  } catch (error) {
    // A failure here is a bug in the engine, not a user mistake: report it to the page.
    scope.postMessage({ id, ok: false, error: error instanceof Error ? `${error.message}\n${error.stack ?? ""}` : String(error) });
  }
};
