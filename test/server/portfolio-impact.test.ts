// Impact over a unit's portfolio table in the server's own database (PGlite here, PostgreSQL in
// .ci/postgres-tests): JSON lines of the changed customers in table order, then the summary, the
// same summary as the impact endpoint gives for the same customers; units read only their own schema.
import { readFileSync } from "node:fs";
import { Decimal } from "decimal.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generatePortfolio } from "../../portfolio/generate.js";
import { adminClient, Client, fixture, jsonLines, startTestServer, userClient, type TestServer } from "./harness.js";

const TRADING = "/api/business-units/trading/rulesets/trading-standard";
const draftSource = readFileSync(new URL("../fixtures/trading-standard-draft.rules", import.meta.url), "utf8");

let server: TestServer;
let admin: Client;
let tester: Client;

/** The sample customers, then generated ones with every field: more rows than one batch (1,000). */
const customers: Array<Record<string, unknown>> = [
  ...jsonLines(fixture("customers-sample.jsonl")),
  ...generatePortfolio(2400, { profile: "export", seed: 5 }),
];
const columns = Object.keys(customers[0]);

function columnType(values: unknown[]): string {
  if (values.every((v) => v === undefined || typeof v === "boolean")) return "boolean";
  if (values.every((v) => v === undefined || Number.isInteger(v))) return "integer";
  if (values.every((v) => v === undefined || (typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v)))) return "numeric";
  return "text";
}

async function loadTable(schema: string, table: string, rows: Array<Record<string, unknown>>): Promise<void> {
  const db = server.services.database;
  await db.rows(`create schema if not exists ${schema}`, []);
  const types = columns.map((c) => columnType(rows.map((r) => r[c])));
  await db.rows(`create table ${schema}.${table} (${columns.map((c, i) => `"${c}" ${types[i]}`).join(", ")})`, []);
  for (let i = 0; i < rows.length; i += 200) {
    const part = rows.slice(i, i + 200);
    const params: unknown[] = [];
    const tuples = part.map((r) => `(${columns.map((c) => `$${params.push(r[c] === undefined ? null : r[c])}`).join(", ")})`);
    await db.rows(`insert into ${schema}.${table} (${columns.map((c) => `"${c}"`).join(", ")}) values ${tuples.join(", ")}`, params);
  }
}

beforeAll(async () => {
  server = await startTestServer();
  admin = await adminClient(server);
  tester = await userClient(server, admin, "pia", [{ businessUnit: "trading", role: "tester" }]);
  const author = await userClient(server, admin, "pat", [{ businessUnit: "trading", role: "author" }]);
  const draft = await author.put(`${TRADING}/draft`, { source: draftSource, revision: 0 });
  if (draft.status !== 200) throw new Error(`saving the draft failed: ${draft.text}`);
  // Customers with a field left out are read as the table has them: null.
  const complete = customers.filter((c) => columns.every((k) => c[k] !== undefined));
  customers.length = 0;
  customers.push(...complete);
  await loadTable("portfolio_trading", "customers", customers);
  await loadTable("portfolio_retail", "secret", customers.slice(0, 3));
}, 120_000);
afterAll(async () => server?.close());

const portfolio = (client: Client, body: unknown, query = "") => client.request("POST", `${TRADING}/impact/portfolio${query}`, body);

