/**
 * JSON whose numbers keep every digit. Customer facts may carry amounts such as
 * `6400000.00000000000008` as JSON numbers; JSON.parse would round them, so facts are read and
 * written with lossless-json, and handed to the engine as decimal strings.
 */
import { isLosslessNumber, LosslessNumber, parse, stringify } from "lossless-json";

/** Whole numbers that a JS number holds exactly stay numbers; every other number stays text. */
function parseNumber(text: string): number | LosslessNumber {
  if (/^-?\d+$/.test(text)) {
    const n = Number(text);
    if (Number.isSafeInteger(n)) return n;
  }
  return new LosslessNumber(text);
}

export function parseExactJson(text: string): unknown {
  return parse(text, null, parseNumber);
}

export function stringifyExactJson(value: unknown): string {
  const text = stringify(value);
  if (text === undefined) throw new Error("value cannot be written as JSON");
  return text;
}

/** The form the engine reads: lossless numbers become their decimal text, the rest is unchanged. */
export function toEngineFacts(value: unknown): unknown {
  if (isLosslessNumber(value)) return value.value;
  if (Array.isArray(value)) return value.map(toEngineFacts);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = toEngineFacts(item);
    return out;
  }
  return value;
}
