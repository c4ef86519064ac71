/**
 * Opens the database: embedded PGlite in a local folder by default, or a PostgreSQL server
 * when a connection URL is given. Both are driven through the same drizzle schema.
 */
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema.js";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export type DatabaseKind = "pglite" | "postgres";

export interface Database {
  db: Db;
  kind: DatabaseKind;
  /**
   * Subscribes to a NOTIFY channel; resolves once listening. `onRelisten` runs whenever the
   * subscription had to be re-established (notifications may have been missed meanwhile).
   * Returns the unsubscribe function.
   */
  listen(channel: string, onPayload: (payload: string) => void, onRelisten?: () => void): Promise<() => Promise<void>>;
  /**
   * Runs `fn` while holding a lock shared by every process on this database, so that
   * migrations and the first-start seed happen exactly once even when several servers start
   * together.
   */
  withStartupLock<T>(fn: () => Promise<T>): Promise<T>;
  /** Runs one SQL statement with $1… parameters and returns its rows (for tables outside the schema, e.g. portfolios). */
  rows(text: string, params: unknown[]): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

export type DatabaseLocation = { url: string } | { dataDir: string } | { memory: true };

/** An arbitrary constant: the advisory-lock key start-up uses. */
const STARTUP_LOCK_KEY = 7_305_114_411;

export async function openDatabase(location: DatabaseLocation): Promise<Database> {
  return "url" in location ? openPostgres(location.url) : openPglite(location);
}

async function openPglite(location: { dataDir: string } | { memory: true }): Promise<Database> {
  let client: PGlite;
  if ("dataDir" in location) {
    mkdirSync(location.dataDir, { recursive: true });
    client = new PGlite(location.dataDir);
  } else {
    client = new PGlite();
  }
  await client.waitReady;
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  return {
    db,
    kind: "pglite",
    async listen(channel, onPayload) {
      const unsubscribe = await client.listen(channel, onPayload);
      return async () => unsubscribe();
    },
    // PGlite is one process with an exclusive hold on its folder: nobody to coordinate with.
    withStartupLock: (fn) => fn(),
    rows: async (text, params) => (await client.query<Record<string, unknown>>(text, params)).rows,
    close: () => client.close(),
  };
}

async function openPostgres(url: string): Promise<Database> {
  const client = postgres(url, {
    max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
    onnotice: () => {},
    connection: { application_name: "credit-rules" },
  });
  const db = drizzlePostgres({ client, schema }) as unknown as Db;
  return {
    db,
    kind: "postgres",
    async listen(channel, onPayload, onRelisten) {
      let first = true;
      const request = await client.listen(channel, onPayload, () => {
        if (!first) onRelisten?.();
        first = false;
      });
      return () => request.unlisten();
    },
    async withStartupLock(fn) {
      const reserved = await client.reserve();
      try {
        await reserved`select pg_advisory_lock(${STARTUP_LOCK_KEY})`;
        try {
          return await fn();
        } finally {
          await reserved`select pg_advisory_unlock(${STARTUP_LOCK_KEY})`;
        }
      } finally {
        reserved.release();
      }
    },
    rows: async (text, params) => [...(await client.unsafe<Record<string, unknown>[]>(text, params as never[]))],
    close: () => client.end({ timeout: 5 }),
  };
}
