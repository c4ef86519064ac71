/** Messages between the page and the policy worker, which runs the same compiler and evaluator as the server. */
import type { Diagnostic, EvaluationRecord, TestResult } from "../../../engine/index.js";
import type { SymbolTable } from "../../../engine/symbols.js";
import type { ImpactRow, ImpactSummary } from "../../../server/evaluation/impact-report.js";

/** One customer as the engine reads it: decimals as strings; CSV rows are text with empty = absent. */
export interface CustomerInput {
  facts: unknown;
  textual: boolean;
}

export interface AnalyseResult {
  diagnostics: Diagnostic[];
  symbols: SymbolTable;
  compiles: boolean;
}

export interface Calls {
  analyse: { request: { source: string }; result: AnalyseResult };
  /** `records` is null when the source does not compile. */
  evaluate: { request: { source: string; customers: CustomerInput[]; explain: boolean }; result: { records: EvaluationRecord[] | null } };
  runTests: { request: { source: string }; result: { tests: TestResult[] | null } };
  format: { request: { source: string }; result: { formatted: string | null } };
  impact: {
    request: { fromSource: string; toSource: string; customers: CustomerInput[] };
    result: { rows: ImpactRow[]; summary: ImpactSummary } | { error: "from" | "to" };
  };
}

export type CallName = keyof Calls;

export interface WorkerRequest<K extends CallName = CallName> {
  id: number;
  name: K;
  request: Calls[K]["request"];
}

export type WorkerResponse = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };
