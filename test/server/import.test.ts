// Importing json-rules-engine rules as a new ruleset over the API: the server converts the file
// itself, refuses what cannot be represented without creating anything, checks the role in the
// unit first, and logs the import.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compile } from "../../engine/index.js";
import { importJsonRulesEngine } from "../../interop/json-rules-engine/import.js";
import { adminClient, Client, startTestServer, userClient, type TestServer } from "./harness.js";

const IMPORT = (bu: string) => `/api/business-units/${bu}/imports/json-rules-engine`;
const cases = JSON.parse(readFileSync(new URL("../conformance/json-rules-engine-cases.json", import.meta.url), "utf8")).cases as Array<{
  name: string;
  rules: unknown[];
  sharedConditions?: Record<string, unknown>;
}>;
const shared = cases.find((c) => c.name === "shared-conditions")!;

let server: TestServer;
let admin: Client;
let author: Client;
let tester: Client;
let viewer: Client;

beforeAll(async () => {
  server = await startTestServer();
  admin = await adminClient(server);
  author = await userClient(server, admin, "ada", [{ businessUnit: "retail", role: "author" }]);
  tester = await userClient(server, admin, "tim", [{ businessUnit: "retail", role: "tester" }]);
  viewer = await userClient(server, admin, "val", [{ businessUnit: "retail", role: "viewer" }]);
});
afterAll(async () => server?.close());

async function rulesetNames(bu: string): Promise<string[]> {
  return (await admin.get("/api/rulesets")).body.filter((r: any) => r.businessUnit === bu).map((r: any) => r.name);
}

