/**
 * The values a customer has for the names of a ruleset, for the editor's hover: inputs from
 * the facts, derived values from the explained decision (indicator values and the values that
 * decided caps and warnings), and the builtins from the decision itself.
 */
import type { EvaluationRecord, Explanation, OutputValue } from "../../../engine/index.js";
import { isErrorRecord } from "../../../engine/index.js";

function text(value: unknown): string {
  if (value === null || value === undefined) return "—";
  return typeof value === "string" ? value : JSON.stringify(value);
}

export function customerValues(facts: Record<string, unknown>, record: EvaluationRecord | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(facts)) out[k] = text(v);
  if (!record || isErrorRecord(record)) return out;
  const explanation = record.explanation as Explanation | undefined;
  const put = (values: Record<string, OutputValue>) => {
    for (const [k, v] of Object.entries(values)) out[k] ??= text(v);
  };
  for (const i of explanation?.indicators ?? []) out[i.code] ??= text(i.value);
  for (const c of explanation?.grade.caps ?? []) put(c.values);
  for (const w of explanation?.warnings ?? []) put(w.values);
  if (record.score !== null) out.score = record.score;
  if (record.grade !== null) out.grade = record.grade;
  if (explanation?.grade.scoreGrade) out.score_grade = explanation.grade.scoreGrade;
  if (record.limit !== null) out.limit = record.limit;
  if (record.termDays !== null) out.term = String(record.termDays);
  out.frozen = String(record.frozen);
  return out;
}
