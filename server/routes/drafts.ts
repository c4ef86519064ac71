/** The draft of a ruleset: read, save with optimistic concurrency, open from the published version. */
import { z } from "zod";
import { callerName } from "../context.js";
import type { Api } from "../http/api.js";
import { jsonInt, readBody } from "../http/body.js";
import { notFound } from "../http/errors.js";
import { openDraftFromPublished, saveDraft } from "../rulesets/drafts.js";
import { findDraft } from "../rulesets/store.js";
import { rulesetScope } from "./scope.js";

const SaveBody = z.object({ source: z.string(), revision: jsonInt().pipe(z.number().int().min(0)) });

const DRAFT = "/business-units/:bu/rulesets/:name/draft";

export function draftRoutes(api: Api): void {
  api.add(
    {
      method: "get",
      path: DRAFT,
      tag: "drafts",
      summary: "The open draft (404 when there is none)",
      access: "any role in the unit",
    },
    async (c) => {
      const { services, ruleset } = await rulesetScope(c, "viewer");
      const draft = await findDraft(services.db, ruleset.id);
      if (!draft) throw notFound(`ruleset "${ruleset.name}" has no open draft`);
      return c.json({
        source: draft.source,
        revision: draft.revision,
        updatedBy: draft.updatedBy,
        updatedAt: draft.updatedAt,
        baseVersion: draft.baseVersion,
      });
    },
  );

  api.add(
    {
      method: "put",
      path: DRAFT,
      tag: "drafts",
      summary:
        "Save the draft. `revision` is the one you edited (0 to start a draft when none is open); a stale revision gets 409 with the current draft",
      access: "author, approver or admin in the unit",
      body: SaveBody,
    },
    async (c) => {
      const { services, access, ruleset } = await rulesetScope(c, "author");
      const body = await readBody(c, SaveBody);
      const saved = await saveDraft(services.db, services.currentVersions, ruleset, {
        source: body.source,
        revision: body.revision,
        actor: callerName(access.caller),
      });
      return c.json({ revision: saved.revision, updatedBy: saved.updatedBy, updatedAt: saved.updatedAt });
    },
  );

  api.add(
    {
      method: "post",
      path: DRAFT,
      tag: "drafts",
      summary: "Open a draft holding the source of the published version (409 if a draft is already open)",
      access: "author, approver or admin in the unit",
      status: 201,
    },
    async (c) => {
      const { services, access, ruleset } = await rulesetScope(c, "author");
      const saved = await openDraftFromPublished(services.db, services.currentVersions, ruleset, callerName(access.caller));
      return c.json(
        { source: saved.source, revision: saved.revision, updatedBy: saved.updatedBy, updatedAt: saved.updatedAt, baseVersion: saved.baseVersion },
        201,
      );
    },
  );
}
