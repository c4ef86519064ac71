/**
 * A business unit's portfolio table in the server's own database, read in batches of rows: the
 * customers of `POST …/impact/portfolio`. A unit's tables live in the schema
 * `portfolio_<unit code>` (loaded there by whoever keeps the portfolio: an ERP export, a nightly
 * job); a caller names only the table, so a unit reads its own schema and nothing else.
 *
 * Each batch is one short query over a range of the table's pages (its rows' physical positions,
 * `ctid`), so no transaction or lock is held while the customers are decided, whatever the
 * table's size (one connection is all the embedded database has). Rows come in the table's
 * physical order; rows written while the run goes on may or may not be seen, and the pages the
 * table has when the run starts are read. Column names are fact names; `numeric` columns arrive
 * as decimal strings and stay exact.
 */
import type { Database } from "../db/connect.js";
import { quoteTableName } from "../../cli/table-source.js";
import { badRequest, notFound } from "../http/errors.js";

/** The unit's schema and the table, checked and quoted; 400 when a name is not a plain SQL name. */
export function portfolioTable(unitCode: string, table: string): { schema: string; table: string; quoted: string } {
  const schema = `portfolio_${unitCode}`;
  try {
    return { schema, table, quoted: quoteTableName(`${schema}.${table}`) };
  } catch {
    throw badRequest(`a portfolio table is named by letters, digits and _ only, in the unit's schema ${schema} (got ${JSON.stringify(table)})`);
  }
}

/** 404 unless the table exists (checked before an answer starts, so the status can say so). */
export async function requirePortfolioTable(database: Database, t: { schema: string; table: string }): Promise<void> {
  const found = await database.rows("select 1 from information_schema.tables where table_schema = $1 and table_name = $2", [t.schema, t.table]);
  if (found.length === 0) throw notFound(`there is no portfolio table ${t.schema}.${t.table}; load the unit's customers into the schema ${t.schema}`);
}

/** Rows per batch aimed at: the pages of the next batch are chosen from the rows per page seen so far. */
const TARGET_ROWS = 1000;
const MAX_PAGES = 8192;

export interface PortfolioLines {
  /** One JSON object per row (column name → value), one per line, in the table's order. */
  text: string;
  rows: number;
}

export async function* portfolioLines(database: Database, t: { schema: string; table: string; quoted: string }): AsyncGenerator<PortfolioLines> {
  // The table's pages when the run starts; each batch is a range of pages (a TID range scan),
  // sorted by position within the range only: continuing "after the last row" would sort the
  // whole rest of the table for every batch. The database writes each row as JSON text, one text
  // per batch: turning rows into JavaScript objects column by column costs the embedded database
  // about 130 µs a row. Numeric columns are written as decimal strings, as a driver gives them
  // (JSON numbers would lose nothing, but "12.50" as a number is not what a reader of numbers
  // prints back, so every such line would take the careful path).
  const [{ pages }] = await database.rows("select (pg_relation_size($1::regclass) / current_setting('block_size')::bigint)::integer as pages", [t.quoted]);
  const columns = await database.rows("select column_name as name, data_type as type from information_schema.columns where table_schema = $1 and table_name = $2 order by ordinal_position", [t.schema, t.table]);
  const list = columns.map(({ name, type }) => {
    const id = `"${String(name).replace(/"/g, '""')}"`;
    return `t.${id}${type === "numeric" ? "::text" : ""} as ${id}`;
  });
  const query = `select count(*)::integer as rows, string_agg(row_to_json(c)::text, E'\\n' order by t.ctid) as text
    from ${t.quoted} t cross join lateral (select ${list.join(", ")}) c
    where t.ctid >= $1::tid and t.ctid < $2::tid`;
  const batch = async (from: number, to: number) => {
    const [{ rows, text }] = await database.rows(query, [`(${from},0)`, `(${to},0)`]);
    return { from, to, rows: Number(rows), text: String(text) };
  };
  const total = Number(pages);
  let step = 16;
  // The next batch is asked for before this one is handed on: a database server works on it meanwhile.
  let next = total > 0 ? batch(0, Math.min(step, total)) : null;
  try {
    while (next !== null) {
      const b = await next;
      step = b.rows === 0 ? Math.min(MAX_PAGES, step * 2) : Math.max(1, Math.min(MAX_PAGES, Math.round(((b.to - b.from) * TARGET_ROWS) / b.rows)));
      next = b.to < total ? batch(b.to, Math.min(b.to + step, total)) : null;
      if (b.rows > 0) yield { text: b.text, rows: b.rows };
    }
  } finally {
    // Stopped early (the caller went away): the batch asked for is no one's to fail.
    next?.catch(() => undefined);
  }
}
