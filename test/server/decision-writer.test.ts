import { randomUUID } from "node:crypto";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { decisions } from "../../server/db/schema.js";
import { DecisionWriter, type DecisionRow } from "../../server/evaluation/decision-writer.js";
import { startTestServer, type TestServer } from "./harness.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.close());

function rows(n: number, requestId: string, rulesetId = 1): DecisionRow[] {
  return Array.from({ length: n }, (_, i) => ({
    id: randomUUID(),
    businessUnitId: 1,
    rulesetId,
    versionNumber: 1,
    versionSha256: "0".repeat(64),
    customerId: `C${i}`,
    input: `{"customer_id":"C${i}","amount":1.10}`,
    output: { grade: "A" },
    isError: false,
    grade: "A",
    score: "85.9",
    creditLimit: "540000.00",
    caller: "test",
    requestId,
  }));
}

describe("decision log group commit", () => {
  it("stores every row of concurrent requests in fewer inserts than requests", async () => {
    const db = server.services.db;
    const writer = new DecisionWriter(db);
    const insert = vi.spyOn(db, "insert");
    await Promise.all(Array.from({ length: 20 }, () => writer.write(rows(3, "group"))));
    expect(insert.mock.calls.length).toBeLessThan(20);
    insert.mockRestore();
    const [stored] = await db.select({ n: count() }).from(decisions).where(eq(decisions.requestId, "group"));
    expect(stored.n).toBe(60);
    const [one] = await db.select().from(decisions).where(eq(decisions.requestId, "group")).limit(1);
    expect(one.creditLimit).toBe("540000.00");
    expect(one.input).toContain("1.10");
  });

  it("a failing insert rejects the requests in it and the writer goes on", async () => {
    const writer = new DecisionWriter(server.services.db);
    await expect(writer.write(rows(1, "bad", 9999))).rejects.toThrow();
    await writer.write(rows(2, "after"));
    const [stored] = await server.services.db.select({ n: count() }).from(decisions).where(eq(decisions.requestId, "after"));
    expect(stored.n).toBe(2);
  });
});
