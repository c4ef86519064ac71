/** The one error shape of the API: `{"error":{"code","message", …}}` with a matching status. */
import type { ContentfulStatusCode } from "hono/utils/http-status";

export type ErrorCode =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "too_large"
  | "invalid_ruleset"
  | "import_refused"
  | "csrf"
  | "maker_checker"
  | "internal";

export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
    /** Extra fields placed next to code and message, e.g. the current revision of a conflict. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }

  body(): { error: Record<string, unknown> } {
    return { error: { code: this.code, message: this.message, ...this.details } };
  }
}

export const badRequest = (message: string, details?: Record<string, unknown>) =>
  new ApiError(400, "bad_request", message, details);
export const unauthorized = (message = "sign in or send a bearer token") => new ApiError(401, "unauthorized", message);
export const forbidden = (message: string) => new ApiError(403, "forbidden", message);
export const notFound = (message: string) => new ApiError(404, "not_found", message);
export const conflict = (message: string, details?: Record<string, unknown>) =>
  new ApiError(409, "conflict", message, details);
export const tooLarge = (message: string, details?: Record<string, unknown>) =>
  new ApiError(413, "too_large", message, details);

/** An ApiError as plain data, to come back from a worker thread (an Error does not cross threads as itself). */
export interface Refusal {
  ok: false;
  status: ContentfulStatusCode;
  code: ErrorCode;
  message: string;
  details: Record<string, unknown>;
}

export function refusalOf(error: ApiError): Refusal {
  return { ok: false, status: error.status, code: error.code, message: error.message, details: error.details };
}

/** The ApiError a worker's refusal stands for, to throw on the request thread. */
export function refused(r: Refusal): ApiError {
  return new ApiError(r.status, r.code, r.message, r.details);
}
