/**
 * Evaluation (contracts/http-api.md): one customer's facts or `{"customers":[…]}` against the
 * published version, `version=N`, or `version=draft`. Evaluations of published versions are
 * written to the decision log.
 */
import type { Context } from "hono";
import { isErrorRecord, type EvaluationRecord } from "../../engine/record.js";
import { requireCaller, requireUnitRole } from "../auth/access.js";
import { callerName, type AppEnv } from "../context.js";
import { logDecisions } from "../evaluation/decision-log.js";
import { deadlineAfter, runPlan } from "../evaluation/run.js";
import type { Api } from "../http/api.js";
import { readExactJson, type ExactJson } from "../http/body.js";
import { badRequest, tooLarge } from "../http/errors.js";
import { parseSelector, resolvePlan } from "../rulesets/resolve.js";
import { flag } from "./scope.js";
import { z } from "zod";

const EvaluateQuery = z.object({
  version: z.string().optional().describe('a version number, "draft" (tester and above) or "published" (the default)'),
  explain: z.string().optional().describe("1 to add the explanation of each decision"),
});

/** Splits the body into customers: a single facts object, or `{"customers": [...]}`. */
export function customersOf(body: ExactJson, maxBatch: number): { customers: ExactJson[]; batch: boolean } {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw badRequest('send one customer\'s facts as a JSON object, or {"customers": [ ... ]}');
  }
  const maybe = (body as Record<string, unknown>).customers;
  if (maybe === undefined) return { customers: [body], batch: false };
  if (!Array.isArray(maybe)) throw badRequest('"customers" must be an array of customer facts');
  if (maybe.length > maxBatch) {
    throw tooLarge(`a batch holds at most ${maxBatch} customers; this one has ${maybe.length}`, {
      limit: maxBatch,
      received: maybe.length,
    });
  }
  return { customers: maybe, batch: true };
}

function respond(c: Context<AppEnv>, records: (EvaluationRecord & { decisionId?: string })[], batch: boolean): Response {
  if (!batch) {
    // A single customer with bad facts is a bad request; its error record already has the
    // API's error shape ({"error":{"code","message",…}}).
    return c.json(records[0], isErrorRecord(records[0]) ? 400 : 200);
  }
  if ((c.req.header("Accept") ?? "").includes("application/x-ndjson")) {
    return c.body(records.map((r) => JSON.stringify(r)).join("\n") + "\n", 200, { "Content-Type": "application/x-ndjson" });
  }
  return c.json({ records });
}

export function evaluateRoutes(api: Api): void {
  api.add(
    {
      method: "post",
      path: "/business-units/:bu/rulesets/:name/evaluate",
      tag: "evaluation",
      summary:
        'Evaluate one customer (body: the facts; answer: its decision record, or 400 with its error record) or a batch (body: {"customers":[…]}; answer: {"records":[…]} in input order, or JSON lines with Accept: application/x-ndjson)',
      access: "tester and above in the unit, or any bearer token of the unit; version=draft needs tester and above",
      query: EvaluateQuery,
    },
    async (c) => {
      const services = c.get("services");
      const caller = requireCaller(c);
      const unitCode = c.req.param("bu") ?? "";
      const selector = parseSelector(c.req.query("version"));
      // Systems evaluate production decisions with any token of the unit; people need tester.
      const needed = selector === "draft" || caller.kind === "user" ? "tester" : "viewer";
      const access = requireUnitRole(c, unitCode, needed);
      const ruleset = await services.rulesetRefs.require(services.db, access.unitId, unitCode, c.req.param("name") ?? "");
      const explain = flag(c.req.query("explain"));
      const { customers, batch } = customersOf(await readExactJson(c), services.limits.maxBatch);

      const deadline = deadlineAfter(services.limits.maxEvaluationMs);
      const resolved = await resolvePlan(services, ruleset, selector);
      const records: (EvaluationRecord & { decisionId?: string })[] = runPlan(
        resolved.plan,
        customers,
        { explain, version: resolved.label, deadline },
        services.limits.maxEvaluationMs,
      );
      if (resolved.number !== null) {
        const ids = await logDecisions(
          services.decisions,
          {
            unitId: access.unitId,
            rulesetId: ruleset.id,
            versionNumber: resolved.number,
            versionSha256: resolved.sha256,
            caller: callerName(caller),
            requestId: c.get("requestId"),
          },
          customers,
          records,
        );
        ids.forEach((id, i) => {
          records[i] = { ...records[i], decisionId: id };
        });
      }
      return respond(c, records, batch);
    },
  );
}
