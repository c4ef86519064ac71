/**
 * Customers from a PostgreSQL table, streamed with a cursor: batches of fact objects, so the
 * table never has to fit in memory. Column names are fact names; `numeric` columns arrive as
 * decimal strings (exact), `bigint` as text or BigInt, integers and booleans as themselves.
 *
 * Two drivers fit the same shape (an async iterable of row batches):
 *   postgresRows(sql, table)   the `postgres` package, for a PostgreSQL server
 *   pgliteRows(db, table)      PGlite (embedded PostgreSQL: the server's default store, tests)
 * openTableSource(url, table) picks one from a URL: postgres://… or pglite:<directory>.
 */
import type { PGlite } from "@electric-sql/pglite";
import type { Sql } from "postgres";

export type FactsRow = Record<string, unknown>;

export interface TableSource {
  batches: AsyncIterable<FactsRow[]>;
  close(): Promise<void>;
}

export interface TableOptions {
  /** Rows per fetch. */
  batchSize?: number;
  /** A column to order by, for a repeatable order (otherwise the table's physical order). */
  orderBy?: string;
}

const identifier = /^[A-Za-z_][A-Za-z0-9_$]*$/;

/** `name` or `schema.name`, each part a plain SQL identifier, quoted. */
export function quoteTableName(name: string, what = "table"): string {
  const parts = name.split(".");
  if (parts.length > 2 || !parts.every((p) => identifier.test(p))) {
    throw new Error(`${what} name ${JSON.stringify(name)} is not a plain SQL name (letters, digits, _; optionally schema.name)`);
  }
  return parts.map((p) => `"${p}"`).join(".");
}

function selectAll(table: string, options: TableOptions): string {
  const order = options.orderBy ? ` order by ${quoteTableName(options.orderBy, "column")}` : "";
  return `select * from ${quoteTableName(table)}${order}`;
}

export async function* postgresRows(sql: Sql, table: string, options: TableOptions = {}): AsyncGenerator<FactsRow[]> {
  const cursor = sql.unsafe(selectAll(table, options)).cursor(options.batchSize ?? 1000);
  for await (const rows of cursor) yield rows as unknown as FactsRow[];
}

export async function* pgliteRows(db: PGlite, table: string, options: TableOptions = {}): AsyncGenerator<FactsRow[]> {
  const size = options.batchSize ?? 1000;
  // A cursor lives inside a transaction; one connection, so plain BEGIN/COMMIT around it.
  await db.exec(`begin; declare customers_cursor no scroll cursor for ${selectAll(table, options)}`);
  let open = true;
  try {
    while (true) {
      const { rows } = await db.query<FactsRow>(`fetch ${size} from customers_cursor`);
      if (rows.length === 0) break;
      yield rows;
      if (rows.length < size) break;
    }
    await db.exec("close customers_cursor; commit");
    open = false;
  } finally {
    if (open) await db.exec("rollback");
  }
}

/** A source from a URL: postgres://… or postgresql://… (a server), pglite:<directory> (embedded). */
export async function openTableSource(url: string, table: string, options: TableOptions = {}): Promise<TableSource> {
  quoteTableName(table);
  if (options.orderBy) quoteTableName(options.orderBy, "column");
  if (url.startsWith("pglite:")) {
    const { PGlite } = await import("@electric-sql/pglite");
    const dir = url.slice("pglite:".length);
    const db = await PGlite.create(dir === "" ? undefined : dir);
    return { batches: pgliteRows(db, table, options), close: () => db.close() };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    const { default: postgres } = await import("postgres");
    const sql = postgres(url, { max: 1, onnotice: () => undefined });
    return { batches: postgresRows(sql, table, options), close: () => sql.end({ timeout: 5 }) };
  }
  throw new Error(`database URL must start with postgres://, postgresql:// or pglite: (got ${JSON.stringify(url.replace(/:[^:@/]*@/, ":***@"))})`);
}
