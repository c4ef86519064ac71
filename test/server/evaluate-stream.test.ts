// The streaming batch endpoint: POST …/evaluate with Content-Type: application/x-ndjson, one
// customer per line in, one record per line out, in input order, evaluated on worker threads.
import { serve, type ServerType } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generatePortfolio } from "../../bench/portfolio.js";
import { readItems } from "../../cli/input-items.js";
import { evaluateBatch } from "../../cli/evaluate-batch.js";
import { compile } from "../../engine/index.js";
import { EvaluationPool } from "../../server/evaluation/evaluation-pool.js";
import { compareExpected } from "../../server/evaluation/expectations.js";
import { Readable } from "node:stream";
import { readFileSync } from "node:fs";
import { adminClient, Client, jsonLines, sampleFixtures, startTestServer, userClient, type TestServer } from "./harness.js";

let server: TestServer;
let admin: Client;
const { customers, expected } = sampleFixtures();
const TRADING = "/api/business-units/trading/rulesets/trading-standard";
const RETAIL = "/api/business-units/retail/rulesets/retail-abc";
const NDJSON = { "Content-Type": "application/x-ndjson" };

beforeAll(async () => {
  server = await startTestServer({ evaluationWorkers: 2 });
  admin = await adminClient(server);
});
afterAll(async () => server?.close());

function stream(client: Client, path: string, body: string) {
  return client.request("POST", path, body, NDJSON);
}

/** A record line without its decision id: what `credit-rules eval` writes for the same line. */
const withoutId = (text: string) => text.replace(/,"decisionId":"[0-9a-f-]{36}"}$/gm, "}");

async function decisionCount(): Promise<number> {
  const r = await server.services.database.db.execute("select count(*)::int as n from decisions");
  const rows = ((r as { rows?: unknown[] }).rows ?? (r as unknown[])) as { n: number }[];
  return Number(rows[0].n);
}

/** What the command line writes for these lines with this ruleset, in this process. */
async function inProcess(rulesFile: string, text: string, version: string): Promise<string> {
  const { plan } = compile(readFileSync(rulesFile, "utf8"));
  let out = "";
  for await (const batch of readItems(Readable.from([Buffer.from(text)]), "jsonl")) out += new TextDecoder().decode(evaluateBatch(plan!, batch.items, { version }).bytes);
  return out;
}

