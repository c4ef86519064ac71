/** Impact analysis: the same customers through two versions (default: published → draft). */
import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import { testCases } from "../db/schema.js";
import { checkedCustomers, impactAnswer, ImpactBody } from "../evaluation/impact-body.js";
import { deadlineAfter } from "../evaluation/run.js";
import type { Api } from "../http/api.js";
import { parseBodyText, parseExactJson, validate } from "../http/body.js";
import { ApiError } from "../http/errors.js";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ErrorCode } from "../http/errors.js";
import { requirePlan } from "../rulesets/compile-check.js";
import { parseSelector, resolvePlan, resolveSource } from "../rulesets/resolve.js";
import { rulesetScope } from "./scope.js";

const decoder = new TextDecoder();

export function impactRoutes(api: Api): void {
  api.add(
    {
      method: "post",
      path: "/business-units/:bu/rulesets/:name/impact",
      tag: "evaluation",
      summary:
        'Compare two versions over customers ({"customers":[…]} or {"useTestCases":true}): per-customer changes and a summary (grade migration matrix, total limit change, new warnings)',
      access: "tester and above in the unit",
      body: ImpactBody,
      query: z.object({ from: z.string().optional(), to: z.string().optional() }),
    },
    async (c) => {
      const { services, ruleset } = await rulesetScope(c, "tester");
      const fromSelector = parseSelector(c.req.query("from"), "published");
      const toSelector = parseSelector(c.req.query("to"), "draft");
      const raw = new Uint8Array(await c.req.arrayBuffer());
      const budgetMs = services.limits.maxEvaluationMs;
      /** The worker found `{"useTestCases":true}` (the body itself has moved to it). */
      let testCasesAsked = false;
      if (raw.length > services.limits.inlineBodyBytes) {
        // A large body is parsed, decided and written on an evaluation worker.
        const [from, to] = await Promise.all([fromSelector, toSelector].map((s) => resolveSource(services, ruleset, s)));
        for (const v of [from, to]) requirePlan(services.plans.compile(v.source, v.sha256), v.number === null ? "the draft" : `version ${v.number}`);
        const result = await services.evaluationPool.run({
          kind: "impact",
          from: { sha256: from.sha256, source: from.source, label: from.label },
          to: { sha256: to.sha256, source: to.source, label: to.label },
          body: raw,
          maxBatch: services.limits.maxBatch,
          budgetMs,
          deadline: performance.timeOrigin + deadlineAfter(budgetMs),
        });
        if (!result.ok) throw new ApiError(result.status as ContentfulStatusCode, result.code as ErrorCode, result.message, result.details);
        if (result.json !== null) return c.body(result.json, 200, { "Content-Type": "application/json" });
        testCasesAsked = true;
      }
      // The versions first, then the body: the order of refusals on both paths.
      const from = await resolvePlan(services, ruleset, fromSelector);
      const to = await resolvePlan(services, ruleset, toSelector);
      const body = testCasesAsked ? { useTestCases: true as const } : validate(ImpactBody, parseBodyText(decoder.decode(raw)), "body");
      let customers: unknown[];
      if ("customers" in body) {
        customers = body.customers;
      } else {
        const rows = await services.db.select({ facts: testCases.facts }).from(testCases).where(eq(testCases.rulesetId, ruleset.id)).orderBy(asc(testCases.id));
        customers = rows.map((r) => parseExactJson(r.facts));
      }
      checkedCustomers(customers, services.limits.maxBatch);
      return c.json(impactAnswer(from, to, customers, deadlineAfter(budgetMs), budgetMs));
    },
  );
}
