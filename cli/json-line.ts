/**
 * One JSON text → value, with every number kept exact. JSON.parse is several times faster than
 * a lossless parser, and exact whenever each number has at most 15 significant digits and no
 * exponent (a double then holds it and its shortest text is the written value). A line that
 * might hold any other number goes through lossless-json, whose numbers keep their text.
 */
import { LosslessNumber, parse as losslessParse } from "lossless-json";
import { Decimal, EXPONENT_LIMIT } from "../engine/numeric.js";

// A number (after `:`, `,` or `[`) with 16+ digits, 17+ digits-and-dots, an exponent, or a tiny
// fraction (String(1e-7) is "1e-7"). Anchoring on the separator keeps the scan cheap; a match
// inside a string only costs speed: the line takes the lossless path.
const mayLoseDigits = /[:,[]\s*-?(?:\d{16}|[\d.]{17}|[\d.]*[eE]|\d*\.00000)/;

/**
 * A JSON number's text as the engine reads it: exponent notation becomes plain decimal text,
 * unless the exponent is so large that the text would be huge (the engine then refuses the
 * number as out of range, from its own text).
 */
function exactNumber(text: string): LosslessNumber {
  if (!/[eE]/.test(text)) return new LosslessNumber(text);
  const d = new Decimal(text);
  return new LosslessNumber(Math.abs(d.e) <= EXPONENT_LIMIT ? d.toFixed() : text);
}

export function parseJsonExact(text: string): unknown {
  if (!mayLoseDigits.test(text)) return JSON.parse(text);
  return losslessParse(text, null, exactNumber);
}

/** The customer id of a line that is not valid JSON, when one can still be read from it. */
export function salvageCustomerId(text: string): string | null {
  const m = /"(?:customer_id|customerId|id)"\s*:\s*(?:"((?:[^"\\]|\\.)*)"|(\d+))/.exec(text);
  if (!m) return null;
  return m[1] ?? m[2] ?? null;
}
