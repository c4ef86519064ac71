/**
 * Creating rulesets and saving drafts. Saves use optimistic concurrency: the caller sends the
 * revision it edited, and a save against any other revision is refused with 409 and the
 * current draft, so two editors never silently overwrite each other.
 */
import { eq } from "drizzle-orm";
import { recordAudit } from "../audit.js";
import { sha256Hex } from "../auth/secrets.js";
import type { Db } from "../db/connect.js";
import { isUniqueViolation } from "../db/errors.js";
import { drafts, rulesets } from "../db/schema.js";
import { badRequest, conflict } from "../http/errors.js";
import type { CurrentVersions } from "./current-versions.js";
import { RULESET_NAME, rulesetNameMessage } from "./ruleset-name.js";
import { findDraft, findVersion, type DraftRow, type RulesetRow } from "./store.js";

export async function createRuleset(
  db: Db,
  unit: { id: number; code: string },
  input: {
    name: string;
    source: string;
    actor: string;
    /** How the source came to be, for the audit log (default: `ruleset.create`, written by hand). */
    origin?: { action: string; details: Record<string, unknown> };
  },
): Promise<RulesetRow> {
  if (!RULESET_NAME.test(input.name)) {
    throw badRequest(rulesetNameMessage("format", input.name));
  }
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(rulesets)
        .values({ businessUnitId: unit.id, name: input.name, createdBy: input.actor })
        .returning();
      // A new ruleset starts as a draft: nothing is in force until an approver publishes it.
      await tx.insert(drafts).values({ rulesetId: row.id, source: input.source, revision: 1, updatedBy: input.actor });
      await recordAudit(tx, {
        unitId: unit.id,
        actor: input.actor,
        action: input.origin?.action ?? "ruleset.create",
        target: `ruleset:${input.name}`,
        after: sha256Hex(input.source),
        details: input.origin?.details,
      });
      return row;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(`business unit "${unit.code}" already has a ruleset "${input.name}"`);
    throw error;
  }
}

function staleRevision(current: DraftRow | null, message: string) {
  return conflict(message, {
    currentRevision: current?.revision ?? 0,
    source: current?.source ?? null,
    updatedBy: current?.updatedBy ?? null,
    updatedAt: current?.updatedAt ?? null,
  });
}

/**
 * Saves the draft if `revision` is the current one. With no open draft, revision 0 (or the
 * counter's current value) starts one. Returns the new revision.
 */
export async function saveDraft(
  db: Db,
  currentVersions: CurrentVersions,
  ruleset: RulesetRow,
  input: { source: string; revision: number; actor: string },
): Promise<DraftRow> {
  const inForce = await currentVersions.get(ruleset.id);
  try {
    return await db.transaction(async (tx) => {
      const locked = await tx.select().from(drafts).where(eq(drafts.rulesetId, ruleset.id)).for("update");
      const row = locked[0] ?? null;
      const open = row !== null && row.source !== null;
      const accepted = open ? input.revision === row.revision : input.revision === 0 || input.revision === row?.revision;
      if (!accepted) {
        throw staleRevision(
          open ? row : null,
          open
            ? `the draft was changed (now revision ${row.revision}, by ${row.updatedBy}); reload it and apply your edits again`
            : `there is no open draft; save with revision 0 to start one`,
        );
      }
      const values = {
        source: input.source,
        revision: (row?.revision ?? 0) + 1,
        updatedBy: input.actor,
        updatedAt: new Date(),
        baseVersion: open ? row.baseVersion : (inForce?.number ?? null),
      };
      const [saved] = row
        ? await tx.update(drafts).set(values).where(eq(drafts.rulesetId, ruleset.id)).returning()
        : await tx.insert(drafts).values({ rulesetId: ruleset.id, ...values }).returning();
      await recordAudit(tx, {
        unitId: ruleset.businessUnitId,
        actor: input.actor,
        action: "draft.save",
        target: `ruleset:${ruleset.name}`,
        before: open ? sha256Hex(row.source!) : (inForce?.sha256 ?? null),
        after: sha256Hex(input.source),
        details: { revision: saved.revision },
      });
      return saved;
    });
  } catch (error) {
    // Two first saves racing to insert the row: the loser sees the winner's draft.
    if (isUniqueViolation(error)) throw staleRevision(await findDraft(db, ruleset.id), "the draft was created by someone else meanwhile");
    throw error;
  }
}

/** Opens a draft holding the source of the version in force. 409 when a draft is already open. */
export async function openDraftFromPublished(
  db: Db,
  currentVersions: CurrentVersions,
  ruleset: RulesetRow,
  actor: string,
): Promise<DraftRow> {
  const existing = await findDraft(db, ruleset.id);
  if (existing) throw staleRevision(existing, "a draft is already open for this ruleset");
  const inForce = await currentVersions.get(ruleset.id);
  if (!inForce) throw conflict(`ruleset "${ruleset.name}" has no published version to start a draft from`);
  const version = await findVersion(db, ruleset.id, inForce.number);
  const counter = await db.select({ revision: drafts.revision }).from(drafts).where(eq(drafts.rulesetId, ruleset.id));
  return saveDraft(db, currentVersions, ruleset, {
    source: version!.source,
    revision: counter[0]?.revision ?? 0,
    actor,
  });
}