describe("POST /business-units/{bu}/imports/json-rules-engine", () => {
  it("creates a ruleset whose first draft is the importer's text, named as asked", async () => {
    const file = { rules: shared.rules, sharedConditions: shared.sharedConditions };
    const reply = await author.post(IMPORT("retail"), { name: "honour-roll", rules: file });
    expect(reply.status, reply.text).toBe(201);
    const expected = importJsonRulesEngine(file, { name: "honour-roll" }).source!;
    expect(reply.body).toEqual({ businessUnit: "retail", name: "honour-roll", publishedVersion: null, draft: { revision: 1 }, source: expected });

    const draft = await author.get("/api/business-units/retail/rulesets/honour-roll/draft");
    expect(draft.body).toMatchObject({ source: expected, revision: 1, updatedBy: "ada", baseVersion: null });
    expect(expected).toContain("ruleset honour-roll");
    expect(compile(expected).diagnostics).toEqual([]);
    const summary = (await author.get("/api/rulesets")).body.find((r: any) => r.name === "honour-roll");
    expect(summary).toMatchObject({ businessUnit: "retail", publishedVersion: null, hasDraft: true });
  });

  it("keeps every digit of the file's numbers", async () => {
    const rules = `{"name":"exact","rules":[{"conditions":{"all":[{"fact":"share","operator":"equal","value":0.30000000000000001}]},"event":{"type":"hit","params":{"rate":12345678901234567890.5}}}]}`;
    const reply = await author.request("POST", IMPORT("retail"), rules);
    expect(reply.status, reply.text).toBe(201);
    expect(reply.body.source).toContain("share = 0.30000000000000001");
    expect(reply.body.source).toContain("rate: 12345678901234567890.5");
  });

  it("takes shared conditions given beside the rules", async () => {
    const reply = await author.post(IMPORT("retail"), { name: "beside", rules: shared.rules, sharedConditions: shared.sharedConditions });
    expect(reply.status, reply.text).toBe(201);
  });

  it("logs the import in the unit's audit log", async () => {
    const audit = await admin.get("/api/business-units/retail/audit");
    const entry = audit.body.find((e: any) => e.target === "ruleset:honour-roll");
    expect(entry).toMatchObject({ actor: "ada", action: "ruleset.import", details: { from: "json-rules-engine" } });
    expect(entry.afterSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("refuses rules it cannot represent with every problem named, and creates nothing", async () => {
    const before = await rulesetNames("retail");
    const rules = [{ conditions: { all: [{ fact: "age", operator: "isAdult", value: true }, { fact: "account", params: { id: 1 }, operator: "equal", value: 1 }] }, event: { type: "e" } }];
    const reply = await author.post(IMPORT("retail"), { name: "custom-ops", rules });
    expect(reply.status).toBe(422);
    expect(reply.body.error.code).toBe("import_refused");
    expect(reply.body.error.message).toBe("the rules: not imported: 2 parts cannot be represented");
    expect(reply.body.error.issues).toEqual(importJsonRulesEngine(rules).issues);
    expect(reply.body.error.issues.map((i: any) => i.where)).toEqual(["rules[0].conditions.all[0].operator", "rules[0].conditions.all[1].params"]);
    expect(await rulesetNames("retail")).toEqual(before);
  });

  it("refuses JSON that is not json-rules-engine rules, and an empty rule list", async () => {
    for (const rules of [{ hello: "world" }, 42, [], { rules: [] }]) {
      const reply = await author.post(IMPORT("retail"), { name: "junk", rules });
      expect(reply.status, JSON.stringify(rules)).toBe(422);
      expect(reply.body.error.code).toBe("import_refused");
    }
    const broken = await author.request("POST", IMPORT("retail"), `{"name":"broken","rules":[`);
    expect(broken.status).toBe(400);
    expect(broken.body.error.message).toMatch(/not valid JSON/);
    const missing = await author.post(IMPORT("retail"), { name: "missing" });
    expect(missing.status).toBe(400);
    expect(await rulesetNames("retail")).not.toContain("junk");
  });

  it("refuses a name that is taken in the unit, or that the ruleset's text cannot spell", async () => {
    const rules = shared.rules;
    const taken = await author.post(IMPORT("retail"), { name: "retail-abc", rules, sharedConditions: shared.sharedConditions });
    expect(taken.status).toBe(409);
    expect(taken.body.error.message).toBe('business unit "retail" already has a ruleset "retail-abc"');
    for (const name of ["Upper", "", "has space", "9lives", "x-rule", "a--b"]) {
      const reply = await author.post(IMPORT("retail"), { name, rules, sharedConditions: shared.sharedConditions });
      expect(reply.status, name).toBe(400);
      expect(reply.body.error.code).toBe("bad_request");
    }
    const header = await author.post(IMPORT("retail"), { name: "x-rule", rules, sharedConditions: shared.sharedConditions });
    expect(header.body.error.message).toContain('must not be a word of the language such as "rule"');
  });

  it("needs the author role: viewers and testers get 403, other units look the same whether they exist or not", async () => {
    const body = { name: "sneaky", rules: shared.rules, sharedConditions: shared.sharedConditions };
    for (const client of [viewer, tester]) {
      const reply = await client.post(IMPORT("retail"), body);
      expect(reply.status).toBe(403);
      expect(reply.body.error.message).toMatch(/needs the author role/);
    }
    const other = await author.post(IMPORT("trading"), body);
    const nowhere = await author.post(IMPORT("nowhere"), body);
    expect(other.status).toBe(403);
    expect(nowhere.status).toBe(403);
    expect(other.body.error.message.replace("trading", "X")).toBe(nowhere.body.error.message.replace("nowhere", "X"));
    expect(await rulesetNames("retail")).not.toContain("sneaky");
    expect(await rulesetNames("trading")).not.toContain("sneaky");
  });

  it("is described in the OpenAPI document", async () => {
    const doc = (await admin.get("/api/openapi.json")).body;
    const op = doc.paths["/api/business-units/{bu}/imports/json-rules-engine"].post;
    expect(op.requestBody).toBeDefined();
    expect(op.summary).toContain("json-rules-engine");
  });
});
