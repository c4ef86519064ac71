import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createApp } from "../../server/app.js";
import { DEFAULT_LIMITS } from "../../server/context.js";
import type { DatabaseLocation } from "../../server/db/connect.js";
import { users } from "../../server/db/schema.js";
import { startServices } from "../../server/services.js";
import { Client, onPostgres, scratchPostgresDatabase } from "./harness.js";

async function boot(database: DatabaseLocation, adminPassword: string | undefined) {
  const started = await startServices({
    database,
    adminPassword,
    limits: DEFAULT_LIMITS,
    sessionTtlMs: 3_600_000,
    secureCookies: false,
    log: () => {},
  });
  return { ...started, app: createApp(started.services) };
}

describe("restarting", () => {
  it("generates the admin password once, and a second start keeps all data without re-seeding", async () => {
    let database: DatabaseLocation;
    let cleanup: () => Promise<void>;
    if (onPostgres) {
      const scratch = await scratchPostgresDatabase();
      database = { url: scratch.url };
      cleanup = scratch.drop;
    } else {
      const dir = mkdtempSync(join(tmpdir(), "credit-rules-data-"));
      database = { dataDir: dir };
      cleanup = async () => rmSync(dir, { recursive: true, force: true });
    }
    try {
      const first = await boot(database, undefined);
      expect(first.seed.seeded).toBe(true);
      const password = first.seed.generatedPassword!;
      expect(password.length).toBeGreaterThanOrEqual(20);
      const [stored] = await first.services.db.select().from(users).where(eq(users.username, "admin"));
      expect(stored.passwordHash).toMatch(/^scrypt\$/);
      expect(stored.passwordHash).not.toContain(password);

      const admin = new Client(first.app);
      expect((await admin.login("admin", password)).status).toBe(200);
      const RETAIL = "/api/business-units/retail/rulesets/retail-abc";
      const source = (await admin.get(`${RETAIL}/versions/1`)).body.source;
      expect((await admin.put(`${RETAIL}/draft`, { source: source + "\n// kept\n", revision: 0 })).status).toBe(200);
      await first.close();

      const second = await boot(database, "a-different-password");
      expect(second.seed).toEqual({ seeded: false });
      const again = new Client(second.app);
      expect((await again.login("admin", "a-different-password")).status).toBe(401);
      expect((await again.login("admin", password)).status).toBe(200);
      expect((await again.get(`${RETAIL}/draft`)).body.source).toBe(source + "\n// kept\n");
      const list = await again.get("/api/rulesets");
      expect(list.body.map((r: any) => r.publishedVersion)).toEqual([1, 1]);
      await second.close();
    } finally {
      await cleanup();
    }
  });
});
