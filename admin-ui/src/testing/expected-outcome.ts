/** The expected outcome stored with a new test case: the decision as it is now, in the fields a policy owner checks. */
import type { DecisionRecord } from "../../../engine/index.js";

export function expectedOutcome(record: DecisionRecord): Record<string, unknown> {
  const expected: Record<string, unknown> = {
    grade: record.grade,
    limit: record.limit,
    termDays: record.termDays,
    frozen: record.frozen,
    warnings: record.warnings.map((w) => ({ code: w.code })),
    approval: record.approval,
  };
  if (record.score !== null) expected.score = record.score;
  return expected;
}
