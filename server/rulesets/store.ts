/** Reading rulesets, their versions and drafts. Changes live in drafts.ts and publish.ts. */
import { and, desc, eq, inArray, isNotNull, isNull, lte, or, sql } from "drizzle-orm";
import type { Db } from "../db/connect.js";
import { businessUnits, drafts, rulesets, rulesetVersions } from "../db/schema.js";
import { notFound } from "../http/errors.js";

export type RulesetRow = typeof rulesets.$inferSelect;
export type VersionRow = typeof rulesetVersions.$inferSelect;
export type DraftRow = typeof drafts.$inferSelect;
/** What identifies a ruleset; never changes once created (rulesets are not renamed or deleted). */
export type RulesetRef = Pick<RulesetRow, "id" | "name" | "businessUnitId">;

export async function findRuleset(db: Db, unitId: number, name: string): Promise<RulesetRow | null> {
  const rows = await db
    .select()
    .from(rulesets)
    .where(and(eq(rulesets.businessUnitId, unitId), eq(rulesets.name, name)))
    .limit(1);
  return rows[0] ?? null;
}

export async function requireRuleset(db: Db, unitId: number, unitCode: string, name: string): Promise<RulesetRow> {
  const row = await findRuleset(db, unitId, name);
  if (!row) throw notFound(`business unit "${unitCode}" has no ruleset "${name}"`);
  return row;
}

export async function findVersion(db: Db, rulesetId: number, number: number): Promise<VersionRow | null> {
  const rows = await db
    .select()
    .from(rulesetVersions)
    .where(and(eq(rulesetVersions.rulesetId, rulesetId), eq(rulesetVersions.number, number)))
    .limit(1);
  return rows[0] ?? null;
}

export async function requireVersion(db: Db, ruleset: RulesetRef, number: number): Promise<VersionRow> {
  const row = await findVersion(db, ruleset.id, number);
  if (!row) throw notFound(`ruleset "${ruleset.name}" has no version ${number}`);
  return row;
}

export async function listVersions(db: Db, rulesetId: number): Promise<VersionRow[]> {
  return db.select().from(rulesetVersions).where(eq(rulesetVersions.rulesetId, rulesetId)).orderBy(desc(rulesetVersions.number));
}

/** The open draft, or null when there is none (the row may still exist to keep the revision counter). */
export async function findDraft(db: Db, rulesetId: number): Promise<(DraftRow & { source: string }) | null> {
  const rows = await db.select().from(drafts).where(eq(drafts.rulesetId, rulesetId)).limit(1);
  const row = rows[0];
  return row && row.source !== null ? { ...row, source: row.source } : null;
}

export interface RulesetSummary {
  businessUnit: string;
  name: string;
  label: string | null;
  publishedVersion: number | null;
  hasDraft: boolean;
}

/** The rulesets of the given units with the version in force now and whether a draft is open. */
export async function listRulesets(db: Db, unitIds: number[], now = new Date()): Promise<RulesetSummary[]> {
  if (unitIds.length === 0) return [];
  const inForce = db
    .select({
      rulesetId: rulesetVersions.rulesetId,
      number: sql<number>`max(${rulesetVersions.number})`.as("number"),
    })
    .from(rulesetVersions)
    .where(or(isNull(rulesetVersions.effectiveFrom), lte(rulesetVersions.effectiveFrom, now)))
    .groupBy(rulesetVersions.rulesetId)
    .as("in_force");
  const rows = await db
    .select({
      businessUnit: businessUnits.code,
      name: rulesets.name,
      label: rulesets.label,
      publishedVersion: inForce.number,
      draftSource: drafts.rulesetId,
    })
    .from(rulesets)
    .innerJoin(businessUnits, eq(businessUnits.id, rulesets.businessUnitId))
    .leftJoin(inForce, eq(inForce.rulesetId, rulesets.id))
    .leftJoin(drafts, and(eq(drafts.rulesetId, rulesets.id), isNotNull(drafts.source)))
    .where(inArray(rulesets.businessUnitId, unitIds))
    .orderBy(businessUnits.code, rulesets.name);
  return rows.map((r) => ({
    businessUnit: r.businessUnit,
    name: r.name,
    label: r.label,
    publishedVersion: r.publishedVersion === null ? null : Number(r.publishedVersion),
    hasDraft: r.draftSource !== null,
  }));
}

/**
 * Ruleset lookups for the evaluate path, remembered per process. Safe to keep for good: a
 * ruleset's id, name and unit never change, and unknown names are not remembered.
 */
export class RulesetRefs {
  private readonly refs = new Map<string, RulesetRef>();

  async require(db: Db, unitId: number, unitCode: string, name: string): Promise<RulesetRef> {
    const key = `${unitId}/${name}`;
    const hit = this.refs.get(key);
    if (hit) return hit;
    const row = await requireRuleset(db, unitId, unitCode, name);
    const ref = { id: row.id, name: row.name, businessUnitId: row.businessUnitId };
    if (this.refs.size < 100_000) this.refs.set(key, ref);
    return ref;
  }
}
