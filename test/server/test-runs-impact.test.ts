import { Decimal } from "decimal.js";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { adminClient, Client, fixture, jsonLines, rawLines, startTestServer, userClient, type TestServer } from "./harness.js";

const RETAIL = "/api/business-units/retail/rulesets/retail-abc";
const customers = rawLines(fixture("customers-sample.jsonl"));
const expected = jsonLines(fixture("expected-retail-abc.jsonl"));

let server: TestServer;
let admin: Client;
let tester: Client;
let author: Client;

beforeAll(async () => {
  server = await startTestServer();
  admin = await adminClient(server);
  tester = await userClient(server, admin, "tina", [{ businessUnit: "retail", role: "tester" }]);
  author = await userClient(server, admin, "arno", [{ businessUnit: "retail", role: "author" }]);
});
afterAll(async () => server?.close());

describe("stored test cases", () => {
  const ids: number[] = [];

  it("stores sample customers with their expected decisions, numbers kept exact", async () => {
    for (const i of [0, 1, 2, 3, 4, 5]) {
      const facts = JSON.parse(customers[i]);
      const e = expected[i];
      const reply = await tester.post(`${RETAIL}/tests`, {
        name: `sample ${facts.customer_id}`,
        facts,
        expected: { grade: e.grade, limit: e.limit, termDays: e.termDays, warnings: e.warnings },
      });
      expect(reply.status, reply.text).toBe(201);
      ids.push(reply.body.id);
    }
    const exact = '{"name":"exact digits","facts":' + customers[6].replace(/"(-?\d+\.\d+)"/g, "$1") + ',"expected":{"grade":"' + expected[6].grade + '"}}';
    const stored = await tester.request("POST", `${RETAIL}/tests`, exact);
    expect(stored.status, stored.text).toBe(201);
    ids.push(stored.body.id);
    const listed = await tester.get(`${RETAIL}/tests`);
    expect(listed.body).toHaveLength(7);
    const total = /"total_assets":\s*"?([0-9.]+)/.exec(customers[6])![1];
    expect(listed.text).toContain(`"total_assets":${total}`);
    expect((await tester.post(`${RETAIL}/tests`, { name: "sample C0001", facts: {}, expected: {} })).status).toBe(409);
  });

  it("runs them against the published version: every case passes, and the source's own tests too", async () => {
    const run = await tester.post(`${RETAIL}/tests/run`);
    expect(run.status, run.text).toBe(200);
    expect(run.body.version).toBe("1");
    expect(run.body.cases).toHaveLength(7);
    expect(run.body.cases.every((c: any) => c.passed)).toBe(true);
    expect(run.body.sourceTests.length).toBeGreaterThan(0);
    expect(run.body.sourceTests.every((t: any) => t.passed)).toBe(true);
    expect(run.body.failed).toBe(0);
  });

  it("reports what differs, per case, with decimals compared as decimals", async () => {
    const facts = JSON.parse(customers[0]);
    const wrong = await tester.post(`${RETAIL}/tests`, {
      name: "deliberately wrong",
      facts,
      expected: { grade: expected[0].grade === "A" ? "C" : "A", limit: `${expected[0].limit}.000` },
    });
    ids.push(wrong.body.id);
    const run = await tester.post(`${RETAIL}/tests/run?version=1`);
    const failing = run.body.cases.filter((c: any) => !c.passed);
    expect(failing).toHaveLength(1);
    expect(failing[0].name).toBe("deliberately wrong");
    // "540000.000" equals "540000": only the grade differs.
    expect(failing[0].mismatches).toEqual([{ path: "grade", expected: wrong.body.expected.grade, actual: expected[0].grade }]);
    expect(run.body.failed).toBe(1);
    expect((await tester.delete(`${RETAIL}/tests/${wrong.body.id}`)).status).toBe(204);
    expect((await tester.delete(`${RETAIL}/tests/${wrong.body.id}`)).status).toBe(404);
    ids.pop();
  });

  it("runs against the draft, where a policy change shows up as failures", async () => {
    const v1 = (await author.get(`${RETAIL}/versions/1`)).body.source as string;
    // A real policy change: A needs more than two years of relationship instead of one.
    const stricter = v1.replace("relationship_months >= 12", "relationship_months >= 25");
    expect(stricter).not.toBe(v1);
    expect((await author.put(`${RETAIL}/draft`, { source: stricter, revision: 0 })).status).toBe(200);
    const run = await tester.post(`${RETAIL}/tests/run?version=draft`);
    expect(run.status, run.text).toBe(200);
    expect(run.body.version).toBe("draft");
    const source = run.body.sourceTests.find((t: any) => t.name === "A customer on credit");
    expect(source.passed).toBe(false);
    expect(source.failures.length).toBeGreaterThan(0);
  });
});

