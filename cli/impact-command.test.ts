import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Writable } from "node:stream";
import { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { compareRecords, gradeOrder, ImpactTally, type ImpactSummary } from "../engine/impact.js";
import { compile, evaluate, type Plan } from "../engine/index.js";
import { runImpact, type ImpactArgs } from "./impact-command.js";

const PUBLISHED = "rulesets/trading-standard.rules";
const DRAFT = "test/fixtures/trading-standard-draft.rules";
const SAMPLE = "test/fixtures/customers-sample.jsonl";

function sink(isTTY = false) {
  let text = "";
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  }) as Writable & { isTTY?: boolean };
  stream.isTTY = isTTY;
  return { stream, text: () => text };
}

async function impact(args: Partial<ImpactArgs>) {
  const out = sink();
  const err = sink();
  const status = await runImpact({ published: PUBLISHED, draft: DRAFT, ...args }, { stdin: new PassThrough(), stdout: out.stream, stderr: err.stream });
  return { status, stdout: out.text(), stderr: err.text() };
}

function planOf(path: string): Plan {
  return compile(readFileSync(path, "utf8")).plan!;
}

const tmp = mkdtempSync(join(tmpdir(), "impact-"));
const lines = readFileSync(SAMPLE, "utf8").trim().split("\n");

/** The summary computed directly with the engine, one customer at a time. */
function expectedSummary(): ImpactSummary {
  const p = planOf(PUBLISHED);
  const d = planOf(DRAFT);
  const t = new ImpactTally(gradeOrder(p.model.grades, d.model.grades));
  for (const l of lines) {
    const facts = JSON.parse(l) as unknown;
    t.add(compareRecords(evaluate(p, facts), evaluate(d, facts)));
  }
  return t.summary();
}

/** A table for the sample customers: text ids and names, booleans, every number `numeric`. */
function tableColumns(): string {
  const first = JSON.parse(lines[0]) as Record<string, unknown>;
  return Object.entries(first)
    .map(([k, v]) => `"${k}" ${typeof v === "boolean" ? "boolean" : k === "customer_id" || k === "name" ? "text" : "numeric"}`)
    .join(", ");
}

const jsonl = (text: string) => text.trim().split("\n").filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

