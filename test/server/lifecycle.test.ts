import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminClient, Client, fixture, jsonLines, rawLines, startTestServer, userClient, type TestServer } from "./harness.js";

const RETAIL = "/api/business-units/retail/rulesets/retail-abc";
const customers = rawLines(fixture("customers-sample.jsonl"));
const expectedRetail = jsonLines(fixture("expected-retail-abc.jsonl"));

let server: TestServer;
let admin: Client;
let alice: Client; // author
let bob: Client; // approver
let carol: Client; // approver
let v1Source: string;

beforeAll(async () => {
  server = await startTestServer();
  admin = await adminClient(server);
  alice = await userClient(server, admin, "alice", [{ businessUnit: "retail", role: "author" }]);
  bob = await userClient(server, admin, "bob", [{ businessUnit: "retail", role: "approver" }]);
  carol = await userClient(server, admin, "carol", [{ businessUnit: "retail", role: "approver" }]);
  v1Source = (await admin.get(`${RETAIL}/versions/1`)).body.source;
});
afterAll(async () => server?.close());

/** A real policy change: A needs at most 10 days overdue instead of 30. */
const stricter = () => v1Source.replace("max_overdue_days_24m <= 30", "max_overdue_days_24m <= 10");

describe("drafts, maker-checker publishing, history, diff and rollback", () => {
  let revision: number;

  it("starts a draft with revision 0 and refuses a stale save with 409 and the current draft", async () => {
    expect((await alice.get(`${RETAIL}/draft`)).status).toBe(404);
    const first = await alice.put(`${RETAIL}/draft`, { source: stricter(), revision: 0 });
    expect(first.status, first.text).toBe(200);
    revision = first.body.revision;
    const draft = await bob.get(`${RETAIL}/draft`);
    expect(draft.body).toMatchObject({ source: stricter(), revision, updatedBy: "alice", baseVersion: 1 });

    const stale = await bob.put(`${RETAIL}/draft`, { source: v1Source, revision: 0 });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: "conflict", currentRevision: revision, source: stricter(), updatedBy: "alice" });

    const again = await alice.put(`${RETAIL}/draft`, { source: stricter() + "\n", revision });
    expect(again.body.revision).toBe(revision + 1);
    const lost = await bob.put(`${RETAIL}/draft`, { source: v1Source, revision });
    expect(lost.status).toBe(409);
    expect(lost.body.error.currentRevision).toBe(revision + 1);
    revision = again.body.revision;
    expect((await bob.get(`${RETAIL}/draft`)).body.source).toBe(stricter() + "\n");
  });

  it("the summary shows the open draft", async () => {
    const summary = await admin.get(RETAIL);
    expect(summary.body).toMatchObject({ businessUnit: "retail", name: "retail-abc", publishedVersion: 1 });
    expect(summary.body.draft).toMatchObject({ revision, updatedBy: "alice", baseVersion: 1 });
    expect((await admin.get("/api/rulesets")).body.find((r: any) => r.name === "retail-abc").hasDraft).toBe(true);
  });

  it("publishing needs the approver role and someone other than the last editor", async () => {
    const byAuthor = await alice.post(`${RETAIL}/publish`, { revision });
    expect(byAuthor.status).toBe(403);

    const edited = await bob.put(`${RETAIL}/draft`, { source: stricter(), revision });
    expect(edited.status).toBe(200);
    revision = edited.body.revision;
    const ownChange = await bob.post(`${RETAIL}/publish`, { revision });
    expect(ownChange.status).toBe(403);
    expect(ownChange.body.error.code).toBe("maker_checker");

    const staleReview = await carol.post(`${RETAIL}/publish`, { revision: revision - 1 });
    expect(staleReview.status).toBe(409);
    expect(staleReview.body.error.currentRevision).toBe(revision);

    const published = await carol.post(`${RETAIL}/publish`, { revision });
    expect(published.status, published.text).toBe(201);
    expect(published.body.version).toBe(2);

    const twice = await admin.post(`${RETAIL}/publish`, { revision });
    expect(twice.status).toBe(409);
  });

  it("history lists both versions with author, publisher and state", async () => {
    const history = await alice.get(`${RETAIL}/versions`);
    expect(history.body.map((v: any) => [v.version, v.state, v.author, v.publisher])).toEqual([
      [2, "active", "bob", "carol"],
      [1, "superseded", "system", "system"],
    ]);
    const summary = await alice.get(RETAIL);
    expect(summary.body.publishedVersion).toBe(2);
    expect(summary.body.draft).toBeNull();
  });

  it("evaluates with the new version by default and the old one on request", async () => {
    // A customer graded A by version 1, now with 20 days overdue: still A before, B after.
    const index = expectedRetail.findIndex((r) => r.grade === "A");
    const facts = { ...JSON.parse(customers[index]), max_overdue_days_24m: 20 };
    const now = await bob.post(`${RETAIL}/evaluate`, facts);
    expect(now.body.version).toBe("2");
    expect(now.body.grade).toBe("B");
    const before = await bob.post(`${RETAIL}/evaluate?version=1`, facts);
    expect(before.body.version).toBe("1");
    expect(before.body.grade).toBe("A");
  });

  it("diffs two versions, and a version against the draft", async () => {
    const diff = await alice.get(`${RETAIL}/diff?from=1&to=2`);
    expect(diff.status).toBe(200);
    expect(diff.body.from).toBe("1");
    expect(diff.body.to).toBe("2");
    expect(diff.body.unified).toContain("-    A_OVERDUE");
    expect(diff.body.unified).toMatch(/\+ +A_OVERDUE .*<= 10/);
    expect(diff.body.unified.split("\n").filter((l: string) => /^[-+][^-+]/.test(l))).toHaveLength(2);

    await alice.post(`${RETAIL}/draft`);
    const toDraft = await alice.get(`${RETAIL}/diff?from=1`);
    expect(toDraft.body.to).toBe("draft");
    expect(toDraft.body.toSource).toBe(stricter());
    expect((await alice.get(`${RETAIL}/diff?from=9`)).status).toBe(404);
  });

  it("rollback publishes an old version's source as a new version", async () => {
    const rolled = await carol.post(`${RETAIL}/rollback`, { version: 1 });
    expect(rolled.status, rolled.text).toBe(201);
    expect(rolled.body).toMatchObject({ version: 3, rolledBackFrom: 1 });
    const v3 = await alice.get(`${RETAIL}/versions/3`);
    const v1 = await alice.get(`${RETAIL}/versions/1`);
    expect(v3.body.source).toBe(v1.body.source);
    expect(v3.body.sha256).toBe(v1.body.sha256);
    expect(v3.body.state).toBe("active");
    const evaluated = await bob.request("POST", `${RETAIL}/evaluate`, customers[0]);
    expect(evaluated.body.version).toBe("3");
    expect(evaluated.body.grade).toBe(expectedRetail[0].grade);
    expect((await carol.post(`${RETAIL}/rollback`, { version: 42 })).status).toBe(404);
  });

  it("keeps an audit trail with before and after hashes", async () => {
    const audit = await carol.get("/api/business-units/retail/audit");
    expect(audit.status).toBe(200);
    const actions = audit.body.map((e: any) => `${e.actor}:${e.action}`);
    expect(actions).toEqual(
      expect.arrayContaining(["alice:draft.save", "bob:draft.save", "carol:version.publish", "carol:version.rollback"]),
    );
    const v1 = (await alice.get(`${RETAIL}/versions/1`)).body.sha256;
    const v2 = (await alice.get(`${RETAIL}/versions/2`)).body.sha256;
    const publish = audit.body.find((e: any) => e.action === "version.publish" && e.actor === "carol");
    expect(publish).toMatchObject({ beforeSha256: v1, afterSha256: v2, target: "ruleset:retail-abc" });
    const rollback = audit.body.find((e: any) => e.action === "version.rollback");
    expect(rollback).toMatchObject({ beforeSha256: v2, afterSha256: v1 });
    expect((await alice.get("/api/business-units/retail/audit")).status).toBe(403);
  });
});

