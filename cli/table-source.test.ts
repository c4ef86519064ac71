import { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { pgliteRows, postgresRows, quoteTableName, type FactsRow } from "./table-source.js";

async function all(batches: AsyncIterable<FactsRow[]>): Promise<{ rows: FactsRow[]; sizes: number[] }> {
  const rows: FactsRow[] = [];
  const sizes: number[] = [];
  for await (const b of batches) {
    sizes.push(b.length);
    rows.push(...b);
  }
  return { rows, sizes };
}

const create = `create table portfolio (customer_id text primary key, total_assets numeric(20,2), relationship_months int, bad_debt_24m boolean)`;
const insert = `insert into portfolio select 'C' || lpad(g::text, 4, '0'), (g * 1000 + 0.1)::numeric(20,2), g % 120, g % 7 = 0 from generate_series(1, 2500) g`;

describe("quoteTableName", () => {
  it("quotes plain names and refuses anything that could be SQL", () => {
    expect(quoteTableName("customers")).toBe('"customers"');
    expect(quoteTableName("credit.customers")).toBe('"credit"."customers"');
    expect(() => quoteTableName("customers; drop table x")).toThrow(/not a plain SQL name/);
    expect(() => quoteTableName('a"b')).toThrow(/not a plain SQL name/);
  });
});

describe("pgliteRows", () => {
  it("streams every row in batches, numeric columns as exact decimal strings", async () => {
    const db = await PGlite.create();
    try {
      await db.exec(`${create}; ${insert}`);
      const { rows, sizes } = await all(pgliteRows(db, "portfolio", { batchSize: 1000, orderBy: "customer_id" }));
      expect(sizes).toEqual([1000, 1000, 500]);
      expect(rows).toHaveLength(2500);
      expect(rows[0]).toEqual({ customer_id: "C0001", total_assets: "1000.10", relationship_months: 1, bad_debt_24m: false });
      expect(rows[2499].customer_id).toBe("C2500");
      // The cursor's transaction is closed: the connection is usable again.
      expect((await db.query("select count(*)::int as n from portfolio")).rows).toEqual([{ n: 2500 }]);
    } finally {
      await db.close();
    }
  });
});

const url = process.env.DATABASE_URL;

describe.skipIf(!url)("postgresRows (DATABASE_URL)", () => {
  it("streams every row with a server-side cursor, numeric columns as exact decimal strings", async () => {
    const sql = postgres(url!, { max: 1, onnotice: () => undefined });
    const schema = `impact_source_test_${process.pid}`;
    try {
      await sql.unsafe(`create schema ${schema}; set search_path to ${schema}; ${create}; ${insert}`).simple();
      const { rows, sizes } = await all(postgresRows(sql, `${schema}.portfolio`, { batchSize: 1000, orderBy: "customer_id" }));
      expect(sizes).toEqual([1000, 1000, 500]);
      expect(rows[0]).toEqual({ customer_id: "C0001", total_assets: "1000.10", relationship_months: 1, bad_debt_24m: false });
    } finally {
      await sql.unsafe(`drop schema if exists ${schema} cascade`);
      await sql.end({ timeout: 5 });
    }
  });
});
