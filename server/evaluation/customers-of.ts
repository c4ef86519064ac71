/** An evaluate request's body → its customers: a single facts object, or `{"customers": [...]}`. */
import type { ExactJson } from "../../engine/exact-json.js";
import { badRequest, tooLarge } from "../http/errors.js";

export function customersOf(body: ExactJson, maxBatch: number): { customers: ExactJson[]; batch: boolean } {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw badRequest('send one customer\'s facts as a JSON object, or {"customers": [ ... ]}');
  }
  const maybe = (body as Record<string, unknown>).customers;
  if (maybe === undefined) return { customers: [body], batch: false };
  if (!Array.isArray(maybe)) throw badRequest('"customers" must be an array of customer facts');
  if (maybe.length > maxBatch) {
    throw tooLarge(`a batch holds at most ${maxBatch} customers; this one has ${maybe.length}`, {
      limit: maxBatch,
      received: maybe.length,
    });
  }
  return { customers: maybe, batch: true };
}
