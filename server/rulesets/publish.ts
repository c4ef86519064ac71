/**
 * Publishing (maker-checker) and rollback. Each runs in one transaction that locks the
 * ruleset row, so version numbers are assigned one at a time, and a crash at any point leaves
 * either the old state or the whole new version — never a half-written one.
 */
import { eq, sql } from "drizzle-orm";
import { recordAudit } from "../audit.js";
import { sha256Hex } from "../auth/secrets.js";
import type { Db } from "../db/connect.js";
import { isUniqueViolation } from "../db/errors.js";
import { drafts, rulesets, rulesetVersions } from "../db/schema.js";
import { ApiError, conflict } from "../http/errors.js";
import { requirePublishable } from "./compile-check.js";
import { VERSIONS_CHANNEL, type CurrentVersions } from "./current-versions.js";
import type { PlanCache } from "./plan-cache.js";
import { requireVersion, type RulesetRow, type VersionRow } from "./store.js";

export interface PublishDeps {
  db: Db;
  plans: PlanCache;
  currentVersions: CurrentVersions;
}

async function lockRuleset(tx: Db, rulesetId: number): Promise<void> {
  await tx.select({ id: rulesets.id }).from(rulesets).where(eq(rulesets.id, rulesetId)).for("update");
}

async function nextNumber(tx: Db, rulesetId: number): Promise<number> {
  const [row] = await tx
    .select({ max: sql<number | null>`max(${rulesetVersions.number})` })
    .from(rulesetVersions)
    .where(eq(rulesetVersions.rulesetId, rulesetId));
  return Number(row?.max ?? 0) + 1;
}

/** Tells every server process (this one included) that the ruleset's versions changed; sent on commit. */
async function announce(tx: Db, rulesetId: number): Promise<void> {
  await tx.execute(sql`select pg_notify(${VERSIONS_CHANNEL}, ${String(rulesetId)})`);
}

export async function publishDraft(
  deps: PublishDeps,
  ruleset: RulesetRow,
  input: { revision: number; actor: string; effectiveFrom: Date | null },
): Promise<VersionRow> {
  // Read before the transaction: PGlite serves one transaction at a time, so a query outside
  // it from inside would wait forever.
  const before = (await deps.currentVersions.get(ruleset.id))?.sha256 ?? null;
  const version = await deps.db
    .transaction(async (tx) => {
      await lockRuleset(tx, ruleset.id);
      const [draft] = await tx.select().from(drafts).where(eq(drafts.rulesetId, ruleset.id));
      if (!draft || draft.source === null) {
        throw conflict("there is no open draft to publish (it may just have been published)", {
          currentRevision: draft?.revision ?? 0,
        });
      }
      if (draft.revision !== input.revision) {
        throw conflict(`the draft changed since you reviewed it (now revision ${draft.revision}, by ${draft.updatedBy})`, {
          currentRevision: draft.revision,
          updatedBy: draft.updatedBy,
        });
      }
      if (draft.updatedBy === input.actor) {
        throw new ApiError(
          403,
          "maker_checker",
          `you made the last change to this draft, so someone else with the approver role must publish it`,
        );
      }
      const sha256 = sha256Hex(draft.source);
      const plan = requirePublishable(deps.plans, draft.source, sha256, ruleset.name);
      const number = await nextNumber(tx, ruleset.id);
      const [row] = await tx
        .insert(rulesetVersions)
        .values({
          rulesetId: ruleset.id,
          number,
          source: draft.source,
          sha256,
          author: draft.updatedBy,
          publisher: input.actor,
          effectiveFrom: input.effectiveFrom,
        })
        .returning();
      await tx
        .update(drafts)
        .set({ source: null, revision: draft.revision + 1, baseVersion: number, updatedBy: input.actor, updatedAt: new Date() })
        .where(eq(drafts.rulesetId, ruleset.id));
      await tx.update(rulesets).set({ label: plan.label ?? null }).where(eq(rulesets.id, ruleset.id));
      await recordAudit(tx, {
        unitId: ruleset.businessUnitId,
        actor: input.actor,
        action: "version.publish",
        target: `ruleset:${ruleset.name}`,
        before,
        after: sha256,
        details: { version: number, author: draft.updatedBy, draftRevision: draft.revision, effectiveFrom: input.effectiveFrom },
      });
      await announce(tx, ruleset.id);
      return row;
    })
    .catch((error: unknown) => {
      if (isUniqueViolation(error)) throw conflict("another version was published at the same moment; reload and retry");
      throw error;
    });
  deps.currentVersions.invalidate(ruleset.id);
  return version;
}

/** Publishes the source of an earlier version as a new version. */
export async function rollbackTo(
  deps: PublishDeps,
  ruleset: RulesetRow,
  input: { version: number; actor: string },
): Promise<VersionRow> {
  const target = await requireVersion(deps.db, ruleset, input.version);
  const before = (await deps.currentVersions.get(ruleset.id))?.sha256 ?? null;
  const version = await deps.db.transaction(async (tx) => {
    await lockRuleset(tx, ruleset.id);
    const number = await nextNumber(tx, ruleset.id);
    const [row] = await tx
      .insert(rulesetVersions)
      .values({
        rulesetId: ruleset.id,
        number,
        source: target.source,
        sha256: target.sha256,
        author: target.author,
        publisher: input.actor,
        rolledBackFrom: target.number,
      })
      .returning();
    const plan = deps.plans.compile(target.source, target.sha256).plan;
    await tx.update(rulesets).set({ label: plan?.label ?? null }).where(eq(rulesets.id, ruleset.id));
    await recordAudit(tx, {
      unitId: ruleset.businessUnitId,
      actor: input.actor,
      action: "version.rollback",
      target: `ruleset:${ruleset.name}`,
      before,
      after: target.sha256,
      details: { version: number, sourceOf: target.number },
    });
    await announce(tx, ruleset.id);
    return row;
  });
  deps.currentVersions.invalidate(ruleset.id);
  return version;
}
