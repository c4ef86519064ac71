/** Rulesets: list, create, read, version history, validate and diff. */
import { createTwoFilesPatch } from "diff";
import { z } from "zod";
import { compile } from "../../engine/index.js";
import { requireCaller } from "../auth/access.js";
import { callerName } from "../context.js";
import type { Api } from "../http/api.js";
import { readBody, validate } from "../http/body.js";
import { createRuleset } from "../rulesets/drafts.js";
import { parseSelector, parseVersionNumber, resolveSource, type VersionSelector } from "../rulesets/resolve.js";
import { findDraft, listRulesets, listVersions, requireVersion, type VersionRow } from "../rulesets/store.js";
import { rulesetScope, unitScope } from "./scope.js";

const CreateBody = z.object({ name: z.string(), source: z.string() });
const ValidateBody = z.object({ source: z.string() });
const DiffQuery = z.object({ from: z.string().optional(), to: z.string().optional() });

const RULESET = "/business-units/:bu/rulesets/:name";

type VersionState = "active" | "scheduled" | "superseded";

/** Which of the versions is in force now; later ones with a future effective-from are scheduled. */
function versionStates(versions: VersionRow[], now = Date.now()): Map<number, VersionState> {
  const states = new Map<number, VersionState>();
  let activeFound = false;
  for (const v of [...versions].sort((a, b) => b.number - a.number)) {
    const effective = v.effectiveFrom === null || v.effectiveFrom.getTime() <= now;
    if (!effective) states.set(v.number, "scheduled");
    else if (!activeFound) {
      states.set(v.number, "active");
      activeFound = true;
    } else states.set(v.number, "superseded");
  }
  return states;
}

function versionSummary(v: VersionRow, state: VersionState | undefined) {
  return {
    version: v.number,
    sha256: v.sha256,
    status: v.status,
    state: state ?? "superseded",
    author: v.author,
    publisher: v.publisher,
    createdAt: v.createdAt,
    publishedAt: v.publishedAt,
    effectiveFrom: v.effectiveFrom,
    rolledBackFrom: v.rolledBackFrom,
  };
}

export function rulesetRoutes(api: Api): void {
  api.add(
    {
      method: "get",
      path: "/rulesets",
      tag: "rulesets",
      summary: "The rulesets the caller may see, across their business units",
      access: "signed in, or a bearer token",
      response: z.array(
        z.object({
          businessUnit: z.string(),
          name: z.string(),
          label: z.string().nullable(),
          publishedVersion: z.number().nullable(),
          hasDraft: z.boolean(),
        }),
      ),
    },
    async (c) => {
      const caller = requireCaller(c);
      const unitIds = caller.kind === "token" ? [caller.unitId] : [...caller.roles.values()].map((r) => r.unitId);
      return c.json(await listRulesets(c.get("services").db, unitIds));
    },
  );

  api.add(
    {
      method: "post",
      path: "/business-units/:bu/rulesets",
      tag: "rulesets",
      summary: "Create a ruleset; its source becomes the first draft (nothing is published yet)",
      access: "author, approver or admin in the unit",
      body: CreateBody,
      status: 201,
    },
    async (c) => {
      const { services, access } = unitScope(c, "author");
      const body = await readBody(c, CreateBody);
      const row = await createRuleset(services.db, { id: access.unitId, code: access.unitCode }, {
        name: body.name,
        source: body.source,
        actor: callerName(access.caller),
      });
      return c.json({ businessUnit: access.unitCode, name: row.name, publishedVersion: null, draft: { revision: 1 } }, 201);
    },
  );

  api.add(
    {
      method: "get",
      path: RULESET,
      tag: "rulesets",
      summary: "One ruleset: label, version in force, and the open draft's revision",
      access: "any role in the unit",
    },
    async (c) => {
      const { services, access, ruleset } = await rulesetScope(c, "viewer");
      const inForce = await services.currentVersions.get(ruleset.id);
      const draft = await findDraft(services.db, ruleset.id);
      return c.json({
        businessUnit: access.unitCode,
        name: ruleset.name,
        label: ruleset.label,
        publishedVersion: inForce?.number ?? null,
        publishedSha256: inForce?.sha256 ?? null,
        draft: draft
          ? { revision: draft.revision, updatedBy: draft.updatedBy, updatedAt: draft.updatedAt, baseVersion: draft.baseVersion }
          : null,
      });
    },
  );

  api.add(
    {
      method: "get",
      path: `${RULESET}/versions`,
      tag: "versions",
      summary: "Version history, newest first",
      access: "any role in the unit",
    },
    async (c) => {
      const { services, ruleset } = await rulesetScope(c, "viewer");
      const versions = await listVersions(services.db, ruleset.id);
      const states = versionStates(versions);
      return c.json(versions.map((v) => versionSummary(v, states.get(v.number))));
    },
  );

  api.add(
    {
      method: "get",
      path: `${RULESET}/versions/:n`,
      tag: "versions",
      summary: "One published version with its source",
      access: "any role in the unit",
    },
    async (c) => {
      const { services, ruleset } = await rulesetScope(c, "viewer");
      const number = parseVersionNumber(c.req.param("n"));
      const version = await requireVersion(services.db, ruleset, number);
      const states = versionStates(await listVersions(services.db, ruleset.id));
      return c.json({ ...versionSummary(version, states.get(version.number)), source: version.source });
    },
  );

  api.add(
    {
      method: "post",
      path: `${RULESET}/validate`,
      tag: "rulesets",
      summary: "Compile a source text and return its diagnostics (nothing is saved)",
      access: "any role in the unit",
      body: ValidateBody,
    },
    async (c) => {
      await rulesetScope(c, "viewer");
      const body = await readBody(c, ValidateBody);
      const { plan, diagnostics } = compile(body.source);
      return c.json({ ok: plan !== null, name: plan?.name ?? null, diagnostics });
    },
  );

  api.add(
    {
      method: "get",
      path: `${RULESET}/diff`,
      tag: "versions",
      summary: "Unified diff between two versions, or a version and the draft (default: published → draft)",
      access: "any role in the unit",
      query: DiffQuery,
    },
    async (c) => {
      const { services, ruleset } = await rulesetScope(c, "viewer");
      const query = validate(DiffQuery, c.req.query(), "query");
      const from: VersionSelector = parseSelector(query.from, "published");
      const to: VersionSelector = parseSelector(query.to, "draft");
      const a = await resolveSource(services, ruleset, from);
      const b = await resolveSource(services, ruleset, to);
      const name = (label: string) => `${ruleset.name}@${label === "draft" ? "draft" : `v${label}`}`;
      return c.json({
        from: a.label,
        to: b.label,
        fromSha256: a.sha256,
        toSha256: b.sha256,
        fromSource: a.source,
        toSource: b.source,
        unified: createTwoFilesPatch(name(a.label), name(b.label), a.source, b.source, undefined, undefined, { context: 3 }),
      });
    },
  );
}
