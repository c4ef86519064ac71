/**
 * Exact JSON (engine/exact-json.ts) as the admin UI reads it: whole numbers a JS number holds
 * exactly (versions, counts, term days) arrive as numbers the UI can show and compare; every
 * other number keeps its digits.
 */
import { parseExactJson as parseExact } from "../../../engine/exact-json.js";

export { stringifyExactJson, toEngineFacts } from "../../../engine/exact-json.js";

export function parseExactJson(text: string): unknown {
  return parseExact(text, { safeIntegersAsNumbers: true });
}
