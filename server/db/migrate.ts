/** Applies the committed drizzle-kit migrations (server/db/migrations) to the open database. */
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import type { PostgresJsDatabase } from "drizzle-orm/postgres-js";
import { migrationsFolder } from "../paths.js";
import type { Database } from "./connect.js";

export async function runMigrations(database: Database): Promise<void> {
  // The two migrators are the same code behind different session types.
  if (database.kind === "pglite") {
    await migratePglite(database.db as unknown as PgliteDatabase, { migrationsFolder });
  } else {
    await migratePostgres(database.db as unknown as PostgresJsDatabase, { migrationsFolder });
  }
}