describe("credit-rules impact", () => {
  const expected = expectedSummary();

  it("writes the changed customers in input order and the summary, in one thread and on several", async () => {
    const results = [];
    for (const workers of [1, 3]) {
      const output = join(tmp, `changes-${workers}.jsonl`);
      const summary = join(tmp, `summary-${workers}.json`);
      const r = await impact({ input: SAMPLE, output, summary, workers, json: true });
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual(expected);
      expect(JSON.parse(readFileSync(summary, "utf8"))).toEqual(expected);
      results.push(readFileSync(output, "utf8"));
    }
    expect(results[1]).toBe(results[0]);
    const changes = jsonl(results[0]);
    expect(changes).toHaveLength(expected.changed);
    expect(changes.every((c) => c.changed === true)).toBe(true);
    const at = changes.map((c) => c.line as number);
    expect(at).toEqual([...at].sort((a, b) => a - b));
    // Each written line is the customer at that line of the input.
    for (const c of changes) expect((JSON.parse(lines[(c.line as number) - 1]) as { customer_id: string }).customer_id).toBe(c.customerId);
    const moved = changes.find((c) => (c.grade as { before: string; after: string }).before === "B" && (c.grade as { after: string }).after === "C");
    expect(moved?.limit).toMatchObject({ change: expect.stringMatching(/^-\d/) });
  });

  it("writes every customer with --all", async () => {
    const output = join(tmp, "all.jsonl");
    const r = await impact({ input: SAMPLE, output, all: true, workers: 2 });
    expect(r.status).toBe(0);
    const all = jsonl(readFileSync(output, "utf8"));
    expect(all.map((c) => c.line)).toEqual(lines.map((_, i) => i + 1));
    expect(all.filter((c) => c.changed).length).toBe(expected.changed);
  });

  it("reads CSV to the same summary", async () => {
    const r = await impact({ input: "test/fixtures/customers-sample.csv", json: true, workers: 1 });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(expected);
  });

  it("prints the migration matrix as a table", async () => {
    const r = await impact({ input: SAMPLE, workers: 1 });
    expect(r.stdout).toContain(`${expected.customers} customers: ${expected.changed} changed, 0 with errors`);
    expect(r.stdout).toMatch(new RegExp(`\\nB\\s+0\\s+${expected.matrix.B.B}\\s+${expected.matrix.B.C}\\s+0\\s+${expected.matrix.B.B + expected.matrix.B.C}\\n`));
    expect(r.stdout).toContain(`change ${expected.totalLimitChange.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}`);
  });

  it("keeps a bad row as an error line, counts it and exits 2", async () => {
    const input = join(tmp, "bad.jsonl");
    const bad = JSON.parse(lines[2]) as Record<string, unknown>;
    bad.total_assets = "12,5O0";
    writeFileSync(input, [lines[0], "{\"customer_id\": \"BROKEN\", ", JSON.stringify(bad), lines[3]].join("\n") + "\n");
    const output = join(tmp, "bad-changes.jsonl");
    const r = await impact({ input, output, json: true, workers: 2 });
    expect(r.status).toBe(2);
    const s = JSON.parse(r.stdout) as ImpactSummary;
    expect(s).toMatchObject({ customers: 4, errors: 2, errorsBefore: { INVALID_JSON: 1, INVALID_NUMBER: 1 } });
    const errors = jsonl(readFileSync(output, "utf8")).filter((c) => c.error);
    expect(errors.map((c) => [c.line, c.customerId])).toEqual([
      [2, "BROKEN"],
      [3, bad.customer_id],
    ]);
    expect(JSON.stringify(errors[1].error)).toContain("total_assets");
  });

  it("names the line and column when a ruleset does not compile, and compares nothing", async () => {
    const broken = join(tmp, "broken.rules");
    writeFileSync(broken, readFileSync(DRAFT, "utf8").replace("D: 0 days, limit 0", "D: 0 days, limit zero_limit"));
    const r = await impact({ input: SAMPLE, draft: broken });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/broken\.rules:\d+:\d+: /);
    expect(r.stderr).toContain("does not compile");
    expect(r.stdout).toBe("");
  });

  it("reads the customers from a database table with a cursor", async () => {
    const dir = join(tmp, "db");
    const db = await PGlite.create(dir);
    await db.exec(`create table portfolio (${tableColumns()})`);
    await db.query("insert into portfolio select * from json_populate_recordset(null::portfolio, $1::json)", [`[${lines.join(",")}]`]);
    await db.close();
    const output = join(tmp, "table-changes.jsonl");
    const r = await impact({ fromTable: "portfolio", databaseUrl: `pglite:${dir}`, orderBy: "customer_id", output, json: true, workers: 2 });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(expected);
    const changes = jsonl(readFileSync(output, "utf8"));
    expect(changes).toHaveLength(expected.changed);
    expect(changes[0]).toHaveProperty("row");
  }, 180_000);

  it.skipIf(!process.env.DATABASE_URL)("reads the customers from a PostgreSQL server table (DATABASE_URL)", async () => {
    const sql = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => undefined });
    const schema = `impact_test_${process.pid}`;
    try {
      await sql.unsafe(`create schema ${schema}; create table ${schema}.portfolio (${tableColumns()})`).simple();
      await sql.unsafe(`insert into ${schema}.portfolio select * from json_populate_recordset(null::${schema}.portfolio, $1::text::json)`, [`[${lines.join(",")}]`]);
      const output = join(tmp, "pg-changes.jsonl");
      const r = await impact({ fromTable: `${schema}.portfolio`, databaseUrl: process.env.DATABASE_URL, orderBy: "customer_id", output, json: true, workers: 2 });
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual(expected);
      expect(jsonl(readFileSync(output, "utf8"))).toHaveLength(expected.changed);
    } finally {
      await sql.unsafe(`drop schema if exists ${schema} cascade`);
      await sql.end({ timeout: 5 });
    }
  });

  it("refuses a table without a database URL, and a table name that is not a plain name", async () => {
    expect((await impact({ fromTable: "portfolio" })).stderr).toContain("--database-url");
    const r = await impact({ fromTable: "x; drop table y", databaseUrl: "pglite:" });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("not a plain SQL name");
  });
});
