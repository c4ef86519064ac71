import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminClient, ADMIN_PASSWORD, Client, fixture, rawLines, startTestServer, userClient, type TestServer } from "./harness.js";

let server: TestServer;
let admin: Client;
let retailTester: Client;
let retailViewer: Client;
const customer = rawLines(fixture("customers-sample.jsonl"))[0];
const TRADING = "/api/business-units/trading/rulesets/trading-standard";
const RETAIL = "/api/business-units/retail/rulesets/retail-abc";

beforeAll(async () => {
  server = await startTestServer();
  admin = await adminClient(server);
  retailTester = await userClient(server, admin, "tess", [{ businessUnit: "retail", role: "tester" }]);
  retailViewer = await userClient(server, admin, "vera", [{ businessUnit: "retail", role: "viewer" }]);
});
afterAll(async () => server?.close());

describe("signing in", () => {
  it("sets an HttpOnly SameSite session cookie and returns the user's roles and CSRF token", async () => {
    const client = new Client(server.app);
    const reply = await client.login("admin", ADMIN_PASSWORD);
    expect(reply.status).toBe(200);
    const cookie = reply.headers.get("set-cookie")!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(reply.body.user).toEqual({
      username: "admin",
      memberships: [
        { businessUnit: "retail", role: "admin" },
        { businessUnit: "trading", role: "admin" },
      ],
    });
    expect(reply.body.csrfToken).toEqual(expect.any(String));
    const me = await client.get("/api/auth/me");
    expect(me.body).toEqual(reply.body);
  });

  it("401 on a wrong password or an unknown user, with the same message", async () => {
    const wrong = await new Client(server.app).login("admin", "not-the-password");
    const unknown = await new Client(server.app).login("nobody", "whatever-password");
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
  });

  it("401 without a session or token", async () => {
    const anonymous = new Client(server.app);
    expect((await anonymous.get("/api/auth/me")).status).toBe(401);
    expect((await anonymous.get("/api/rulesets")).status).toBe(401);
    const evaluate = await anonymous.request("POST", `${TRADING}/evaluate`, customer);
    expect(evaluate.status).toBe(401);
    expect(evaluate.body.error.code).toBe("unauthorized");
  });

  it("logout ends the session", async () => {
    const client = new Client(server.app);
    await client.login("admin", ADMIN_PASSWORD);
    expect((await client.post("/api/auth/logout")).status).toBe(204);
    expect((await client.get("/api/auth/me")).status).toBe(401);
  });
});

describe("CSRF protection", () => {
  it("refuses state-changing session requests without the CSRF header", async () => {
    const missing = await admin.request("PUT", `${RETAIL}/draft`, { source: "x", revision: 0 }, { "X-CSRF-Token": "" });
    expect(missing.status).toBe(403);
    expect(missing.body.error.code).toBe("csrf");
    const wrong = await admin.request("POST", `${RETAIL}/evaluate`, customer, { "X-CSRF-Token": "forged" });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.code).toBe("csrf");
    // Reads need no token.
    expect((await admin.get(RETAIL)).status).toBe(200);
  });
});