describe("impact over a portfolio table", () => {
  it("streams the changed customers in table order, then the summary the impact endpoint gives", async () => {
    expect(customers.length).toBeGreaterThan(2000);
    const reply = await portfolio(tester, { table: "customers" });
    expect(reply.status, reply.text).toBe(200);
    expect(reply.headers.get("content-type")).toContain("application/x-ndjson");
    const lines = jsonLines(reply.text);
    const { summary } = lines.at(-1);
    const changes = lines.slice(0, -1);
    expect(summary.customers).toBe(customers.length);
    expect(summary.changed).toBe(changes.length);
    expect(changes.length).toBeGreaterThan(100);
    const rows = changes.map((l: any) => l.row);
    expect(rows).toEqual([...rows].sort((a, b) => a - b));
    // Rows are numbered in the table's physical order (a later row may fill room left in an earlier page).
    const table = await server.services.database.rows("select customer_id from portfolio_trading.customers order by ctid", []);
    for (const l of changes) expect(l.customerId).toBe(table[l.row - 1].customer_id);

    // The same customers through the impact endpoint, in batches it accepts: the same totals.
    const byBatch: any[] = [];
    for (let i = 0; i < customers.length; i += 1000) {
      const r = await tester.post(`${TRADING}/impact`, { customers: customers.slice(i, i + 1000) });
      expect(r.status, r.text).toBe(200);
      byBatch.push(r.body);
    }
    const changedIds = byBatch.flatMap((b) => b.rows.filter((r: any) => r.changes.length > 0).map((r: any) => r.customerId));
    expect(changes.map((l: any) => l.customerId).sort()).toEqual(changedIds.sort());
    const count = (key: "customers" | "changed" | "errors") => byBatch.reduce((n, b) => n + b.summary[key], 0);
    expect([summary.customers, summary.changed, summary.errors]).toEqual([count("customers"), count("changed"), count("errors")]);
    for (const from of summary.grades) {
      for (const to of summary.grades) {
        expect(summary.matrix[from][to], `${from} → ${to}`).toBe(byBatch.reduce((n, b) => n + (b.summary.matrix[from]?.[to] ?? 0), 0));
      }
    }
    expect(summary.matrix.B.C).toBeGreaterThan(0);
    const total = (key: string) => byBatch.reduce((t, b) => t.plus(b.summary[key]), new Decimal(0)).toFixed();
    expect([summary.totalLimitBefore, summary.totalLimitAfter, summary.totalLimitChange]).toEqual([total("totalLimitBefore"), total("totalLimitAfter"), total("totalLimitChange")]);
    expect(summary.totalLimitChange.startsWith("-")).toBe(true);
  });

  it("writes every customer with all, and compares any two versions", async () => {
    const all = jsonLines((await portfolio(tester, { table: "customers", all: true })).text);
    expect(all).toHaveLength(customers.length + 1);
    expect(all.slice(0, -1).map((l: any) => l.row)).toEqual(customers.map((_, i) => i + 1));
    const same = jsonLines((await portfolio(tester, { table: "customers" }, "?from=1&to=1")).text);
    expect(same).toHaveLength(1);
    expect(same[0].summary.changed).toBe(0);
    expect(same[0].summary.totalLimitChange).toBe("0");
  });

  it("stops reading the table when the caller goes away, and goes on serving", async () => {
    const headers: Record<string, string> = { "Content-Type": "application/json", Cookie: tester.cookie!, "X-CSRF-Token": tester.csrfToken! };
    const response = await server.app.request(`${TRADING}/impact/portfolio`, { method: "POST", headers, body: JSON.stringify({ table: "customers", all: true }) });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value!)).toContain('"row":1,');
    await reader.cancel();
    const until = Date.now() + 15_000;
    while (server.services.evaluationPool.inFlight > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(server.services.evaluationPool.inFlight).toBe(0);
    const again = jsonLines((await portfolio(tester, { table: "customers" })).text);
    expect(again.at(-1).summary.customers).toBe(customers.length);
  });

  it("refuses clearly: a table that is not there, a name that is not plain, a version that does not exist", async () => {
    const missing = await portfolio(tester, { table: "nope" });
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain("portfolio_trading.nope");
    for (const table of ["customers; drop table x", "portfolio_retail.secret", "../secret", ""]) {
      expect((await portfolio(tester, { table })).status, table).toBe(400);
    }
    expect((await portfolio(tester, {})).status).toBe(400);
    expect((await portfolio(tester, { table: "customers" }, "?from=99")).status).toBe(404);
  });

  it("reads only the caller's unit's schema, for testers and above", async () => {
    // The retail unit's table is not reachable from the trading unit: names are looked up in portfolio_trading.
    expect((await portfolio(tester, { table: "secret" })).status).toBe(404);
    const viewer = await userClient(server, admin, "vera", [{ businessUnit: "trading", role: "viewer" }]);
    expect((await portfolio(viewer, { table: "customers" })).status).toBe(403);
    const retail = await userClient(server, admin, "rita", [{ businessUnit: "retail", role: "tester" }]);
    expect((await portfolio(retail, { table: "customers" })).status).toBe(403);
  });
});
