/**
 * A business unit's portfolio table in the server's own database, read in batches of rows: the
 * customers of `POST …/impact/portfolio`. A unit's tables live in the schema
 * `portfolio_<unit code>` (loaded there by whoever keeps the portfolio: an ERP export, a nightly
 * job); a caller names only the table, so a unit reads its own schema and nothing else.
 *
 * Each batch is one short query that continues after the last row's physical position
 * (`ctid`), so no transaction or lock is held while the customers are decided, whatever the
 * table's size (one connection is all the embedded database has). Rows come in the table's
 * physical order; rows written while the run goes on may or may not be seen. Column names are
 * fact names; `numeric` columns arrive as decimal strings and stay exact.
 */
import type { Database } from "../db/connect.js";
import { quoteTableName } from "../../cli/table-source.js";
import { badRequest, notFound } from "../http/errors.js";

/** The column the reader adds to each row for its position (removed before the row is used). */
const POSITION = "credit_rules_row_position";

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

export async function* portfolioRows(database: Database, quoted: string, batchSize: number): AsyncGenerator<Record<string, unknown>[]> {
  const query = `select ctid::text as ${POSITION}, * from ${quoted} where ctid > $1::tid order by ctid limit ${Math.max(1, Math.floor(batchSize))}`;
  let after = "(0,0)";
  for (;;) {
    const rows = await database.rows(query, [after]);
    if (rows.length === 0) return;
    after = String(rows[rows.length - 1][POSITION]);
    for (const row of rows) delete row[POSITION];
    yield rows;
  }
}