describe("what cannot be published", () => {
  it("a draft that does not compile: 422 with diagnostics; validate shows the same", async () => {
    const current = await alice.get(`${RETAIL}/draft`);
    const broken = v1Source.replace("grades A, B, C", "grades A, B, C\nlet oops = no_such_input + 1");
    const saved = await alice.put(`${RETAIL}/draft`, { source: broken, revision: current.body.revision });
    expect(saved.status).toBe(200);
    const refused = await bob.post(`${RETAIL}/publish`, { revision: saved.body.revision });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe("invalid_ruleset");
    expect(refused.body.error.diagnostics.some((d: any) => d.severity === "error" && /no_such_input/.test(d.message))).toBe(true);

    const validated = await alice.post(`${RETAIL}/validate`, { source: broken });
    expect(validated.body.ok).toBe(false);
    expect(validated.body.diagnostics).toEqual(refused.body.error.diagnostics);
    expect((await alice.post(`${RETAIL}/validate`, { source: v1Source })).body).toMatchObject({ ok: true, name: "retail-abc" });
  });

  it("a source naming another ruleset: 422", async () => {
    const current = await alice.get(`${RETAIL}/draft`);
    const renamed = v1Source.replace("ruleset retail-abc", "ruleset retail-xyz");
    const saved = await alice.put(`${RETAIL}/draft`, { source: renamed, revision: current.body.revision });
    const refused = await bob.post(`${RETAIL}/publish`, { revision: saved.body.revision });
    expect(refused.status).toBe(422);
    expect(refused.body.error.message).toMatch(/retail-xyz/);
  });
});

