/**
 * The importer's report as people read it — the same lines from the CLI (on standard error) and
 * the admin UI (before anything is created): one per part that cannot be represented, then a
 * closing count.
 */
import type { ImportIssue } from "./import.js";

export function issueLine(file: string, issue: ImportIssue): string {
  return `${file}: ${issue.where}: ${issue.message}`;
}

export function notImportedLine(file: string, count: number): string {
  return `${file}: not imported: ${count} part${count === 1 ? "" : "s"} cannot be represented`;
}

/** Every line of a refused import, in the importer's order. */
export function refusalReport(file: string, issues: ImportIssue[]): string[] {
  return [...issues.map((i) => issueLine(file, i)), notImportedLine(file, issues.length)];
}

/** A file that is not JSON at all: the parser's message (with its position) after the file's name. */
export function unreadableLine(file: string, error: unknown): string {
  return `${file}: ${error instanceof Error ? error.message : String(error)}`;
}
