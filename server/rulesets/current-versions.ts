/**
 * Which version of a ruleset is in force, cached per process. Every publish sends a NOTIFY
 * on VERSIONS_CHANNEL inside its transaction; each server process listens and drops its
 * entry, so a version published through one process is used by all of them at once.
 */
import { and, asc, desc, eq, gt, isNull, lte, or } from "drizzle-orm";
import type { Db } from "../db/connect.js";
import { rulesetVersions } from "../db/schema.js";

export const VERSIONS_CHANNEL = "credit_rules_versions";

export interface VersionRef {
  rulesetId: number;
  number: number;
  sha256: string;
}

interface Entry {
  version: VersionRef | null;
  /** When a scheduled version (effective-from in the future) takes over; the entry expires then. */
  validUntil: number;
}

export class CurrentVersions {
  private readonly entries = new Map<number, Entry>();
  /** Bumped on every invalidation, so a lookup that raced with a publish is not cached. */
  private generation = 0;

  constructor(private readonly db: Db) {}

  async get(rulesetId: number, now = new Date()): Promise<VersionRef | null> {
    const hit = this.entries.get(rulesetId);
    if (hit && hit.validUntil > now.getTime()) return hit.version;
    const generation = this.generation;
    const entry = await lookup(this.db, rulesetId, now);
    if (generation === this.generation) this.entries.set(rulesetId, entry);
    return entry.version;
  }

  invalidate(rulesetId: number): void {
    this.generation++;
    this.entries.delete(rulesetId);
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
  }
}

async function lookup(db: Db, rulesetId: number, now: Date): Promise<Entry> {
  const inForce = await db
    .select({ rulesetId: rulesetVersions.rulesetId, number: rulesetVersions.number, sha256: rulesetVersions.sha256 })
    .from(rulesetVersions)
    .where(
      and(
        eq(rulesetVersions.rulesetId, rulesetId),
        or(isNull(rulesetVersions.effectiveFrom), lte(rulesetVersions.effectiveFrom, now)),
      ),
    )
    .orderBy(desc(rulesetVersions.number))
    .limit(1);
  const version = inForce[0] ?? null;
  const next = await db
    .select({ effectiveFrom: rulesetVersions.effectiveFrom })
    .from(rulesetVersions)
    .where(
      and(
        eq(rulesetVersions.rulesetId, rulesetId),
        gt(rulesetVersions.effectiveFrom, now),
        gt(rulesetVersions.number, version?.number ?? 0),
      ),
    )
    .orderBy(asc(rulesetVersions.effectiveFrom))
    .limit(1);
  const validUntil = next[0]?.effectiveFrom?.getTime() ?? Number.POSITIVE_INFINITY;
  return { version, validUntil };
}
