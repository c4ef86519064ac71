/**
 * Records → JSONL as UTF-8 bytes, appended to a ByteBuffer: each line is byte for byte
 * `JSON.stringify(record) + "\n"` encoded as UTF-8, without making a string per record. The
 * constant parts of a plan's decision records (engine/record-texts.ts) are encoded once per plan
 * and joined into as few runs as the record's values allow; each record then copies those runs
 * and writes its values (decimal texts and ids as ASCII, anything else escaped and encoded as
 * JSON.stringify and TextEncoder would). Error records, events and explanations, rare or large,
 * go through JSON.stringify and are encoded into the same buffer.
 */
import { type Frame, indicatorValue } from "./compile/frame.js";
import type { Plan } from "./compile/plan.js";
import { putNum } from "./num-bytes.js";
import { formatNum, type Num } from "./numeric.js";
import { ByteBuffer, ByteRun, putAsciiLater, putByte, putJsonChars, putJsonString, putRun, putText } from "./byte-buffer.js";
import type { DecisionRecord, EvaluationRecord, IndicatorRecord, OutputValue, WarningRecord } from "./record.js";
import { isErrorRecord } from "./record.js";
import { KEY, perPlan, recordTexts } from "./record-texts.js";

export { ByteBuffer } from "./byte-buffer.js";

/** Appends one record's JSON line (with its newline) to `out`. */
export type RecordByteWriter = (record: EvaluationRecord, out: ByteBuffer) => void;

/**
 * Appends the JSON line of a decision whose indicators are still in its frame: `record` has every
 * other field (its `indicators` are not read), and each indicator's value, points and contribution
 * are written from the frame, a quotient's digits straight into the bytes. The same line as
 * RecordByteWriter writes for the whole record.
 */
export type FrameByteWriter = (record: DecisionRecord, f: Frame, out: ByteBuffer) => void;

const writers = perPlan((plan) => makeWriters(plan));

/** The byte writer for records of this plan (made once per plan). */
export const recordByteWriter = (plan: Plan): RecordByteWriter => writers(plan).record;

/** The byte writer for decisions of this plan still in their frame. */
export const frameByteWriter = (plan: Plan): FrameByteWriter => writers(plan).frame;

/**
 * A batch of records as JSONL bytes: one buffer per batch, sized from the lines of this plan's
 * batches so far, so it seldom grows (growing copies what is written).
 */
export class RecordLines {
  readonly out: ByteBuffer;
  private readonly write: RecordByteWriter;
  private readonly writeFrame: FrameByteWriter;
  private readonly count: number;

  /**
   * `count`: how many records the batch will hold, about; `memory`: where the lines go when they
   * fit (shared memory: they are written into this thread's own buffer first, then copied there
   * at once, as typed-array stores into shared memory cost more: docs/performance.md).
   */
  constructor(
    private readonly plan: Plan,
    count: number,
    private readonly memory?: Uint8Array,
  ) {
    this.write = recordByteWriter(plan);
    this.writeFrame = frameByteWriter(plan);
    this.count = Math.max(1, count);
    if (memory !== undefined) {
      staging.truncate(0);
      this.out = staging;
    } else this.out = new ByteBuffer(Math.ceil(this.count * (lineBytes.get(plan) ?? 2048) * 1.125));
  }

  /** Appends the record's line. */
  add(record: EvaluationRecord): void {
    this.write(record, this.out);
  }

  /** Appends the line of a decision still in its frame (see FrameByteWriter). */
  addFrom(record: DecisionRecord, f: Frame): void {
    this.writeFrame(record, f, this.out);
  }

  /**
   * Appends the record's line with one more field after its own (`field`: `"key":value` as JSON
   * text), and returns the record's JSON text without it.
   */
  addWith(record: EvaluationRecord, field: string): string {
    const out = this.out;
    const start = out.length;
    this.write(record, out);
    out.settle();
    const json = decoder.decode(out.buf.subarray(start, out.length - 1));
    out.length -= 2; // the record's closing brace and the newline
    putText(out, `,${field}}\n`);
    return json;
  }