describe("streaming batch evaluation", () => {
  for (const [unit, path] of [
    ["trading", TRADING],
    ["retail", RETAIL],
  ] as const) {
    it(`${unit}: the 57 sample customers decide as expected, in input order, each logged`, async () => {
      const before = await decisionCount();
      const reply = await stream(admin, `${path}/evaluate`, customers.join("\n") + "\n");
      expect(reply.status, reply.text).toBe(200);
      expect(reply.headers.get("content-type")).toMatch(/^application\/x-ndjson/);
      const records = jsonLines(reply.text);
      expect(records).toHaveLength(customers.length);
      records.forEach((r, i) => {
        expect(compareExpected(expected[unit][i], r), `customer ${i + 1}`).toEqual([]);
        expect(r.version).toBe("1");
        expect(r.decisionId).toMatch(/^[0-9a-f-]{36}$/);
      });
      expect(await decisionCount()).toBe(before + customers.length);
      // The log keeps each line exactly as sent.
      const logged = await admin.get(`/api/decisions/${records[7].decisionId}`);
      expect(logged.status).toBe(200);
      expect(JSON.stringify(logged.body.input)).toBe(JSON.stringify(JSON.parse(customers[7])));
      expect(logged.body.output).toEqual(JSON.parse(withoutId(JSON.stringify(records[7]))));
    });
  }

  it("answers the same records as the JSON batch, byte for byte apart from the decision ids", async () => {
    const lines = await stream(admin, `${TRADING}/evaluate`, customers.join("\r\n"));
    const batch = await admin.request("POST", `${TRADING}/evaluate`, `{"customers":[${customers.join(",")}]}`);
    const fromBatch = batch.body.records.map((r: object) => JSON.stringify(r)).join("\n") + "\n";
    expect(withoutId(lines.text)).toBe(withoutId(fromBatch));
  });

  it("turns bad rows into error records in their place; blank lines hold no customer", async () => {
    const overlong = JSON.stringify({ customer_id: "HUGE", padding: "x".repeat(3000) });
    const lines = [
      customers[0],
      "{not json, \"customer_id\": \"BROKEN-1\"",
      "",
      JSON.stringify({ ...JSON.parse(customers[1]), total_assets: "12,5O0" }),
      "[1, 2, 3]",
      overlong,
      "   ",
      customers[2],
    ];
    const saved = server.services.limits.maxBodyBytes;
    server.services.limits.maxBodyBytes = 2000;
    let reply;
    try {
      reply = await stream(admin, `${TRADING}/evaluate`, lines.join("\n"));
    } finally {
      server.services.limits.maxBodyBytes = saved;
    }
    expect(reply.status, reply.text).toBe(200);
    const records = jsonLines(reply.text);
    expect(records).toHaveLength(6);
    expect(compareExpected(expected.trading[0], records[0])).toEqual([]);
    expect(records[1]).toMatchObject({ customerId: "BROKEN-1", error: { code: "INVALID_JSON" } });
    expect(records[1].error.message).toMatch(/^line 2 \(customer BROKEN-1\): not valid JSON/);
    expect(records[2].customerId).toBe(JSON.parse(customers[1]).customer_id);
    expect(records[2].error.field).toBe("total_assets");
    expect(records[3].error).toBeDefined();
    expect(records[4]).toMatchObject({ customerId: null, error: { code: "LINE_TOO_LONG" } });
    expect(records[4].error.message).toMatch(/^line 6: longer than the 2000 bytes/);
    expect(compareExpected(expected.trading[2], records[5])).toEqual([]);
    // Error records are logged too, each with its own id.
    for (const r of records) expect(r.decisionId).toMatch(/^[0-9a-f-]{36}$/);
    const broken = await admin.get(`/api/decisions/${records[1].decisionId}`);
    expect(broken.body.output.error.code).toBe("INVALID_JSON");
  });

  it("5,000 generated customers: byte-identical to the command line's evaluation, with 1 worker or 2", async () => {
    const rows = generatePortfolio(5000, 7).map((c) => JSON.stringify(c));
    // Some customers send their amounts as bare JSON numbers, a few with 20+ digits.
    for (let i = 0; i < rows.length; i += 97) rows[i] = rows[i].replace(/"(-?\d+\.\d+)"/g, "$1");
    rows[500] = rows[500].replace(/"total_assets":"?(\d+)(\.\d+)?"?/, '"total_assets":$1.00000000000000000001');
    const body = rows.join("\n") + "\n";
    const want = await inProcess("rulesets/trading-standard.rules", body, "1");
    expect(want.split("\n")).toHaveLength(5001);

    const before = await decisionCount();
    const two = await stream(admin, `${TRADING}/evaluate`, body);
    expect(two.status).toBe(200);
    expect(withoutId(two.text)).toBe(want);
    expect(await decisionCount()).toBe(before + 5000);

    const pool = server.services.evaluationPool;
    server.services.evaluationPool = new EvaluationPool(1);
    try {
      const one = await stream(admin, `${TRADING}/evaluate`, body);
      expect(server.services.evaluationPool.size).toBe(1);
      expect(withoutId(one.text)).toBe(want);
    } finally {
      await server.services.evaluationPool.close();
      server.services.evaluationPool = pool;
    }
    expect(pool.size).toBe(2);
  });

  it("the draft is evaluated without logging and without decision ids", async () => {
    const opened = await admin.post(`${RETAIL}/draft`);
    expect(opened.status, opened.text).toBe(201);
    const before = await decisionCount();
    const reply = await stream(admin, `${RETAIL}/evaluate?version=draft&explain=1`, customers.slice(0, 5).join("\n"));
    expect(reply.status, reply.text).toBe(200);
    const records = jsonLines(reply.text);
    expect(records.map((r) => r.version)).toEqual(["draft", "draft", "draft", "draft", "draft"]);
    expect(records.every((r) => r.decisionId === undefined && r.explanation !== undefined)).toBe(true);
    expect(await decisionCount()).toBe(before);
  });

  it("reads the body only as fast as the answer is taken, and stops reading when the client cancels", async () => {
    const template = JSON.parse(customers[0]);
    let sent = 0;
    let sourceCancelled = false;
    let n = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        const chunk = Buffer.from(Array.from({ length: 50 }, () => JSON.stringify({ ...template, customer_id: `C${++n}` })).join("\n") + "\n");
        sent += chunk.length;
        controller.enqueue(chunk);
      },
      cancel() {
        sourceCancelled = true;
      },
    });
    const token = (await admin.post("/api/business-units/trading/tokens", { name: "stream-cancel", role: "viewer" })).body.token;
    const response = await server.app.request(`${TRADING}/evaluate`, {
      method: "POST",
      headers: { ...NDJSON, Authorization: `Bearer ${token}` },
      body: endless,
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value!).split("\n")[0]).toContain('"customerId":"C1"');
    // Nobody reads the answer for a while: the body is read only a window ahead.
    await new Promise((r) => setTimeout(r, 1500));
    expect(sent).toBeLessThan(8 * 1024 * 1024);
    await reader.cancel();
    const until = Date.now() + 15_000;
    while ((!sourceCancelled || server.services.evaluationPool.inFlight > 0) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(sourceCancelled).toBe(true);
    expect(server.services.evaluationPool.inFlight).toBe(0);
    expect(server.services.evaluationPool.size).toBe(2);
  });

  it("a client that disconnects mid-stream over HTTP leaves the server and its workers healthy", async () => {
    const http: ServerType = await new Promise((resolve) => {
      const s = serve({ fetch: server.app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
    });
    try {
      const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
      const token = (await admin.post("/api/business-units/trading/tokens", { name: "stream-http", role: "viewer" })).body.token;
      const template = JSON.parse(customers[3]);
      let n = 0;
      const abort = new AbortController();
      const endless = new ReadableStream<Uint8Array>({
        pull(controller) {
          // Once aborted, the client itself would read this body on and on without yielding.
          if (abort.signal.aborted) return controller.close();
          controller.enqueue(Buffer.from(Array.from({ length: 200 }, () => JSON.stringify({ ...template, customer_id: `H${++n}` })).join("\n") + "\n"));
        },
      });
      const response = await fetch(`${base}${TRADING}/evaluate`, {
        method: "POST",
        headers: { ...NDJSON, Authorization: `Bearer ${token}` },
        body: endless,
        duplex: "half",
        signal: abort.signal,
      } as RequestInit);
      expect(response.status).toBe(200);
      const reader = response.body!.getReader();
      let received = "";
      while (received.split("\n").length < 1000) received += new TextDecoder().decode((await reader.read()).value!);
      abort.abort();
      reader.cancel().catch(() => undefined);

      const until = Date.now() + 15_000;
      while (server.services.evaluationPool.inFlight > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      expect(server.services.evaluationPool.inFlight).toBe(0);
      expect(server.services.evaluationPool.size).toBe(2);
      // The records received were in order.
      const ids = received.split("\n").slice(0, 999).map((l) => JSON.parse(l).customerId);
      expect(ids).toEqual(ids.map((_, i) => `H${i + 1}`));
      // The next stream is answered in full.
      const again = await fetch(`${base}${TRADING}/evaluate`, { method: "POST", headers: { ...NDJSON, Authorization: `Bearer ${token}` }, body: customers.join("\n") });
      expect(jsonLines(await again.text())).toHaveLength(customers.length);
    } finally {
      (http as import("node:http").Server).closeAllConnections();
      await new Promise((r) => http.close(r));
    }
  });
});

describe("who may stream", () => {
  it("follows the evaluate endpoint's roles", async () => {
    const body = customers.slice(0, 3).join("\n");
    const viewer = await userClient(server, admin, "stream-viewer", [{ businessUnit: "trading", role: "viewer" }]);
    const tester = await userClient(server, admin, "stream-tester", [{ businessUnit: "trading", role: "tester" }]);
    expect((await stream(viewer, `${TRADING}/evaluate`, body)).status).toBe(403);
    expect((await stream(tester, `${TRADING}/evaluate`, body)).status).toBe(200);
    // A tester of trading has no role in retail: the same 403 whether the ruleset exists or not.
    expect((await stream(tester, `${RETAIL}/evaluate`, body)).status).toBe(403);
    expect((await stream(tester, "/api/business-units/retail/rulesets/nothing/evaluate", body)).status).toBe(403);
    expect((await stream(new Client(server.app), `${TRADING}/evaluate`, body)).status).toBe(401);

    const created = await admin.post("/api/business-units/trading/tokens", { name: "stream-erp", role: "viewer" });
    const erp = Client.withToken(server.app, created.body.token);
    const ok = await stream(erp, `${TRADING}/evaluate`, body);
    expect(ok.status).toBe(200);
    expect(jsonLines(ok.text)).toHaveLength(3);
    expect((await stream(erp, `${TRADING}/evaluate?version=draft`, body)).status).toBe(403);
    const logged = await admin.get(`/api/decisions/${jsonLines(ok.text)[0].decisionId}`);
    expect(logged.body.caller).toBe("token:stream-erp");
  });
});
