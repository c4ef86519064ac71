/** Positions and diagnostics: every phase from source text to plan reports through this module. */

export type Severity = "error" | "warning" | "info";

/** A 1-based line/column range in the ruleset source. `end*` is exclusive. */
export interface Span {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** 0-based character offsets into the source. */
  start: number;
  end: number;
}

export interface Diagnostic {
  /** Stable kebab-case code, e.g. `unknown-name`, `weights-sum`. */
  code: string;
  severity: Severity;
  message: string;
  span: Span;
  /** Optional extra lines shown under the message (e.g. an example value in a gap). */
  notes?: string[];
}

export const NO_SPAN: Span = { line: 1, column: 1, endLine: 1, endColumn: 1, start: 0, end: 0 };

export function spanBetween(a: Span, b: Span): Span {
  return { line: a.line, column: a.column, start: a.start, endLine: b.endLine, endColumn: b.endColumn, end: b.end };
}

const severityOrder: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Sorted by position, then severity, then code: stable output for golden files and editors. */
export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) =>
      a.span.start - b.span.start ||
      severityOrder[a.severity] - severityOrder[b.severity] ||
      a.code.localeCompare(b.code) ||
      a.message.localeCompare(b.message),
  );
}

export function hasErrors(list: readonly Diagnostic[]): boolean {
  return list.some((d) => d.severity === "error");
}

/** `file:line:column: severity code: message` — the command-line form. */
export function formatDiagnostic(d: Diagnostic, file = "<source>"): string {
  const head = `${file}:${d.span.line}:${d.span.column}: ${d.severity} ${d.code}: ${d.message}`;
  return d.notes && d.notes.length > 0 ? `${head}\n${d.notes.map((n) => `  ${n}`).join("\n")}` : head;
}

/** The message with the source line and a caret under the span, for terminals and golden files. */
export function renderDiagnostic(d: Diagnostic, source: string, file = "<source>"): string {
  const lines = source.split(/\r?\n/);
  const text = lines[d.span.line - 1] ?? "";
  const width = Math.max(1, d.span.endLine === d.span.line ? d.span.endColumn - d.span.column : text.length - d.span.column + 1);
  const caret = " ".repeat(Math.max(0, d.span.column - 1)) + "^".repeat(width);
  return `${formatDiagnostic(d, file)}\n | ${text}\n | ${caret}`;
}
