/**
 * Crash safety and several server processes on one PostgreSQL database. These need a real
 * PostgreSQL server (DATABASE_URL); .ci/postgres-tests runs them.
 */
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminClient, Client, fixture, onPostgres, rawLines, scratchPostgresDatabase, userClient } from "./harness.js";
import { spawnServer, type ServerProcess } from "./processes.js";

const RETAIL = "/api/business-units/retail/rulesets/retail-abc";
const customer = rawLines(fixture("customers-sample.jsonl"))[0];

describe.runIf(onPostgres)("on real PostgreSQL", () => {
  let url: string;
  let drop: () => Promise<void>;
  let sql: postgres.Sql;
  const processes: ServerProcess[] = [];

  const start = async () => {
    const p = await spawnServer({ DATABASE_URL: url });
    processes.push(p);
    return p;
  };

  beforeAll(async () => {
    ({ url, drop } = await scratchPostgresDatabase());
    sql = postgres(url, { max: 4, onnotice: () => {} });
  });

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop()));
    await sql?.end();
    await drop?.();
  });

  /** Waits until some backend is blocked on a lock while running a statement matching `pattern`. */
  async function waitForBlocked(pattern: string) {
    for (let i = 0; i < 200; i++) {
      const rows = await sql`
        select query from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock' and query ilike ${pattern}`;
      if (rows.length > 0) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no statement like ${pattern} became blocked`);
  }

  /**
   * Runs `action` against a server process while the audit log is locked, so the change gets
   * as far as its last write and waits there inside its transaction; then kills the process
   * with SIGKILL and releases the lock.
   */
  async function killMidway(server: ServerProcess, action: () => Promise<unknown>) {
    const reserved = await sql.reserve();
    await reserved`begin`;
    await reserved`lock table audit_log in exclusive mode`;
    const pending = action().catch((error: unknown) => error);
    try {
      await waitForBlocked("insert into \"audit_log\"%");
      server.child.kill("SIGKILL");
      expect(await server.exited).toBe("SIGKILL");
    } finally {
      await reserved`rollback`;
      reserved.release();
    }
    await pending;
  }

  it("processes on one database share the first-start seed: one admin, version 1 once", async () => {
    const [a, b] = await Promise.all([start(), start()]);
    const versions = await sql`select count(*)::int as n from ruleset_versions`;
    expect(versions[0].n).toBe(2);
    const admins = await sql`select count(*)::int as n from users where username = 'admin'`;
    expect(admins[0].n).toBe(1);
    for (const p of [a, b]) expect((await (await adminClient(p)).get("/api/rulesets")).body).toHaveLength(2);
  });

  it("SIGKILL in the middle of a draft save leaves the old draft", async () => {
    const server = await start();
    const admin = await adminClient(server);
    const author = await userClient(server, admin, "crash-author", [{ businessUnit: "retail", role: "author" }]);
    const v1 = (await author.get(`${RETAIL}/versions/1`)).body.source as string;
    const first = await author.put(`${RETAIL}/draft`, { source: v1 + "\n// first\n", revision: 0 });
    expect(first.status).toBe(200);

    await killMidway(server, () => author.put(`${RETAIL}/draft`, { source: v1 + "\n// second\n", revision: first.body.revision }));

    const [draft] = await sql`select source, revision, updated_by from drafts`;
    expect(draft).toEqual({ source: v1 + "\n// first\n", revision: first.body.revision, updated_by: "crash-author" });
    const saves = await sql`select count(*)::int as n from audit_log where action = 'draft.save'`;
    expect(saves[0].n).toBe(1);
  });

  it("SIGKILL in the middle of a publish leaves no half-written version; publishing again completes it", async () => {
    const server = await start();
    const admin = await adminClient(server);
    const approver = await userClient(server, admin, "crash-approver", [{ businessUnit: "retail", role: "approver" }]);
    const draft = await approver.get(`${RETAIL}/draft`);

    await killMidway(server, () => approver.post(`${RETAIL}/publish`, { revision: draft.body.revision }));

    expect((await sql`select number from ruleset_versions r join rulesets s on s.id = r.ruleset_id where s.name = 'retail-abc'`).map((r) => r.number)).toEqual([1]);
    const [open] = await sql`select source is not null as open, revision from drafts`;
    expect(open).toEqual({ open: true, revision: draft.body.revision });

    const again = await start();
    const retry = await (await signIn(again, "crash-approver")).post(`${RETAIL}/publish`, { revision: draft.body.revision });
    expect(retry.status, retry.text).toBe(201);
    expect(retry.body.version).toBe(2);
    const [closed] = await sql`select source is null as closed, base_version from drafts`;
    expect(closed).toEqual({ closed: true, base_version: 2 });
    const publishes = await sql`select count(*)::int as n from audit_log where action = 'version.publish' and actor = 'crash-approver'`;
    expect(publishes[0].n).toBe(1);
  });

  it("a version published through one process is evaluated by the others at once", async () => {
    const [a, b] = await Promise.all([start(), start()]);
    const adminA = await adminClient(a);
    const adminB = await adminClient(b);
    const author = await userClient(a, adminA, "mp-author", [{ businessUnit: "retail", role: "author" }]);
    for (let round = 0; round < 3; round++) {
      // B has the version in force cached from this evaluation.
      const before = await adminB.request("POST", `${RETAIL}/evaluate`, customer);
      const current = Number(before.body.version);
      const source = (await author.get(`${RETAIL}/versions/${current}`)).body.source as string;
      const drafted = await author.put(`${RETAIL}/draft`, { source: `${source}\n// round ${round}\n`, revision: await openRevision(author) });
      expect(drafted.status, drafted.text).toBe(200);
      const published = await adminA.post(`${RETAIL}/publish`, { revision: drafted.body.revision });
      expect(published.status, published.text).toBe(201);
      const after = await adminB.request("POST", `${RETAIL}/evaluate`, customer);
      expect(after.body.version).toBe(String(published.body.version));
    }
  });

  it("a token revoked through one process stops working in the others at once", async () => {
    const [a, b] = await Promise.all([start(), start()]);
    const admin = await adminClient(a);
    const created = await admin.post("/api/business-units/retail/tokens", { name: "erp-mp", role: "viewer" });
    const system = Client.withToken(b.app, created.body.token);
    // B now has the token cached.
    expect((await system.request("POST", `${RETAIL}/evaluate`, customer)).status).toBe(200);
    expect((await admin.delete(`/api/business-units/retail/tokens/${created.body.id}`)).status).toBe(200);
    expect((await system.request("POST", `${RETAIL}/evaluate`, customer)).status).toBe(401);
  });

  it("two processes publishing the same draft at once: exactly one wins, the other gets 409", async () => {
    const [a, b] = await Promise.all([start(), start()]);
    const admin = await adminClient(a);
    const author = await userClient(a, admin, "race-author", [{ businessUnit: "retail", role: "author" }]);
    await userClient(a, admin, "race-approver", [{ businessUnit: "retail", role: "approver" }]);
    const approverB = await signIn(b, "race-approver");
    const v = (await author.get(RETAIL)).body.publishedVersion;
    const source = (await author.get(`${RETAIL}/versions/${v}`)).body.source as string;
    const drafted = await author.put(`${RETAIL}/draft`, { source: source + "\n// race\n", revision: await openRevision(author) });
    const results = await Promise.all([
      admin.post(`${RETAIL}/publish`, { revision: drafted.body.revision }),
      approverB.post(`${RETAIL}/publish`, { revision: drafted.body.revision }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    const numbers = await sql`select count(*)::int as n from ruleset_versions r join rulesets s on s.id = r.ruleset_id where s.name = 'retail-abc'`;
    expect(numbers[0].n).toBe(v + 1);
  });
});

async function signIn(server: ServerProcess, username: string): Promise<Client> {
  const client = new Client(server.app);
  const reply = await client.login(username, `${username}-password-123`);
  if (reply.status !== 200) throw new Error(`login of ${username} failed: ${reply.text}`);
  return client;
}

/** The revision to save against: the open draft's, or the counter when no draft is open. */
async function openRevision(client: Client): Promise<number> {
  const summary = await client.get(RETAIL);
  return summary.body.draft?.revision ?? 0;
}
