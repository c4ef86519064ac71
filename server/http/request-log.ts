/** Request ids and one structured log line per request. */
import { randomUUID } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { callerName, type AppEnv } from "../context.js";

const ACCEPTED_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestLog(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const incoming = c.req.header("X-Request-Id");
    const requestId = incoming && ACCEPTED_ID.test(incoming) ? incoming : randomUUID();
    c.set("requestId", requestId);
    const started = performance.now();
    await next();
    c.header("X-Request-Id", requestId);
    const status = c.res.status;
    const caller = c.get("caller");
    c.get("services").log({
      level: status >= 500 ? "error" : "info",
      msg: "request",
      requestId,
      method: c.req.method,
      path: c.req.path,
      status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      caller: caller ? callerName(caller) : null,
      ...(c.error && status >= 500 ? { err: c.error.stack ?? String(c.error) } : {}),
    });
  };
}
