/**
 * Request bodies. JSON is parsed with lossless-json so that a customer's numbers keep their
 * exact digits: `6400000.00000000000008` must reach the engine as written, never through a
 * JS number.
 */
import type { Context } from "hono";
import { isLosslessNumber, LosslessNumber, parse, stringify } from "lossless-json";
import { z } from "zod";
import { badRequest } from "./errors.js";

/** JSON as parsed here: numbers are LosslessNumber instances. */
export type ExactJson = unknown;

export function parseExactJson(text: string): ExactJson {
  return parse(text);
}

export function stringifyExactJson(value: ExactJson): string {
  const text = stringify(value);
  if (text === undefined) throw new Error("value cannot be written as JSON");
  return text;
}

/**
 * The form the engine reads: numbers as decimal strings, everything else unchanged.
 * Decimal strings and JSON numbers mean the same thing to the engine.
 */
export function toEngineFacts(value: ExactJson): unknown {
  if (isLosslessNumber(value)) return value.value;
  if (Array.isArray(value)) return value.map(toEngineFacts);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = toEngineFacts(item);
    return out;
  }
  return value;
}

/** A JSON-lines body (one JSON text per line), read as a stream rather than whole. */
export function isJsonLines(c: Context): boolean {
  const type = (c.req.header("Content-Type") ?? "").split(";")[0].trim().toLowerCase();
  return type === "application/x-ndjson" || type === "application/jsonl";
}

/** Reads the body as exact JSON; 400 with the parser's position when it is not JSON. */
export async function readExactJson(c: Context): Promise<ExactJson> {
  const text = await c.req.text();
  if (text.trim() === "") throw badRequest("the request body is empty; send a JSON document");
  try {
    return parseExactJson(text);
  } catch (error) {
    throw badRequest(`the request body is not valid JSON: ${(error as Error).message}`);
  }
}

/** Reads and validates a JSON body; numbers in fields declared with `jsonInt` become JS numbers. */
export async function readBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  return validate(schema, await readExactJson(c), "body");
}

export function validate<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => ({
      path: issue.path.map(String).join("."),
      message: issue.message,
    }));
    const first = issues[0];
    throw badRequest(`invalid ${where}: ${first.path ? `${first.path}: ` : ""}${first.message}`, { issues });
  }
  return result.data;
}

/** An integer field of a request body (bodies are parsed losslessly, so numbers arrive as LosslessNumber). */
export function jsonInt() {
  return z.preprocess(
    (value) => (value instanceof LosslessNumber ? Number(value.value) : value),
    z.number().int(),
  );
}

/** A customer's facts: any JSON object; its numbers stay exact. */
export const factsSchema = z.custom<Record<string, unknown>>(
  (value) => value !== null && typeof value === "object" && !Array.isArray(value),
  { message: "expected a JSON object of customer facts" },
);

/**
 * Plain JSON for storing in a jsonb column: a number stays a number when a JS number holds it
 * exactly (e.g. an expected termDays of 60), and becomes a decimal string otherwise.
 */
export function toPlainJson(value: ExactJson): unknown {
  if (isLosslessNumber(value)) {
    const asNumber = Number(value.value);
    return String(asNumber) === value.value ? asNumber : value.value;
  }
  if (Array.isArray(value)) return value.map(toPlainJson);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = toPlainJson(item);
    return out;
  }
  return value;
}
