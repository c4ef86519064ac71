/** The decision log: look up a logged decision, replay it against its version, list a unit's decisions. */
import { isDeepStrictEqual } from "node:util";
import { and, desc, eq, lt, type SQL } from "drizzle-orm";
import type { Context } from "hono";
import { z } from "zod";
import { evaluate } from "../../engine/index.js";
import { requireCaller, roleIn } from "../auth/access.js";
import { atLeast } from "../auth/roles.js";
import type { AppEnv } from "../context.js";
import { businessUnits, decisions, rulesets } from "../db/schema.js";
import type { Api } from "../http/api.js";
import { parseExactJson, stringifyExactJson, toEngineFacts, validate } from "../http/body.js";
import { notFound } from "../http/errors.js";
import { requirePlan } from "../rulesets/compile-check.js";
import { requireVersion } from "../rulesets/store.js";
import { unitScope } from "./scope.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const ListQuery = z.object({
  ruleset: z.string().optional(),
  customerId: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  before: z.iso.datetime({ offset: true }).optional().describe("only decisions logged before this time (paging)"),
});

async function loadDecision(c: Context<AppEnv>) {
  const caller = requireCaller(c);
  const id = c.req.param("id") ?? "";
  const missing = notFound(`no decision ${id} is visible to you`);
  if (!UUID.test(id)) throw missing;
  const services = c.get("services");
  const [row] = await services.db
    .select({ decision: decisions, unitCode: businessUnits.code, rulesetName: rulesets.name })
    .from(decisions)
    .innerJoin(businessUnits, eq(businessUnits.id, decisions.businessUnitId))
    .innerJoin(rulesets, eq(rulesets.id, decisions.rulesetId))
    .where(eq(decisions.id, id))
    .limit(1);
  // Someone else's unit looks exactly like a decision that does not exist.
  const held = row ? roleIn(caller, row.unitCode) : null;
  if (!row || !held || !atLeast(held.role, "tester")) throw missing;
  return { services, ...row };
}

function decisionJson(row: { decision: typeof decisions.$inferSelect; unitCode: string; rulesetName: string }) {
  const d = row.decision;
  return {
    id: d.id,
    businessUnit: row.unitCode,
    ruleset: row.rulesetName,
    version: d.versionNumber,
    versionSha256: d.versionSha256,
    customerId: d.customerId,
    input: parseExactJson(d.input),
    output: d.output,
    caller: d.caller,
    requestId: d.requestId,
    createdAt: d.createdAt,
  };
}

export function decisionRoutes(api: Api): void {
  api.add(
    {
      method: "get",
      path: "/decisions/:id",
      tag: "decisions",
      summary: "A logged decision: version, hash, the exact input, the output, caller and time",
      access: "tester and above in the decision's unit",
    },
    async (c) => {
      const row = await loadDecision(c);
      return c.body(stringifyExactJson(decisionJson(row)), 200, { "Content-Type": "application/json" });
    },
  );

  api.add(
    {
      method: "post",
      path: "/decisions/:id/replay",
      tag: "decisions",
      summary: "Evaluate a logged decision's input again with its version; reports whether the result is identical",
      access: "tester and above in the decision's unit",
    },
    async (c) => {
      const row = await loadDecision(c);
      const { services, decision } = row;
      const [ruleset] = await services.db.select().from(rulesets).where(eq(rulesets.id, decision.rulesetId));
      const version = await requireVersion(services.db, ruleset, decision.versionNumber);
      const plan = requirePlan(services.plans.compile(version.source, version.sha256), `version ${version.number}`);
      const original = decision.output as Record<string, unknown>;
      const replayed = evaluate(plan, toEngineFacts(parseExactJson(decision.input)), {
        explain: original.explanation !== undefined,
        version: String(version.number),
      });
      // Compared as JSON values: jsonb does not keep key order.
      const same = isDeepStrictEqual(JSON.parse(JSON.stringify(replayed)), original);
      return c.json({ id: decision.id, version: version.number, versionSha256: version.sha256, same, original, replayed });
    },
  );

  api.add(
    {
      method: "get",
      path: "/business-units/:bu/decisions",
      tag: "decisions",
      summary: "The unit's logged decisions, newest first (filter by ruleset or customerId)",
      access: "tester and above in the unit",
      query: ListQuery,
    },
    async (c) => {
      const { services, access } = unitScope(c, "tester");
      const query = validate(ListQuery, c.req.query(), "query");
      const conditions: SQL[] = [eq(decisions.businessUnitId, access.unitId)];
      if (query.ruleset) conditions.push(eq(rulesets.name, query.ruleset));
      if (query.customerId) conditions.push(eq(decisions.customerId, query.customerId));
      if (query.before) conditions.push(lt(decisions.createdAt, new Date(query.before)));
      const rows = await services.db
        .select({ decision: decisions, rulesetName: rulesets.name })
        .from(decisions)
        .innerJoin(rulesets, eq(rulesets.id, decisions.rulesetId))
        .where(and(...conditions))
        .orderBy(desc(decisions.createdAt))
        .limit(query.limit);
      const body = rows.map((r) => decisionJson({ decision: r.decision, unitCode: access.unitCode, rulesetName: r.rulesetName }));
      return c.body(stringifyExactJson(body), 200, { "Content-Type": "application/json" });
    },
  );
}
