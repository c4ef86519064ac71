/**
 * Registers routes on Hono and describes them for the OpenAPI document at the same time,
 * so the description cannot drift from the routes that exist.
 */
import type { Context, Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../context.js";

export type Method = "get" | "post" | "put" | "delete";

export interface Operation {
  method: Method;
  /** Hono path, e.g. `/business-units/:bu/rulesets/:name`. */
  path: string;
  summary: string;
  tag: string;
  /** Who may call it, in words (roles are checked in the handler). */
  access: string;
  body?: z.ZodType;
  query?: z.ZodObject;
  /** What a successful response holds, in words or as a schema. */
  response?: z.ZodType | string;
  status?: number;
}

export type Handler = (c: Context<AppEnv>) => Promise<Response> | Response;

export class Api {
  readonly operations: Operation[] = [];

  constructor(private readonly app: Hono<AppEnv>) {}

  add(operation: Operation, handler: Handler): void {
    this.operations.push(operation);
    this.app.on(operation.method.toUpperCase(), operation.path, handler);
  }
}

function jsonSchema(schema: z.ZodType): unknown {
  return z.toJSONSchema(schema, { target: "draft-2020-12", unrepresentable: "any", io: "output" });
}

const errorSchema = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: { code: { type: "string" }, message: { type: "string" } },
      additionalProperties: true,
    },
  },
};

/** An OpenAPI 3.1 document of the registered operations (paths relative to `basePath`). */
export function openApiDocument(operations: Operation[], basePath: string, version: string): unknown {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const path = basePath + op.path.replace(/:([A-Za-z_]+)/g, "{$1}");
    const parameters: unknown[] = [...op.path.matchAll(/:([A-Za-z_]+)/g)].map((m) => ({
      name: m[1],
      in: "path",
      required: true,
      schema: { type: "string" },
    }));
    if (op.query) {
      for (const [name, field] of Object.entries(op.query.shape)) {
        parameters.push({ name, in: "query", required: !(field as z.ZodType).safeParse(undefined).success, schema: jsonSchema(field as z.ZodType) });
      }
    }
    const success = String(op.status ?? 200);
    paths[path] ??= {};
    paths[path][op.method] = {
      summary: op.summary,
      description: `Access: ${op.access}.`,
      tags: [op.tag],
      parameters,
      ...(op.body
        ? { requestBody: { required: true, content: { "application/json": { schema: jsonSchema(op.body) } } } }
        : {}),
      responses: {
        [success]: {
          description: typeof op.response === "string" ? op.response : "OK",
          ...(op.response && typeof op.response !== "string"
            ? { content: { "application/json": { schema: jsonSchema(op.response) } } }
            : {}),
        },
        default: { description: "An error", content: { "application/json": { schema: errorSchema } } },
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "credit-rules server",
      version,
      description:
        "Versioned credit-policy rulesets per business unit: drafts, maker-checker publishing, evaluation, decision log and audit.",
    },
    components: {
      securitySchemes: {
        session: { type: "apiKey", in: "cookie", name: "credit_rules_session" },
        bearer: { type: "http", scheme: "bearer" },
      },
    },
    security: [{ session: [] }, { bearer: [] }],
    paths,
  };
}
