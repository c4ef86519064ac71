/**
 * The decision log: every production evaluation with the version hash, the exact input and
 * the output, so any decision can be looked up and replayed later.
 */
import { randomUUID } from "node:crypto";
import type { EvaluationRecord } from "../../engine/record.js";
import { isErrorRecord } from "../../engine/record.js";
import type { DecisionWriter } from "./decision-writer.js";
import { stringifyExactJson, type ExactJson } from "../http/body.js";

export interface LogContext {
  unitId: number;
  rulesetId: number;
  versionNumber: number;
  versionSha256: string;
  caller: string;
  requestId: string;
}

/** A record's customer id as the log keeps it: text, or null. */
export function customerIdOf(record: EvaluationRecord): string | null {
  const id = record.customerId;
  return id === null || id === undefined ? null : String(id);
}

/** Inserts one row per record (in one statement) and returns their ids in input order. */
export async function logDecisions(writer: DecisionWriter, context: LogContext, inputs: ExactJson[], records: EvaluationRecord[]): Promise<string[]> {
  if (records.length === 0) return [];
  // Ids are made here rather than by the database so they pair with records without
  // relying on the order RETURNING yields rows in.
  const ids = records.map(() => randomUUID());
  const rows = records.map((record, i) => {
    const error = isErrorRecord(record);
    return {
      id: ids[i],
      businessUnitId: context.unitId,
      rulesetId: context.rulesetId,
      versionNumber: context.versionNumber,
      versionSha256: context.versionSha256,
      customerId: customerIdOf(record),
      input: stringifyExactJson(inputs[i]),
      output: record,
      isError: error,
      grade: error ? null : record.grade,
      score: error ? null : record.score,
      creditLimit: error ? null : record.limit,
      caller: context.caller,
      requestId: context.requestId,
    };
  });
  await writer.write(rows);
  return ids;
}
