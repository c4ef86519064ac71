import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp } from "../../server/app.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminClient, startTestServer, type TestServer } from "./harness.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.close());

describe("seeded first start", () => {
  it("answers health with the database kind", async () => {
    const res = await server.app.request("/api/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", database: process.env.DATABASE_URL ? "postgres" : "pglite" });
  });

  it("has both units and publishes the reference rulesets as version 1", async () => {
    const admin = await adminClient(server);
    const units = await admin.get("/api/business-units");
    expect(units.body).toEqual([
      { businessUnit: "retail", name: "Retail", role: "admin" },
      { businessUnit: "trading", name: "Trading", role: "admin" },
    ]);
    const list = await admin.get("/api/rulesets");
    expect(list.status).toBe(200);
    expect(list.body.map((r: any) => [r.businessUnit, r.name, r.publishedVersion, r.hasDraft])).toEqual([
      ["retail", "retail-abc", 1, false],
      ["trading", "trading-standard", 1, false],
    ]);
    const v1 = await admin.get("/api/business-units/trading/rulesets/trading-standard/versions/1");
    expect(v1.status).toBe(200);
    expect(v1.body.source).toBe(readFileSync(new URL("../../rulesets/trading-standard.rules", import.meta.url), "utf8"));
    expect(v1.body.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(v1.body.state).toBe("active");
  });

  it("serves an OpenAPI description of the routes", async () => {
    const res = await server.app.request("/api/openapi.json");
    const doc = (await res.json()) as any;
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toContain("/api/business-units/{bu}/rulesets/{name}/evaluate");
    expect(doc.paths["/api/business-units/{bu}/rulesets/{name}/draft"].put.requestBody).toBeDefined();
  });

  it("answers unknown API paths with the JSON error shape", async () => {
    const res = await server.app.request("/api/nope");
    expect(res.status).toBe(404);
    expect(((await res.json()) as any).error.code).toBe("not_found");
  });
});

describe("the admin UI", () => {
  it("is served at / with client-side routes falling back to index.html, while API 404s stay JSON", async () => {
    const dir = mkdtempSync(join(tmpdir(), "admin-ui-"));
    try {
      writeFileSync(join(dir, "index.html"), "<!doctype html><title>credit-rules</title>");
      mkdirSync(join(dir, "assets"));
      writeFileSync(join(dir, "assets", "main-abc12345.js"), "console.log(1)");
      const app = createApp(server.services, { adminUi: dir });
      const index = await app.request("/");
      expect(index.status).toBe(200);
      expect(index.headers.get("content-type")).toContain("text/html");
      expect(await index.text()).toContain("<title>credit-rules</title>");
      const asset = await app.request("/assets/main-abc12345.js");
      expect(asset.headers.get("content-type")).toContain("javascript");
      expect(asset.headers.get("cache-control")).toContain("immutable");
      const route = await app.request("/rulesets/trading/trading-standard");
      expect(await route.text()).toContain("<title>credit-rules</title>");
      const escape = await app.request("/../../package.json");
      expect(await escape.text()).not.toContain("credit-rules\",");
      const api = await app.request("/api/no-such-endpoint");
      expect(api.status).toBe(404);
      expect(((await api.json()) as any).error.code).toBe("not_found");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
