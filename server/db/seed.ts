/**
 * The first start: business units `trading` and `retail`, their reference rulesets published
 * as version 1, and the user `admin`. Runs only on an empty database, in one transaction, so
 * a second start never re-seeds or resets anything.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { recordAudit } from "../audit.js";
import { generatePassword, hashPassword } from "../auth/passwords.js";
import { sha256Hex } from "../auth/secrets.js";
import { rulesetsFolder } from "../paths.js";
import type { PlanCache } from "../rulesets/plan-cache.js";
import type { Db } from "./connect.js";
import { businessUnits, memberships, rulesets, rulesetVersions, users } from "./schema.js";

export const SEED_UNITS = [
  { code: "trading", name: "Trading", ruleset: "trading-standard" },
  { code: "retail", name: "Retail", ruleset: "retail-abc" },
] as const;

const SEED_ACTOR = "system";

export interface SeedResult {
  seeded: boolean;
  /** Set when the admin password was generated: print it once, it is stored only hashed. */
  generatedPassword?: string;
}

export async function seedIfEmpty(db: Db, plans: PlanCache, adminPassword: string | undefined): Promise<SeedResult> {
  const existing = await db.select({ id: businessUnits.id }).from(businessUnits).limit(1);
  if (existing.length > 0) return { seeded: false };

  const sources = SEED_UNITS.map((unit) => {
    const file = join(rulesetsFolder, `${unit.ruleset}.rules`);
    const source = readFileSync(file, "utf8");
    const { plan, diagnostics } = plans.compile(source);
    if (!plan) {
      const first = diagnostics.find((d) => d.severity === "error");
      throw new Error(`reference ruleset ${file} does not compile: line ${first?.span.line}: ${first?.message}`);
    }
    return { unit, source, label: plan.label ?? null };
  });
  const password = adminPassword ?? generatePassword();
  const passwordHash = await hashPassword(password);

  await db.transaction(async (tx) => {
    const [admin] = await tx.insert(users).values({ username: "admin", passwordHash }).returning();
    for (const { unit, source, label } of sources) {
      const [row] = await tx.insert(businessUnits).values({ code: unit.code, name: unit.name }).returning();
      await tx.insert(memberships).values({ userId: admin.id, businessUnitId: row.id, role: "admin" });
      const [ruleset] = await tx
        .insert(rulesets)
        .values({ businessUnitId: row.id, name: unit.ruleset, label, createdBy: SEED_ACTOR })
        .returning();
      const sha256 = sha256Hex(source);
      await tx.insert(rulesetVersions).values({
        rulesetId: ruleset.id,
        number: 1,
        source,
        sha256,
        author: SEED_ACTOR,
        publisher: SEED_ACTOR,
      });
      await recordAudit(tx, {
        unitId: row.id,
        actor: SEED_ACTOR,
        action: "version.publish",
        target: `ruleset:${unit.ruleset}`,
        after: sha256,
        details: { version: 1, seed: true },
      });
    }
  });
  return adminPassword ? { seeded: true } : { seeded: true, generatedPassword: password };
}
