// The evaluate endpoint's behaviour, run by evaluate.test.ts (bodies decided on the request
// thread) and evaluate-on-workers.test.ts (every body decided on an evaluation worker).
// Expected decisions: shared/fixtures/expected-<ruleset>.jsonl, the batch command's output for
// shared/fixtures/customers-sample.jsonl (copied to test/fixtures when present).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compareExpected } from "../../server/evaluation/expectations.js";
import { runCli } from "../run-cli.js";
import type { Limits } from "../../server/context.js";
import { adminClient, Client, jsonLines, sampleFixtures, startTestServer, userClient, type TestServer } from "./harness.js";

export let server: TestServer;
export let admin: Client;
export const { customers, expected } = sampleFixtures();
export const paths = {
  trading: "/api/business-units/trading/rulesets/trading-standard",
  retail: "/api/business-units/retail/rulesets/retail-abc",
};

function expectSameDecision(actual: unknown, wanted: unknown) {
  expect(compareExpected(wanted, actual)).toEqual([]);
}

/** Every test of the endpoint against a server with these limits. */
export function evaluateSuite(limits: Partial<Limits>): void {
  beforeAll(async () => {
    server = await startTestServer({ limits: { maxBatch: 100, ...limits } });
    admin = await adminClient(server);
  });
  afterAll(async () => server?.close());

  describe("evaluate the published version", () => {
    for (const unit of ["trading", "retail"] as const) {
      it(`${unit}: every sample customer, one by one, decides as the batch command does`, async () => {
        for (let i = 0; i < customers.length; i++) {
          const reply = await admin.request("POST", `${paths[unit]}/evaluate`, customers[i]);
          expect(reply.status, reply.text).toBe(200);
          expectSameDecision(reply.body, expected[unit][i]);
          expect(reply.body.version).toBe("1");
          expect(reply.body.decisionId).toMatch(/^[0-9a-f-]{36}$/);
        }
      });

      it(`${unit}: a batch answers one record per customer in input order`, async () => {
        const reply = await admin.request("POST", `${paths[unit]}/evaluate`, `{"customers":[${customers.join(",")}]}`);
        expect(reply.status, reply.text).toBe(200);
        expect(reply.body.records).toHaveLength(customers.length);
        reply.body.records.forEach((record: unknown, i: number) => expectSameDecision(record, expected[unit][i]));
      });
    }

    it("answers exactly what the batch command writes for the same customers", async () => {
      for (const [unit, file] of [
        ["trading", "rulesets/trading-standard.rules"],
        ["retail", "rulesets/retail-abc.rules"],
      ] as const) {
        const cli = await runCli(["eval", "--ruleset", file, "--input", "test/fixtures/customers-sample.jsonl"]);
        expect(cli.status, cli.stderr).toBe(0);
        const reply = await admin.request("POST", `${paths[unit]}/evaluate`, `{"customers":[${customers.join(",")}]}`);
        const fromServer = reply.body.records.map(({ decisionId: _, version: __, ...record }: any) => record);
        const fromCli = jsonLines(cli.stdout).map(({ version: _, ...record }: any) => record);
        expect(fromServer).toEqual(fromCli);
      }
    });

    it("keeps every digit of numbers sent as JSON numbers", async () => {
      // The same customer with its decimal strings written as bare JSON numbers.
      for (const line of customers.slice(0, 20)) {
        const asNumbers = line.replace(/"(-?\d+\.\d+)"/g, "$1");
        const a = await admin.request("POST", `${paths.trading}/evaluate`, line);
        const b = await admin.request("POST", `${paths.trading}/evaluate`, asNumbers);
        expect(b.status, b.text).toBe(200);
        const { decisionId: _a, ...left } = a.body;
        const { decisionId: _b, ...right } = b.body;
        expect(right).toEqual(left);
      }
    });

    it("a threshold at 20 decimal places is not lost to floating point", async () => {
      const facts = JSON.parse(customers[0]);
      const total = "8000000";
      const raw = JSON.stringify({ ...facts, total_assets: "__A__", total_liabilities: "__L__" })
        .replace('"__A__"', total)
        .replace('"__L__"', "6400000.00000000000008");
      const exact = await admin.request("POST", `${paths.trading}/evaluate`, raw);
      const rounded = await admin.request(
        "POST",
        `${paths.trading}/evaluate`,
        JSON.stringify({ ...facts, total_assets: total, total_liabilities: "6400000" }),
      );
      expect(exact.status, exact.text).toBe(200);
      const debt = (r: any) => r.body.indicators.find((i: any) => i.code === "debt_ratio");
      expect(debt(exact).value).toBe("0.80000000000000000001");
      expect(debt(rounded).value).toBe("0.8");
    });

    it("explain=1 adds the explanation", async () => {
      const reply = await admin.request("POST", `${paths.trading}/evaluate?explain=1`, customers[0]);
      expect(reply.status).toBe(200);
      expect(reply.body.explanation).toBeDefined();
      const plain = await admin.request("POST", `${paths.trading}/evaluate`, customers[0]);
      expect(plain.body.explanation).toBeUndefined();
    });

    it("answers JSON lines for a batch when asked", async () => {
      const reply = await admin.request("POST", `${paths.retail}/evaluate`, `{"customers":[${customers.slice(0, 3).join(",")}]}`, {
        Accept: "application/x-ndjson",
      });
      expect(reply.headers.get("content-type")).toContain("application/x-ndjson");
      const lines = jsonLines(reply.text);
      expect(lines).toHaveLength(3);
      lines.forEach((record, i) => expectSameDecision(record, expected.retail[i]));
    });
  });

  describe("bad input and limits", () => {
    it("a single customer with bad facts is a 400 carrying its error record", async () => {
      const facts = JSON.parse(customers[0]);
      delete facts.total_assets;
      const reply = await admin.post(`${paths.trading}/evaluate`, facts);
      expect(reply.status).toBe(400);
      expect(reply.body.customerId).toBe(facts.customer_id);
      expect(reply.body.error.code).toBe("MISSING_FIELD");
      expect(reply.body.error.field).toBe("total_assets");
    });

    it("a bad row in a batch becomes an error record and does not stop the batch", async () => {
      const bad = JSON.parse(customers[1]);
      bad.total_assets = "lots";
      const reply = await admin.post(`${paths.trading}/evaluate`, { customers: [JSON.parse(customers[0]), bad, JSON.parse(customers[2])] });
      expect(reply.status).toBe(200);
      expect(reply.body.records.map((r: any) => (r.error ? r.error.code : r.grade))).toEqual([
        expected.trading[0].grade,
        "INVALID_NUMBER",
        expected.trading[2].grade,
      ]);
    });

    it("rejects bodies that are not JSON objects", async () => {
      expect((await admin.request("POST", `${paths.trading}/evaluate`, "{not json")).status).toBe(400);
      const list = await admin.request("POST", `${paths.trading}/evaluate`, "[1,2]");
      expect(list.status).toBe(400);
      expect(list.body.error.code).toBe("bad_request");
      expect((await admin.post(`${paths.trading}/evaluate`, { customers: "x" })).status).toBe(400);
    });

    it("413 for a batch above the limit", async () => {
      const many = Array.from({ length: 101 }, () => JSON.parse(customers[0]));
      const reply = await admin.post(`${paths.trading}/evaluate`, { customers: many });
      expect(reply.status).toBe(413);
      expect(reply.body.error).toMatchObject({ code: "too_large", limit: 100, received: 101 });
    });

    it("413 for a body above the size limit", async () => {
      const limits = server.services.limits;
      const saved = limits.maxBodyBytes;
      limits.maxBodyBytes = 2000;
      try {
        const reply = await admin.request("POST", `${paths.trading}/evaluate`, customers[0] + " ".repeat(3000));
        expect(reply.status).toBe(413);
        expect(reply.body.error).toMatchObject({ code: "too_large", limit: 2000 });
      } finally {
        limits.maxBodyBytes = saved;
      }
    });

    it("413 when a batch runs past the evaluation time budget", async () => {
      const limits = server.services.limits;
      const saved = limits.maxEvaluationMs;
      limits.maxEvaluationMs = 1;
      try {
        const many = Array.from({ length: 100 }, (_, i) => JSON.parse(customers[i % customers.length]));
        const reply = await admin.post(`${paths.trading}/evaluate?explain=1`, { customers: many });
        expect(reply.status).toBe(413);
        expect(reply.body.error.message).toMatch(/longer than the 1 ms allowed/);
      } finally {
        limits.maxEvaluationMs = saved;
      }
    });

    it("404 for a ruleset the unit does not have", async () => {
      const reply = await admin.post("/api/business-units/trading/rulesets/nope/evaluate", JSON.parse(customers[0]));
      expect(reply.status).toBe(404);
    });
  });

  describe("drafts and versions", () => {
    it("version=draft evaluates the draft for testers and is not logged", async () => {
      const v1 = await admin.get(`${paths.retail}/versions/1`);
      const changed = v1.body.source.replace(/ruleset retail-abc/, "ruleset retail-abc");
      const saved = await admin.put(`${paths.retail}/draft`, { source: changed, revision: 0 });
      expect(saved.status, saved.text).toBe(200);
      const reply = await admin.request("POST", `${paths.retail}/evaluate?version=draft`, customers[3]);
      expect(reply.status, reply.text).toBe(200);
      expect(reply.body.version).toBe("draft");
      expect(reply.body.decisionId).toBeUndefined();
      expectSameDecision(reply.body, expected.retail[3]);
      const explicit = await admin.request("POST", `${paths.retail}/evaluate?version=1`, customers[3]);
      expect(explicit.body.version).toBe("1");
      expect((await admin.request("POST", `${paths.retail}/evaluate?version=7`, customers[3])).status).toBe(404);
      expect((await admin.request("POST", `${paths.retail}/evaluate?version=x`, customers[3])).status).toBe(400);
    });
  });

  describe("bearer tokens", () => {
    it("a token of a unit evaluates that unit's published rulesets only", async () => {
      const created = await admin.post("/api/business-units/trading/tokens", { name: "erp", role: "viewer" });
      expect(created.status, created.text).toBe(201);
      const erp = Client.withToken(server.app, created.body.token);
      const ok = await erp.request("POST", `${paths.trading}/evaluate`, customers[0]);
      expect(ok.status, ok.text).toBe(200);
      expectSameDecision(ok.body, expected.trading[0]);
      expect((await erp.request("POST", `${paths.trading}/evaluate?version=draft`, customers[0])).status).toBe(403);
      const other = await erp.request("POST", `${paths.retail}/evaluate`, customers[0]);
      expect(other.status).toBe(403);
      const logged = await admin.get(`/api/decisions/${ok.body.decisionId}`);
      expect(logged.body.caller).toBe("token:erp");

      const revoked = await admin.delete(`/api/business-units/trading/tokens/${created.body.id}`);
      expect(revoked.status).toBe(200);
      expect((await erp.request("POST", `${paths.trading}/evaluate`, customers[0])).status).toBe(401);
    });

    it("an unknown token is a 401", async () => {
      const stranger = Client.withToken(server.app, "crt_nothing");
      const reply = await stranger.request("POST", `${paths.trading}/evaluate`, customers[0]);
      expect(reply.status).toBe(401);
      expect(reply.body.error.code).toBe("unauthorized");
    });
  });

  describe("decision log", () => {
    it("keeps the exact input and replays to the same decision", async () => {
      const raw = customers[5].replace(/"(-?\d+\.\d+)"/g, "$1");
      const reply = await admin.request("POST", `${paths.trading}/evaluate?explain=1`, raw);
      const id = reply.body.decisionId;
      const logged = await admin.get(`/api/decisions/${id}`);
      expect(logged.status).toBe(200);
      expect(logged.body).toMatchObject({ id, businessUnit: "trading", ruleset: "trading-standard", version: 1, caller: "admin" });
      expect(logged.body.versionSha256).toMatch(/^[0-9a-f]{64}$/);
      // The stored input is the customer as sent, numbers written as numbers with every digit.
      const sentTotal = /"total_assets": ?([0-9.]+)/.exec(raw)![1];
      expect(logged.text).toContain(`"total_assets":${sentTotal}`);
      const { decisionId: _, ...output } = reply.body;
      expect(logged.body.output).toEqual(output);

      const replay = await admin.post(`/api/decisions/${id}/replay`);
      expect(replay.status, replay.text).toBe(200);
      expect(replay.body.same).toBe(true);
      expect(replay.body.replayed).toEqual(output);
    });

    it("lists a unit's decisions by customer", async () => {
      const customerId = JSON.parse(customers[7]).customer_id;
      await admin.request("POST", `${paths.retail}/evaluate`, customers[7]);
      const list = await admin.get(`/api/business-units/retail/decisions?customerId=${customerId}`);
      expect(list.status).toBe(200);
      expect(list.body.length).toBeGreaterThanOrEqual(1);
      expect(list.body.every((d: any) => d.customerId === customerId && d.ruleset === "retail-abc")).toBe(true);
    });

    it("a decision of another unit looks like one that does not exist", async () => {
      const reply = await admin.request("POST", `${paths.trading}/evaluate`, customers[0]);
      const retailOnly = await userClient(server, admin, "rita", [{ businessUnit: "retail", role: "approver" }]);
      const seen = await retailOnly.get(`/api/decisions/${reply.body.decisionId}`);
      const missing = await retailOnly.get(`/api/decisions/00000000-0000-4000-8000-000000000000`);
      expect(seen.status).toBe(404);
      expect(missing.status).toBe(404);
      expect(seen.body.error.message.replace(reply.body.decisionId, "X")).toBe(
        missing.body.error.message.replace("00000000-0000-4000-8000-000000000000", "X"),
      );
    });
  });
}