describe("the database keeps published versions immutable", () => {
  it("refuses UPDATE, DELETE and TRUNCATE on published versions, whoever asks", async () => {
    const db = server.services.db;
    const refusal = async (statement: ReturnType<typeof sql>) => {
      try {
        await db.execute(statement);
        return "accepted";
      } catch (error) {
        // drizzle wraps the driver's error; the database's own message is its cause.
        return String((error as { cause?: Error }).cause?.message ?? error);
      }
    };
    expect(await refusal(sql`update ruleset_versions set source = 'tampered' where number = 1`)).toMatch(/immutable/);
    expect(await refusal(sql`update ruleset_versions set effective_from = now()`)).toMatch(/immutable/);
    expect(await refusal(sql`delete from ruleset_versions`)).toMatch(/immutable/);
    expect(await refusal(sql`truncate ruleset_versions cascade`)).toMatch(/immutable/);
    const v1 = await admin.get(`${RETAIL}/versions/1`);
    expect(v1.body.source).toBe(v1Source);
  });
});

describe("scheduling, creating and concurrent publishing", () => {
  it("a version with a future effective-from is scheduled and not yet in force", async () => {
    const current = await alice.get(`${RETAIL}/draft`);
    const saved = await alice.put(`${RETAIL}/draft`, { source: stricter(), revision: current.body.revision });
    const later = new Date(Date.now() + 3_600_000).toISOString();
    const published = await bob.post(`${RETAIL}/publish`, { revision: saved.body.revision, effectiveFrom: later });
    expect(published.status, published.text).toBe(201);
    const history = await alice.get(`${RETAIL}/versions`);
    expect(history.body[0]).toMatchObject({ version: published.body.version, state: "scheduled" });
    expect(history.body[1]).toMatchObject({ state: "active" });
    const evaluated = await bob.request("POST", `${RETAIL}/evaluate`, customers[0]);
    expect(evaluated.body.version).toBe(String(published.body.version - 1));
  });

  it("creates a ruleset as a draft; names are checked and unique per unit", async () => {
    const source = v1Source.replace("ruleset retail-abc", "ruleset retail-new");
    const created = await alice.post("/api/business-units/retail/rulesets", { name: "retail-new", source });
    expect(created.status, created.text).toBe(201);
    const listed = (await alice.get("/api/rulesets")).body.find((r: any) => r.name === "retail-new");
    expect(listed).toMatchObject({ businessUnit: "retail", publishedVersion: null, hasDraft: true });
    expect((await alice.post("/api/business-units/retail/rulesets", { name: "retail-new", source })).status).toBe(409);
    expect((await alice.post("/api/business-units/retail/rulesets", { name: "Bad Name", source })).status).toBe(400);
    const noVersion = await bob.request("POST", "/api/business-units/retail/rulesets/retail-new/evaluate", customers[0]);
    expect(noVersion.status).toBe(404);
  });

  it("two concurrent publishes of the same draft: exactly one wins, the other gets 409", async () => {
    const path = "/api/business-units/retail/rulesets/retail-new";
    const draft = await bob.get(`${path}/draft`);
    const results = await Promise.all([
      bob.post(`${path}/publish`, { revision: draft.body.revision }),
      carol.post(`${path}/publish`, { revision: draft.body.revision }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    const history = await bob.get(`${path}/versions`);
    expect(history.body).toHaveLength(1);
  });
});
