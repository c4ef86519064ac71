/**
 * Request bodies. JSON is parsed with lossless-json so that a customer's numbers keep their
 * exact digits: `6400000.00000000000008` must reach the engine as written, never through a
 * JS number.
 */
import type { Context } from "hono";
import { LosslessNumber } from "lossless-json";
import { z } from "zod";
import { mapLosslessNumbers, parseExactJson, type ExactJson } from "../../engine/exact-json.js";
import { badRequest } from "./errors.js";

// Request bodies keep every number a LosslessNumber (no safeIntegersAsNumbers): `jsonInt`
// fields convert their own, and facts reach the engine as decimal text.
export { parseExactJson, stringifyExactJson, toEngineFacts, type ExactJson } from "../../engine/exact-json.js";

/** A JSON-lines body (one JSON text per line), read as a stream rather than whole. */
export function isJsonLines(c: Context): boolean {
  const type = (c.req.header("Content-Type") ?? "").split(";")[0].trim().toLowerCase();
  return type === "application/x-ndjson" || type === "application/jsonl";
}

/** Reads the body as exact JSON; 400 with the parser's position when it is not JSON. */
export async function readExactJson(c: Context): Promise<ExactJson> {
  return parseBodyText(await c.req.text());
}

/** A request body's text as exact JSON (also in the evaluation workers, for large batches). */
export function parseBodyText(text: string): ExactJson {
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
  return mapLosslessNumbers(value, (n) => {
    const asNumber = Number(n.value);
    return String(asNumber) === n.value ? asNumber : n.value;
  });
}