describe("roles per business unit", () => {
  it("a retail user sees only retail", async () => {
    const units = await retailTester.get("/api/business-units");
    expect(units.body).toEqual([{ businessUnit: "retail", name: "Retail", role: "tester" }]);
    const list = await retailTester.get("/api/rulesets");
    expect(list.body.map((r: any) => r.businessUnit)).toEqual(["retail"]);
  });

  it("a retail user cannot read, test or evaluate trading's rulesets, nor learn what exists", async () => {
    const denied = [
      await retailTester.get(TRADING),
      await retailTester.get(`${TRADING}/versions`),
      await retailTester.get(`${TRADING}/versions/1`),
      await retailTester.get(`${TRADING}/draft`),
      await retailTester.get(`${TRADING}/diff?from=1&to=1`),
      await retailTester.request("POST", `${TRADING}/evaluate`, customer),
      await retailTester.post(`${TRADING}/tests/run`),
      await retailTester.post(`${TRADING}/impact`, { useTestCases: true }),
      await retailTester.get("/api/business-units/trading/decisions"),
      await retailTester.get("/api/business-units/trading/audit"),
    ];
    for (const reply of denied) {
      expect(reply.status).toBe(403);
      expect(reply.body.error.code).toBe("forbidden");
    }
    // A ruleset that does not exist, and a unit that does not exist, answer the same.
    const existing = await retailTester.get(TRADING);
    const missingRuleset = await retailTester.get("/api/business-units/trading/rulesets/no-such-ruleset");
    expect(missingRuleset.body).toEqual(existing.body);
    const missingUnit = await retailTester.get("/api/business-units/wholesale/rulesets/trading-standard");
    expect(missingUnit.status).toBe(403);
    expect(missingUnit.body.error.message).toBe(existing.body.error.message.replace("trading", "wholesale"));
  });

  it("a viewer reads but cannot evaluate; a tester evaluates but cannot edit or publish", async () => {
    expect((await retailViewer.get(RETAIL)).status).toBe(200);
    expect((await retailViewer.get(`${RETAIL}/versions`)).status).toBe(200);
    const viewerEval = await retailViewer.request("POST", `${RETAIL}/evaluate`, customer);
    expect(viewerEval.status).toBe(403);
    expect(viewerEval.body.error.message).toMatch(/tester/);

    expect((await retailTester.request("POST", `${RETAIL}/evaluate`, customer)).status).toBe(200);
    expect((await retailTester.put(`${RETAIL}/draft`, { source: "x", revision: 0 })).status).toBe(403);
    expect((await retailTester.post(`${RETAIL}/publish`, { revision: 1 })).status).toBe(403);
    expect((await retailTester.post(`${RETAIL}/rollback`, { version: 1 })).status).toBe(403);
    expect((await retailTester.post("/api/business-units/retail/rulesets", { name: "x", source: "" })).status).toBe(403);
  });

  it("only admins manage tokens and people, and only in their own units", async () => {
    expect((await retailTester.post("/api/business-units/retail/tokens", { name: "t", role: "tester" })).status).toBe(403);
    expect((await retailTester.get("/api/business-units/retail/tokens")).status).toBe(403);
    expect((await retailTester.post("/api/users", { username: "x1", password: "long-enough-pw" })).status).toBe(403);

    const retailAdmin = await userClient(server, admin, "ralph", [{ businessUnit: "retail", role: "admin" }]);
    const ok = await retailAdmin.post("/api/users", {
      username: "newbie",
      password: "long-enough-pw",
      memberships: [{ businessUnit: "retail", role: "author" }],
    });
    expect(ok.status, ok.text).toBe(201);
    const outside = await retailAdmin.post("/api/users", {
      username: "sneaky",
      password: "long-enough-pw",
      memberships: [{ businessUnit: "trading", role: "admin" }],
    });
    expect(outside.status).toBe(403);
    const promote = await retailAdmin.put("/api/users/newbie/memberships", {
      memberships: [{ businessUnit: "retail", role: "approver" }],
    });
    expect(promote.status, promote.text).toBe(200);
    expect(promote.body.memberships).toEqual([{ businessUnit: "retail", role: "approver" }]);
    const users = await retailAdmin.get("/api/users");
    expect(users.body.map((u: any) => u.username)).toEqual(expect.arrayContaining(["admin", "newbie", "ralph", "tess", "vera"]));
    const duplicate = await retailAdmin.post("/api/users", { username: "newbie", password: "long-enough-pw", memberships: [] });
    expect(duplicate.status).toBe(409);

    const tokens = await retailAdmin.post("/api/business-units/retail/tokens", { name: "shop", role: "tester" });
    expect(tokens.status).toBe(201);
    expect(tokens.body.token).toMatch(/^crt_/);
    const listed = await retailAdmin.get("/api/business-units/retail/tokens");
    expect(listed.body).toEqual([expect.objectContaining({ id: tokens.body.id, name: "shop", role: "tester", revokedAt: null })]);
    expect(listed.text).not.toContain(tokens.body.token);
    expect((await retailAdmin.get("/api/business-units/trading/tokens")).status).toBe(403);
  });

  it("a token cannot reach another unit or manage tokens", async () => {
    const created = await admin.post("/api/business-units/retail/tokens", { name: "sys", role: "admin" });
    const system = Client.withToken(server.app, created.body.token);
    expect((await system.get(RETAIL)).status).toBe(200);
    expect((await system.get(TRADING)).status).toBe(403);
    expect((await system.post("/api/business-units/retail/tokens", { name: "more", role: "admin" })).status).toBe(403);
    expect((await system.get("/api/auth/me")).body).toEqual({ token: { name: "sys", businessUnit: "retail", role: "admin" } });
  });
});
