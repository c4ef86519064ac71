/** The impact summary as text for a terminal: counts, the grade migration matrix, limits, warnings. */
import type { ImpactSummary } from "../engine/impact.js";

const count = (n: number) => n.toLocaleString("en-US");

/** Groups the integer part of a decimal string in threes, exactly (no number conversion). */
export function groupDigits(decimal: string): string {
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(decimal);
  if (!m) return decimal;
  return `${m[1]}${m[2].replace(/\B(?=(\d{3})+(?!\d))/g, ",")}${m[3] ?? ""}`;
}

function codes(c: Record<string, number>): string {
  const entries = Object.entries(c);
  return entries.length === 0 ? "none" : entries.map(([k, n]) => `${k} ${count(n)}`).join(", ");
}

export function formatSummary(s: ImpactSummary, labels: { published: string; draft: string }): string {
  const lines: string[] = [];
  lines.push(`Impact of ${labels.draft} against ${labels.published}`);
  lines.push(`${count(s.customers)} customers: ${count(s.changed)} changed, ${count(s.errors)} with errors`);
  lines.push("");
  lines.push("Grade migration (rows: published, columns: draft)");
  const head = ["", ...s.grades, "total"];
  const rows = s.grades.map((from) => {
    const cells = s.grades.map((to) => s.matrix[from][to]);
    return [from, ...cells.map(count), count(cells.reduce((a, b) => a + b, 0))];
  });
  const totals = s.grades.map((to) => s.grades.reduce((sum, from) => sum + s.matrix[from][to], 0));
  rows.push(["total", ...totals.map(count), count(s.customers)]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ").trimEnd();
  lines.push(line(head));
  for (const r of rows) lines.push(line(r));
  lines.push("");
  lines.push(`Total limit (customers decided by both): ${groupDigits(s.totalLimitBefore)} → ${groupDigits(s.totalLimitAfter)} (change ${groupDigits(s.totalLimitChange)})`);
  lines.push(`New warnings: ${codes(s.newWarnings)}`);
  lines.push(`Cleared warnings: ${codes(s.clearedWarnings)}`);
  if (s.errors > 0) {
    lines.push(`Errors, published: ${codes(s.errorsBefore)}`);
    lines.push(`Errors, draft: ${codes(s.errorsAfter)}`);
  }
  return `${lines.join("\n")}\n`;
}
