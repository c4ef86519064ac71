/** The engine's public API: compile once, evaluate many times, run a ruleset's own tests. */
export { check, compile, type CheckResult, type CompileOptions, type CompileResult } from "./compile.js";
export { decide as evaluate, type EvaluateOptions } from "./decide.js";
export { evaluateLine } from "./evaluate-line.js";
export type { Plan } from "./compile/plan.js";
export type { Explanation } from "./explain.js";
export { runTests, type TestResult } from "./run-tests.js";
export * from "./record.js";
export { recordWriter, type RecordWriter } from "./record-json.js";
export { ByteBuffer, jsonLines, recordByteWriter, RecordLines, type RecordByteWriter } from "./record-bytes.js";
export type { Diagnostic, Span, Severity } from "../dsl/diagnostic.js";
export { formatDiagnostic, renderDiagnostic } from "../dsl/diagnostic.js";
export { symbolsOf, symbolAt, type SymbolInfo, type SymbolTable } from "./symbols.js";
export { formatSource, type FormatResult } from "../dsl/format.js";
