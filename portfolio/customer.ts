/** One generated customer: field name → JSON value, as a line of a JSONL portfolio holds it. */
export type Customer = Record<string, unknown>;
