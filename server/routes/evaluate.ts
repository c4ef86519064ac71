/**
 * Evaluation (contracts/http-api.md): one customer's facts or `{"customers":[…]}` against the
 * published version, `version=N`, or `version=draft`. Evaluations of published versions are
 * written to the decision log. A JSON-lines body (Content-Type: application/x-ndjson) is a
 * stream of any length, evaluated on the worker threads (server/evaluation/evaluate-stream.ts).
 *
 * One customer stays on the request's own thread: a worker round trip costs more than the
 * evaluation itself (docs/performance.md, "Server batch endpoint").
 */
import type { Context } from "hono";
import { isErrorRecord, type EvaluationRecord } from "../../engine/record.js";
import { requireCaller, requireUnitRole } from "../auth/access.js";
import { callerName, type AppEnv } from "../context.js";
import { logDecisions, type LogContext } from "../evaluation/decision-log.js";
import { customersOf } from "../evaluation/customers-of.js";
import { evaluateStream, logRows, type StreamCounts } from "../evaluation/evaluate-stream.js";
import { deadlineAfter, runPlan } from "../evaluation/run.js";
import type { Api } from "../http/api.js";
import { isJsonLines, parseBodyText } from "../http/body.js";
import { jsonLinesAnswer } from "../http/json-lines-answer.js";
import { badRequest, refused } from "../http/errors.js";
import { parseSelector, resolveCompiled, resolvePlan } from "../rulesets/resolve.js";
import type { RulesetRef } from "../rulesets/store.js";
import { flag } from "./scope.js";
import { z } from "zod";

const EvaluateQuery = z.object({
  version: z.string().optional().describe('a version number, "draft" (tester and above) or "published" (the default)'),
  explain: z.string().optional().describe("1 to add the explanation of each decision"),
});

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

const decoder = new TextDecoder();

/**
 * A body past the inline size (a batch of many customers) is parsed, decided and written on an
 * evaluation worker: parsing and deciding a thousand customers would hold the request thread,
 * and every other request, for a good part of a second. Same answer as the inline path.
 */
async function batchOnWorker(c: Context<AppEnv>, ruleset: RulesetRef, unitId: number, selector: ReturnType<typeof parseSelector>, explain: boolean, body: Uint8Array): Promise<Response> {
  const services = c.get("services");
  const budgetMs = services.limits.maxEvaluationMs;
  const deadline = performance.timeOrigin + deadlineAfter(budgetMs);
  const resolved = await resolveCompiled(services, ruleset, selector);
  const result = await services.evaluationPool.run({
    kind: "batch",
    sha256: resolved.sha256,
    source: resolved.source,
    explain,
    version: resolved.label,
    log: resolved.number !== null,
    body,
    maxBatch: services.limits.maxBatch,
    budgetMs,
    deadline,
  });
  if (!result.ok) throw refused(result);
  if (resolved.number !== null && result.rows) {
    const context: LogContext = { unitId, rulesetId: ruleset.id, versionNumber: resolved.number, versionSha256: resolved.sha256, caller: callerName(requireCaller(c)), requestId: c.get("requestId") };
    await services.decisions.write(logRows(context, result.rows));
  }
  const json = { "Content-Type": "application/json" };
  if (!result.batch) return c.body(result.records[0], result.errors > 0 ? 400 : 200, json);
  if ((c.req.header("Accept") ?? "").includes("application/x-ndjson")) {
    return c.body(`${result.records.join("\n")}\n`, 200, { "Content-Type": "application/x-ndjson" });
  }
  return c.body(`{"records":[${result.records.join(",")}]}`, 200, json);
}

/**
 * The JSON-lines answer, streamed: records in input order as they are decided. Once the answer
 * has started its status cannot change, so a failure part-way (e.g. the decision log cannot be
 * written) ends it with one line `{"error":{…}}` that has no customerId.
 */
async function streamAnswer(c: Context<AppEnv>, ruleset: RulesetRef, unitId: number, selector: ReturnType<typeof parseSelector>, explain: boolean): Promise<Response> {
  const services = c.get("services");
  const body = c.req.raw.body;
  if (body === null) throw badRequest("the request body is empty; send one customer per line");
  // A version that does not compile is refused before the answer starts (422 with its diagnostics).
  const resolved = await resolveCompiled(services, ruleset, selector);
  const caller = requireCaller(c);
  const log: LogContext | null =
    resolved.number === null
      ? null
      : { unitId, rulesetId: ruleset.id, versionNumber: resolved.number, versionSha256: resolved.sha256, caller: callerName(caller), requestId: c.get("requestId") };
  const counts: StreamCounts = { customers: 0, errors: 0 };
  const records = evaluateStream(body, {
    pool: services.evaluationPool,
    decisions: services.decisions,
    log,
    sha256: resolved.sha256,
    source: resolved.source,
    version: resolved.label,
    explain,
    maxLineBytes: services.limits.maxBodyBytes,
  }, counts);
  const stream = jsonLinesAnswer(records, {
    log: services.log,
    requestId: c.get("requestId"),
    logMessage: "evaluation stream failed",
    what: "the evaluation",
    after: () => counts.customers,
  });
  return c.body(stream, 200, { "Content-Type": "application/x-ndjson; charset=utf-8" });
}

export function evaluateRoutes(api: Api): void {
  api.add(
    {
      method: "post",
      path: "/business-units/:bu/rulesets/:name/evaluate",
      tag: "evaluation",
      summary:
        'Evaluate one customer (body: the facts; answer: its decision record, or 400 with its error record), a batch (body: {"customers":[…]}; answer: {"records":[…]} in input order, or JSON lines with Accept: application/x-ndjson), or a stream of any length (Content-Type: application/x-ndjson, one customer per line; answer: one record per line, in input order, streamed)',
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
      if (isJsonLines(c)) return streamAnswer(c, ruleset, access.unitId, selector, explain);
      const body = new Uint8Array(await c.req.arrayBuffer());
      if (body.length > services.limits.inlineBodyBytes) return batchOnWorker(c, ruleset, access.unitId, selector, explain, body);
      const { customers, batch } = customersOf(parseBodyText(decoder.decode(body)), services.limits.maxBatch);

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
