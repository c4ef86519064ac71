/**
 * The one way the UI talks to the server: JSON over fetch with the session cookie, and the
 * CSRF token on every request that changes something. Errors arrive in the server's one
 * shape ({"error":{"code","message",…}}) and become ApiError.
 */
import { parseExactJson, stringifyExactJson } from "./exact-json.js";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The whole `error` object, e.g. the current draft on a 409 conflict. */
    readonly details: Record<string, unknown>,
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export interface RequestOptions {
  /** Send the body with exact JSON (customer facts whose numbers must keep every digit). */
  exact?: boolean;
  /** Read the answer with exact JSON. */
  exactResponse?: boolean;
}

export async function request<T>(method: "GET" | "POST" | "PUT" | "DELETE", path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (method !== "GET" && csrfToken) headers["X-CSRF-Token"] = csrfToken;
  let payload: string | undefined;
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    payload = options.exact ? stringifyExactJson(body) : JSON.stringify(body);
  }
  const response = await fetch(`/api${path}`, { method, headers, body: payload, credentials: "same-origin" });
  const text = await response.text();
  const parsed: unknown = text === "" ? null : options.exactResponse ? parseExactJson(text) : safeJson(text);
  if (!response.ok) {
    const error = (parsed as { error?: Record<string, unknown> } | null)?.error ?? {};
    const message = typeof error.message === "string" ? error.message : `${response.status} ${response.statusText}`;
    throw new ApiError(response.status, typeof error.code === "string" ? error.code : "http", message, error);
  }
  return parsed as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { error: { code: "not-json", message: text.slice(0, 200) } };
  }
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => request<T>("GET", path, undefined, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>("POST", path, body ?? {}, options),
  put: <T>(path: string, body: unknown, options?: RequestOptions) => request<T>("PUT", path, body, options),
  del: <T>(path: string) => request<T>("DELETE", path),
};

/** `/business-units/trading/rulesets/trading-standard` with each part escaped. */
export function rulesetPath(businessUnit: string, name: string): string {
  return `/business-units/${encodeURIComponent(businessUnit)}/rulesets/${encodeURIComponent(name)}`;
}
