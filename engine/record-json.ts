/**
 * Decision records → JSON text, byte for byte what JSON.stringify writes, several times faster:
 * a record's shape is known from its plan, so the constant parts (engine/record-texts.ts:
 * indicator codes and weights, warnings, output names) are made once per plan and each record
 * only fills in its values. For records straight from evaluate(); JSONL output as bytes is
 * engine/record-bytes.ts.
 */
import type { Plan } from "./compile/plan.js";
import type { DecisionRecord, EvaluationRecord, OutputValue } from "./record.js";
import { isErrorRecord } from "./record.js";
import { KEY, perPlan, recordTexts } from "./record-texts.js";

export type RecordWriter = (record: EvaluationRecord) => string;

/** The writer for records of this plan (made once per plan). */
export const recordWriter: (plan: Plan) => RecordWriter = perPlan((plan) => makeWriter(plan));

const q = JSON.stringify;

/** A decimal text made by the engine (digits, sign, point): nothing to escape. */
function decimal(s: string | null): string {
  return s === null ? "null" : `"${s}"`;
}

function makeWriter(plan: Plan): RecordWriter {
  const texts = recordTexts(plan);
  const { warning: warningJson, indicators } = texts;
  const nameJson = new Map<string, string>();
  const nameOf = (s: string): string => {
    let j = nameJson.get(s);
    if (j === undefined) {
      j = q(s);
      if (nameJson.size < 10_000) nameJson.set(s, j);
    }
    return j;
  };
  const outputKeys = texts.outputKeys;

  const list = (items: string[]): string => {
    if (items.length === 0) return "[]";
    let s = `[${nameOf(items[0])}`;
    for (let i = 1; i < items.length; i++) s += `,${nameOf(items[i])}`;
    return `${s}]`;
  };

  return (record) => {
    if (isErrorRecord(record)) return q(record);
    const r = record as DecisionRecord;
    let s = `${KEY.customerId}${r.customerId === null ? "null" : q(r.customerId)}${texts.rulesetScore}${decimal(r.score)}${KEY.grade}${r.grade === null ? "null" : nameOf(r.grade)}${KEY.gradeReasons}${list(r.gradeReasons)}${KEY.termDays}${r.termDays === null ? "null" : String(r.termDays)}${KEY.limit}${decimal(r.limit)}${KEY.warnings}`;
    const ws = r.warnings;
    if (ws.length === 0) s += "[]";
    else {
      s += "[";
      for (let i = 0; i < ws.length; i++) s += (i > 0 ? "," : "") + (warningJson.get(ws[i]) ?? q(ws[i]));
      s += "]";
    }
    const a = r.approval;
    s += `${KEY.frozen}${r.frozen}${KEY.level}${a.level === null ? "null" : String(a.level)}${KEY.chain}${list(a.chain)}${KEY.exception}${a.exception}${KEY.outputs}`;
    const outputs = r.outputs;
    for (let i = 0; i < outputKeys.length; i++) s += (i > 0 ? "," : "") + outputKeys[i] + output(outputs[plan.outputs[i].name]);
    s += KEY.indicators;
    const inds = r.indicators;
    for (let i = 0; i < inds.length; i++) {
      const x = inds[i];
      const k = indicators[i];
      s += `${i > 0 ? "," : ""}${k.head}${k.numeric ? decimal(x.value) : x.value === null ? "null" : q(x.value)}${KEY.points}${x.points}${k.weight}${x.contribution}${KEY.indicatorEnd}`;
    }
    s += "]";
    if (r.events !== undefined) s += `${KEY.events}${q(r.events)}${KEY.failureEvents}${q(r.failureEvents)}`;
    if (r.version !== undefined) s += `${KEY.version}${q(r.version)}`;
    if (r.explanation !== undefined) s += `${KEY.explanation}${q(r.explanation)}`;
    return `${s}}`;
  };
}

function output(v: OutputValue | undefined): string {
  if (typeof v === "string") return q(v);
  if (typeof v === "boolean") return v ? "true" : "false";
  if (v === null || v === undefined) return "null";
  return q(v);
}