describe("impact of the draft", () => {
  it("reports per customer what changed, and a summary that adds up", async () => {
    const body = `{"customers":[${customers.join(",")}]}`;
    const reply = await tester.request("POST", `${RETAIL}/impact`, body);
    expect(reply.status, reply.text).toBe(200);
    const { rows, summary, from, to } = reply.body;
    expect([from, to]).toEqual(["1", "draft"]);
    expect(rows).toHaveLength(customers.length);

    // Before is exactly the published decision.
    rows.forEach((row: any, i: number) => {
      expect(row.before.grade).toBe(expected[i].grade);
      expect(new Decimal(row.before.limit).equals(new Decimal(expected[i].limit))).toBe(true);
    });

    // The matrix counts every customer once, by grade before and after.
    const counted: Record<string, Record<string, number>> = {};
    for (const row of rows) {
      counted[row.before.grade] ??= {};
      counted[row.before.grade][row.after.grade] = (counted[row.before.grade][row.after.grade] ?? 0) + 1;
    }
    for (const from of Object.keys(summary.matrix)) {
      for (const to of Object.keys(summary.matrix[from])) {
        expect(summary.matrix[from][to]).toBe(counted[from]?.[to] ?? 0);
      }
    }
    // Rows and columns are the ruleset's own grades, best first (retail-abc grades A, B, C).
    expect(Object.keys(summary.matrix)).toEqual(["A", "B", "C"]);
    expect(summary.grades).toEqual(["A", "B", "C"]);
    expect(summary.matrix.A.B).toBeGreaterThan(0);
    expect(summary.matrix.B.A).toBe(0);

    // Grade changes are listed per customer.
    const downgraded = rows.filter((r: any) => r.before.grade === "A" && r.after.grade === "B");
    expect(downgraded.length).toBe(summary.matrix.A.B);
    for (const row of downgraded) expect(row.changes).toContainEqual({ field: "grade", before: "A", after: "B" });

    // Limits add up exactly.
    const sum = (side: "before" | "after") => rows.reduce((t: Decimal, r: any) => t.plus(r[side].limit ?? 0), new Decimal(0));
    expect(new Decimal(summary.totalLimitBefore).equals(sum("before"))).toBe(true);
    expect(new Decimal(summary.totalLimitAfter).equals(sum("after"))).toBe(true);
    expect(new Decimal(summary.totalLimitChange).equals(sum("after").minus(sum("before")))).toBe(true);
    expect(new Decimal(summary.totalLimitChange).isNegative()).toBe(true);

    // New warnings: codes present after but not before, counted per customer.
    const fresh: Record<string, number> = {};
    for (const row of rows) {
      const before = new Set(row.before.warnings.map((w: any) => w.code));
      for (const w of row.after.warnings) if (!before.has(w.code)) fresh[w.code] = (fresh[w.code] ?? 0) + 1;
    }
    expect(summary.newWarnings).toEqual(fresh);
    expect(summary.errors).toBe(0);
    expect(summary.changed).toBe(rows.filter((r: any) => r.changes.length > 0).length);
  });

  it("runs over the stored test cases", async () => {
    const reply = await tester.post(`${RETAIL}/impact`, { useTestCases: true });
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body.rows).toHaveLength(7);
  });

  it("compares any two versions and counts error rows", async () => {
    const bad = { ...JSON.parse(customers[0]), total_assets: "n/a" };
    const reply = await tester.post(`${RETAIL}/impact?from=1&to=1`, { customers: [JSON.parse(customers[0]), bad] });
    expect(reply.status).toBe(200);
    expect(reply.body.summary.changed).toBe(0);
    expect(reply.body.summary.errors).toBe(1);
    expect(reply.body.summary.totalLimitChange).toBe("0");
    // An error record on both sides: its own matrix row and column, its code counted per side.
    expect(reply.body.summary.grades.at(-1)).toBe("error");
    expect(reply.body.summary.matrix.error.error).toBe(1);
    expect(reply.body.summary.errorsBefore).toEqual({ [reply.body.rows[1].before.error.code]: 1 });
    expect(reply.body.rows[1].changes).toEqual([]);
  });

  it("answers a large body on an evaluation worker, byte for byte as the request thread does", async () => {
    const limits = server.services.limits;
    const saved = { inline: limits.inlineBodyBytes, maxBatch: limits.maxBatch };
    /** The same request answered on the request thread and on a worker (every body past 1 byte). */
    const bothWays = async (path: string, body: string) => {
      try {
        limits.inlineBodyBytes = 1 << 30;
        const inline = await tester.request("POST", path, body);
        limits.inlineBodyBytes = 1;
        const worker = await tester.request("POST", path, body);
        return { inline, worker };
      } finally {
        limits.inlineBodyBytes = saved.inline;
      }
    };
    const bad = JSON.stringify({ ...JSON.parse(customers[0]), total_assets: "n/a" });
    const cases: Array<[string, string, number]> = [
      [`${RETAIL}/impact`, `{"customers":[${customers.join(",")}]}`, 200],
      [`${RETAIL}/impact?from=1&to=1`, `{"customers":[${customers[0]},${bad}]}`, 200],
      [`${RETAIL}/impact?to=1`, `\uFEFF{"customers":[${customers.slice(0, 9).join(",")}]}`, 200],
      [`${RETAIL}/impact`, '{"useTestCases":true}', 200],
      [`${RETAIL}/impact`, '{"customers":[]}', 400],
      [`${RETAIL}/impact`, "{not json", 400],
      [`${RETAIL}/impact`, '{"customers":"x"}', 400],
      [`${RETAIL}/impact`, "  ", 400],
      [`${RETAIL}/impact?from=9`, `{"customers":[${customers[0]}]}`, 404],
    ];
    cases.push([`${RETAIL}/impact`, `{"customers":[${customers.slice(0, 21).join(",")}]}`, 413]);
    const pool = vi.spyOn(server.services.evaluationPool, "run");
    try {
      for (const [path, body, status] of cases) {
        // The last case: more customers than an impact run holds.
        if (status === 413) limits.maxBatch = 20;
        const { inline, worker } = await bothWays(path, body);
        expect(inline.status, `${path} ${body.slice(0, 40)} ${inline.text.slice(0, 300)}`).toBe(status);
        expect(worker.status, `${path} ${body.slice(0, 40)} ${worker.text.slice(0, 300)}`).toBe(status);
        expect(worker.headers.get("content-type")).toBe(inline.headers.get("content-type"));
        expect(worker.text).toBe(inline.text);
      }
      // Every worker request went to a worker but the one whose version does not exist (refused first).
      expect(pool.mock.calls.filter(([task]) => (task as { kind?: string }).kind === "impact")).toHaveLength(cases.length - 1);
    } finally {
      limits.maxBatch = saved.maxBatch;
      pool.mockRestore();
    }
  });

  it("needs the tester role", async () => {
    const viewer = await userClient(server, admin, "vic", [{ businessUnit: "retail", role: "viewer" }]);
    expect((await viewer.post(`${RETAIL}/impact`, { useTestCases: true })).status).toBe(403);
    expect((await viewer.post(`${RETAIL}/tests/run`)).status).toBe(403);
  });
});
