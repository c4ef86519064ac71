/** Grade distribution and bad rate per grade of a ruleset over labelled applicants (good/bad). */
import { evaluate, isErrorRecord, type Plan } from "../engine/index.js";
import { Decimal } from "../engine/numeric.js";

/** n out of total as a percentage with one decimal, exactly rounded. */
function percent(n: number, total: number): string {
  return total === 0 ? "-" : new Decimal(n).times(100).div(total).toFixed(1);
}

export interface GradeRow {
  grade: string;
  applicants: number;
  bad: number;
  /** Bad applicants per 100, one decimal. */
  badRate: string;
}

export interface GradeReport {
  rows: GradeRow[];
  decided: number;
  errors: Array<{ row: number; message: string }>;
}

export function gradeReport(plan: Plan, applicants: Array<Record<string, string>>, label = "class", badValue = "bad"): GradeReport {
  const counts = new Map<string, { applicants: number; bad: number }>(plan.model.grades.map((g) => [g, { applicants: 0, bad: 0 }]));
  const errors: GradeReport["errors"] = [];
  let decided = 0;
  applicants.forEach((a, i) => {
    const record = evaluate(plan, a, { textual: true });
    if (isErrorRecord(record)) {
      errors.push({ row: i + 1, message: record.error.message });
      return;
    }
    decided++;
    const c = counts.get(record.grade ?? "(none)") ?? { applicants: 0, bad: 0 };
    c.applicants++;
    if (a[label] === badValue) c.bad++;
    counts.set(record.grade ?? "(none)", c);
  });
  const rows = [...counts].map(([grade, c]) => ({
    grade,
    applicants: c.applicants,
    bad: c.bad,
    badRate: percent(c.bad, c.applicants),
  }));
  return { rows, decided, errors };
}

export function formatReport(report: GradeReport, total: number): string {
  const lines = ["grade  applicants  share   bad  bad rate", "-----  ----------  -----  ----  --------"];
  for (const r of report.rows) {
    const share = `${percent(r.applicants, total)}%`;
    lines.push(`${r.grade.padEnd(5)}  ${String(r.applicants).padStart(10)}  ${share.padStart(5)}  ${String(r.bad).padStart(4)}  ${(r.badRate === "-" ? "-" : `${r.badRate}%`).padStart(8)}`);
  }
  const bad = report.rows.reduce((s, r) => s + r.bad, 0);
  lines.push(`all    ${String(report.decided).padStart(10)}         ${String(bad).padStart(4)}  ${`${percent(bad, report.decided)}%`.padStart(8)}`);
  return lines.join("\n");
}
