/** Assembles the HTTP application: middleware, the API under /api, OpenAPI, and the admin UI. */
import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { resolveCaller } from "./auth/caller.js";
import type { AppEnv, Services } from "./context.js";
import { Api, openApiDocument } from "./http/api.js";
import { isJsonLines } from "./http/body.js";
import { ApiError, notFound, tooLarge } from "./http/errors.js";
import { requestLog } from "./http/request-log.js";
import { serveAdminUi } from "./http/static-ui.js";
import { adminUiFolder } from "./paths.js";
import { authRoutes } from "./routes/auth.js";
import { decisionRoutes } from "./routes/decisions.js";
import { draftRoutes } from "./routes/drafts.js";
import { evaluateRoutes } from "./routes/evaluate.js";
import { healthRoutes } from "./routes/health.js";
import { impactRoutes } from "./routes/impact.js";
import { importRoutes } from "./routes/imports.js";
import { publishingRoutes } from "./routes/publishing.js";
import { rulesetRoutes } from "./routes/rulesets.js";
import { testRoutes } from "./routes/tests.js";
import { tokenRoutes } from "./routes/tokens.js";
import { unitRoutes } from "./routes/units.js";
import { userRoutes } from "./routes/users.js";

export const API_VERSION = "1.0.0";

function handleError(error: Error, c: Context<AppEnv>): Response {
  if (error instanceof ApiError) return c.json(error.body(), error.status);
  if (error instanceof HTTPException) {
    return c.json({ error: { code: error.status === 413 ? "too_large" : "bad_request", message: error.message } }, error.status);
  }
  c.get("services")?.log({
    level: "error",
    msg: "unhandled error",
    requestId: c.get("requestId"),
    err: error.stack ?? String(error),
  });
  return c.json(
    { error: { code: "internal", message: "internal server error; see the server log", requestId: c.get("requestId") } },
    500,
  );
}

export function createApp(services: Services, options: { adminUi?: string } = {}): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.onError(handleError);
  app.use("*", async (c, next) => {
    c.set("services", services);
    await next();
  });
  app.use("*", requestLog());

  const api = new Hono<AppEnv>();
  api.onError(handleError);
  // Read per request so the limit can be changed on the running services (tests do).
  api.use("*", (c, next) => {
    // A JSON-lines evaluation is a stream of any length; it limits each line instead.
    if (c.req.method === "POST" && isJsonLines(c) && c.req.path.endsWith("/evaluate")) return next();
    const maxSize = services.limits.maxBodyBytes;
    return bodyLimit({
      maxSize,
      onError: (c) =>
        c.json(tooLarge(`the request body is larger than the ${maxSize} bytes allowed`, { limit: maxSize }).body(), 413),
    })(c, next);
  });
  api.use("*", resolveCaller());

  const registry = new Api(api);
  healthRoutes(registry);
  authRoutes(registry);
  unitRoutes(registry);
  rulesetRoutes(registry);
  importRoutes(registry);
  draftRoutes(registry);
  publishingRoutes(registry);
  evaluateRoutes(registry);
  testRoutes(registry);
  impactRoutes(registry);
  decisionRoutes(registry);
  tokenRoutes(registry);
  userRoutes(registry);
  const document = openApiDocument(registry.operations, "/api", API_VERSION);
  api.get("/openapi.json", (c) => c.json(document));

  app.route("/api", api);
  // API paths never fall through to the admin UI's index.html.
  app.all("/api/*", (c) => c.json(notFound(`no such endpoint: ${c.req.method} ${c.req.path}`).body(), 404));
  app.get("*", serveAdminUi(options.adminUi ?? adminUiFolder));
  return app;
}
