/**
 * JSON whose numbers keep every digit. Customer facts may carry amounts such as
 * `6400000.00000000000008` as JSON numbers; JSON.parse would round them, so facts are read and
 * written with lossless-json and handed to the engine as decimal strings. Used by the server
 * and by the admin UI in the browser, so nothing here may need Node.
 */
import { isLosslessNumber, LosslessNumber, parse, stringify } from "lossless-json";

/** JSON as parsed here: numbers are LosslessNumber instances (or safe integers, when asked). */
export type ExactJson = unknown;

export interface ExactJsonOptions {
  /**
   * Whole numbers a JS number holds exactly become numbers; every other number stays a
   * LosslessNumber. Off: every number is a LosslessNumber.
   */
  safeIntegersAsNumbers?: boolean;
}

function safeIntegerOrLossless(text: string): number | LosslessNumber {
  if (/^-?\d+$/.test(text)) {
    const n = Number(text);
    if (Number.isSafeInteger(n)) return n;
  }
  return new LosslessNumber(text);
}

export function parseExactJson(text: string, options: ExactJsonOptions = {}): ExactJson {
  return options.safeIntegersAsNumbers ? parse(text, null, safeIntegerOrLossless) : parse(text);
}

export function stringifyExactJson(value: ExactJson): string {
  const text = stringify(value);
  if (text === undefined) throw new Error("value cannot be written as JSON");
  return text;
}

/** A copy of `value` with every LosslessNumber, however deep in arrays and objects, replaced. */
export function mapLosslessNumbers(value: ExactJson, replace: (n: LosslessNumber) => unknown): unknown {
  if (isLosslessNumber(value)) return replace(value);
  if (Array.isArray(value)) return value.map((item) => mapLosslessNumbers(item, replace));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = mapLosslessNumbers(item, replace);
    return out;
  }
  return value;
}

/**
 * The form the engine reads: lossless numbers become their decimal text, the rest is unchanged.
 * Decimal strings and JSON numbers mean the same thing to the engine.
 */
export function toEngineFacts(value: ExactJson): unknown {
  return mapLosslessNumbers(value, (n) => n.value);
}