  /**
   * The lines written: in the memory given when they fit in it, else in memory of their own (so
   * they can be transferred to another thread), copied out of the buffer when it grew well past
   * them, so a batch in flight holds no slack.
   */
  bytes(): Uint8Array {
    const out = this.out;
    const bytes = out.bytes();
    lineBytes.set(this.plan, Math.ceil(bytes.length / this.count));
    const memory = this.memory;
    if (memory !== undefined) {
      if (bytes.length > memory.length) return bytes.slice();
      memory.set(bytes);
      return memory.subarray(0, bytes.length);
    }
    return bytes.length < out.buf.length * 0.75 ? bytes.slice() : bytes;
  }
}

/**
 * A batch's records as UTF-8 JSONL, in memory of their own. Best called once the whole batch is
 * decided rather than writing each record between decisions: each loop then keeps its own code
 * and data in the processor's caches (measured: about 2 µs less per record, docs/performance.md).
 */
export function jsonLines(plan: Plan, records: readonly EvaluationRecord[]): Uint8Array {
  const lines = new RecordLines(plan, records.length);
  for (let i = 0; i < records.length; i++) lines.add(records[i]);
  return lines.bytes();
}

const decoder = new TextDecoder();

/** Where batches bound for memory of their own are written first (one per thread; a batch is written at once). */
const staging = new ByteBuffer(1 << 20);

/** Bytes per line of each plan's last batch. */
const lineBytes = new WeakMap<Plan, number>();

const NL = 0x0a;
const COMMA = 0x2c;
const QUOTE = 0x22;
const OPEN_LIST = 0x5b;
const CLOSE_LIST = 0x5d;
const NULL = new ByteRun("null");
const TRUE = new ByteRun("true");
const FALSE = new ByteRun("false");
const EMPTY_LIST = new ByteRun("[]");
const q = JSON.stringify;
/**
 * Decimal texts this long are usually concatenations not yet in one piece (V8 copies shorter
 * ones into one): they are written with putAsciiLater, encoded together once per batch.
 */
const LONG = 13;
/** Caches of runs made from values stop growing here (values that repeat are few). */
const CACHE_LIMIT = 1000;

/** A boolean's two runs: [false, true]. */
const both = (text: (b: boolean) => string): [ByteRun, ByteRun] => [new ByteRun(text(false)), new ByteRun(text(true))];

/** The end of an indicator (from its points on), joined with the next indicator's head; cached per band texts. */
class IndicatorEnds {
  private points: string[] = [];
  private contributions: string[] = [];
  private runs: ByteRun[] = [];

  /** `weight`: `","weight":…,"contribution":"`; `next`: `"}` and what follows the indicator. */
  constructor(
    private readonly weight: string,
    private readonly next: string,
  ) {}

  /** The run for these texts; null when too many distinct ones were seen (the caller writes the parts). */
  get(points: string, contribution: string): ByteRun | null {
    const ps = this.points;
    for (let i = 0; i < ps.length; i++) if (ps[i] === points && this.contributions[i] === contribution) return this.runs[i];
    if (ps.length >= 16 || !plainText(points) || !plainText(contribution)) return null;
    const run = new ByteRun(`${KEY.points}${points}${this.weight}${contribution}${this.next}`);
    ps.push(points);
    this.contributions.push(contribution);
    this.runs.push(run);
    return run;
  }
}

/** Runs made from values that repeat (a grade, a term), each with the constant text around it. */
class RunCache<K> {
  private runs = new Map<K, ByteRun>();

  constructor(private readonly text: (key: K) => string) {}

  put(out: ByteBuffer, key: K): void {
    let run = this.runs.get(key);
    if (run === undefined) {
      run = new ByteRun(this.text(key));
      if (this.runs.size < CACHE_LIMIT) this.runs.set(key, run);
    }
    putRun(out, run);
  }
}

/**
 * Runs of lists of text (grade reasons, approval chains, list outputs), each the whole JSON
 * array: the names in them come from the ruleset, and lists repeat.
 */
class ListRuns {
  private byFirst = new Map<string, Array<{ items: string[]; run: ByteRun }>>();
  private size = 0;

  put(out: ByteBuffer, items: string[]): void {
    const run = this.get(items);
    if (run !== null) putRun(out, run);
    else putText(out, q(items));
  }

  private get(items: string[]): ByteRun | null {
    if (items.length === 0) return EMPTY_LIST;
    let seen = this.byFirst.get(items[0]);
    if (seen !== undefined) for (const s of seen) if (sameItems(s.items, items)) return s.run;
    if (this.size >= CACHE_LIMIT || !short(items)) return null;
    if (seen === undefined) this.byFirst.set(items[0], (seen = []));
    const run = new ByteRun(q(items));
    seen.push({ items: [...items], run });
    this.size++;
    return run;
  }
}

/** Lists worth keeping: names, not long texts from a customer. */
function short(items: string[]): boolean {
  let n = 0;
  for (let i = 0; i < items.length; i++) n += items[i].length;
  return n <= 256;
}

function sameItems(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Text that JSON writes as it is (printable ASCII without quotes or backslashes). */
function plainText(s: string): boolean {
  return /^[\x20-\x21\x23-\x5b\x5d-\x7e]*$/.test(s);
}

function makeWriters(plan: Plan): { record: RecordByteWriter; frame: FrameByteWriter } {
  const texts = recordTexts(plan);
  const open = new ByteRun(KEY.customerId);
  const rulesetScore = new ByteRun(texts.rulesetScore);
  // Values from small sets (grades, terms, approval levels) come with the keys around them.
  const grades = new RunCache<string | null>((grade) => `${KEY.grade}${q(grade)}${KEY.gradeReasons}`);
  const noReasons = new ByteRun(`[]${KEY.termDays}`);
  const termDays = new ByteRun(KEY.termDays);
  const terms = new RunCache<number | null>((days) => `${q(days)}${KEY.limit}`);
  const noWarnings = both((frozen) => `${KEY.warnings}[]${KEY.frozen}${frozen}${KEY.level}`);
  const firstWarning = new Map<WarningRecord, ByteRun>();
  const nextWarning = new Map<WarningRecord, ByteRun>();
  for (const [w, json] of texts.warning) {
    firstWarning.set(w, new ByteRun(`${KEY.warnings}[${json}`));
    nextWarning.set(w, new ByteRun(`,${json}`));
  }
  const warningsEnd = both((frozen) => `]${KEY.frozen}${frozen}${KEY.level}`);
  const levels = new RunCache<number | null>((level) => `${q(level)}${KEY.chain}`);
  const firstKey = texts.outputKeys.length > 0 ? texts.outputKeys[0] : "";
  const noChain = both((exception) => `[]${KEY.exception}${exception}${KEY.outputs}${firstKey}`);
  const chainEnd = both((exception) => `${KEY.exception}${exception}${KEY.outputs}${firstKey}`);
  const outputs = plan.outputs.map((o) => o.name);
  const outputKeys = texts.outputKeys.map((k) => new ByteRun(`,${k}`));
  const inds = texts.indicators;
  const numeric = inds.map((k) => k.numeric);
  const indicatorsOpen = new ByteRun(inds.length > 0 ? `${KEY.indicators}${inds[0].head}` : `${KEY.indicators}]`);
  const afterIndicator = (i: number) => (i + 1 < inds.length ? `${KEY.indicatorEnd},${inds[i + 1].head}` : `${KEY.indicatorEnd}]`);
  const indicatorEnds = inds.map((k, i) => new IndicatorEnds(k.weight, afterIndicator(i)));
  const points = new ByteRun(KEY.points);
  const weights = inds.map((k) => new ByteRun(k.weight));
  const nexts = inds.map((_, i) => new ByteRun(afterIndicator(i)));
  const events = new ByteRun(KEY.events);
  const failureEvents = new ByteRun(KEY.failureEvents);
  const version = new ByteRun(KEY.version);
  const explanation = new ByteRun(KEY.explanation);
  const close = new ByteRun("}\n");

  const lists = new ListRuns();
  /** An indicator's points and contribution, and what follows them. */
  const putIndicatorEnd = (out: ByteBuffer, i: number, pointsText: string, contributionText: string): void => {
    const end = indicatorEnds[i].get(pointsText, contributionText);
    if (end !== null) putRun(out, end);
    else {
      putRun(out, points);
      putJsonChars(out, pointsText);
      putRun(out, weights[i]);
      putJsonChars(out, contributionText);
      putRun(out, nexts[i]);
    }
  };
  const putIndicators = (out: ByteBuffer, xs: IndicatorRecord[]): void => {
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i];
      const v = x.value;
      if (v !== null && v.length >= LONG && numeric[i]) {
        putByte(out, QUOTE);
        putAsciiLater(out, v);
        putByte(out, QUOTE);
      } else putStringOrNull(out, v);
      putIndicatorEnd(out, i, x.points, x.contribution);
    }
  };
  const slots = plan.indicators.map((ind) => ind.slot);
  /** What putIndicators writes for the records decide.ts builds from the frame. */
  const putFrameIndicators = (out: ByteBuffer, f: Frame): void => {
    for (let i = 0; i < slots.length; i++) {
      const v = indicatorValue(f, slots[i]);
      if (v === null) putRun(out, NULL);
      else if (typeof v === "boolean" || typeof v === "string") putJsonString(out, String(v));
      else {
        putByte(out, QUOTE);
        putNum(out, v as Num);
        putByte(out, QUOTE);
      }
      const outcome = f.indicators[i];
      putIndicatorEnd(out, i, outcome.pointsText ?? formatNum(outcome.points as Num), outcome.contributionText ?? formatNum(outcome.contribution as Num));
    }
  };

  const decision = (r: DecisionRecord, out: ByteBuffer, f: Frame | null): void => {
    putRun(out, open);
    putStringOrNull(out, r.customerId);
    putRun(out, rulesetScore);
    putStringOrNull(out, r.score);
    grades.put(out, r.grade);
    if (r.gradeReasons.length === 0) putRun(out, noReasons);
    else {
      lists.put(out, r.gradeReasons);
      putRun(out, termDays);
    }
    terms.put(out, r.termDays);
    putStringOrNull(out, r.limit);
    const frozen = r.frozen ? 1 : 0;
    const ws = r.warnings;
    if (ws.length === 0) putRun(out, noWarnings[frozen]);
    else {
      for (let i = 0; i < ws.length; i++) {
        const known = (i === 0 ? firstWarning : nextWarning).get(ws[i]);
        if (known !== undefined) putRun(out, known);
        else putText(out, `${i === 0 ? `${KEY.warnings}[` : ","}${q(ws[i])}`);
      }
      putRun(out, warningsEnd[frozen]);
    }
    const a = r.approval;
    levels.put(out, a.level);
    const exception = a.exception ? 1 : 0;
    if (a.chain.length === 0) putRun(out, noChain[exception]);
    else {
      lists.put(out, a.chain);
      putRun(out, chainEnd[exception]);
    }
    const values = r.outputs;
    for (let i = 0; i < outputs.length; i++) {
      if (i > 0) putRun(out, outputKeys[i]);
      putValue(out, values[outputs[i]], lists);
    }
    putRun(out, indicatorsOpen);
    if (f === null) putIndicators(out, r.indicators);
    else putFrameIndicators(out, f);
    // Events and explanations are rare or large: JSON.stringify's text.
    if (r.events !== undefined) {
      putField(out, events, q(r.events));
      putField(out, failureEvents, q(r.failureEvents));
    }
    if (r.version !== undefined) putField(out, version, q(r.version));
    if (r.explanation !== undefined) putField(out, explanation, q(r.explanation));
    putRun(out, close);
  };

  return {
    record: (record, out) => {
      if (!isErrorRecord(record)) return decision(record as DecisionRecord, out, null);
      putText(out, q(record));
      putByte(out, NL);
    },
    frame: (record, f, out) => decision(record, out, f),
  };
}

function putField(out: ByteBuffer, key: ByteRun, json: string): void {
  putRun(out, key);
  putText(out, json);
}

function putStringOrNull(out: ByteBuffer, s: string | null): void {
  if (s === null) putRun(out, NULL);
  else putJsonString(out, s);
}

/** An output's value as JSON.stringify writes it: text, true/false, null, lists and table rows. */
function putValue(out: ByteBuffer, v: OutputValue | undefined, lists: ListRuns): void {
  if (typeof v === "string") return putJsonString(out, v);
  if (v === null || v === undefined) return putRun(out, NULL);
  if (typeof v === "boolean") return putRun(out, v ? TRUE : FALSE);
  if (Array.isArray(v)) {
    if (v.every((x) => typeof x === "string")) return lists.put(out, v as string[]);
    putByte(out, OPEN_LIST);
    for (let i = 0; i < v.length; i++) {
      if (i > 0) putByte(out, COMMA);
      putValue(out, v[i], lists);
    }
    return putByte(out, CLOSE_LIST);
  }
  // A table row: rare, so JSON.stringify's own rules apply.
  putText(out, q(v));
}
