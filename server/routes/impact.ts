/** Impact analysis: the same customers through two versions (default: published → draft). */
import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import { testCases } from "../db/schema.js";
import { gradeOrder } from "../../engine/impact.js";
import { impactReport } from "../evaluation/impact-report.js";
import { deadlineAfter, runPlan } from "../evaluation/run.js";
import type { Api } from "../http/api.js";
import { parseExactJson, readExactJson, validate } from "../http/body.js";
import { badRequest, tooLarge } from "../http/errors.js";
import { parseSelector, resolvePlan } from "../rulesets/resolve.js";
import { rulesetScope } from "./scope.js";

const ImpactBody = z.union([
  z.object({ customers: z.array(z.unknown()) }),
  z.object({ useTestCases: z.literal(true) }),
]);

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
      const body = validate(ImpactBody, await readExactJson(c), "body");
      let customers: unknown[];
      if ("customers" in body) {
        customers = body.customers;
      } else {
        const rows = await services.db.select({ facts: testCases.facts }).from(testCases).where(eq(testCases.rulesetId, ruleset.id)).orderBy(asc(testCases.id));
        customers = rows.map((r) => parseExactJson(r.facts));
      }
      if (customers.length === 0) throw badRequest("there are no customers to compare");
      if (customers.length > services.limits.maxBatch) {
        throw tooLarge(`an impact run holds at most ${services.limits.maxBatch} customers; this one has ${customers.length}`, {
          limit: services.limits.maxBatch,
          received: customers.length,
        });
      }
      const from = await resolvePlan(services, ruleset, parseSelector(c.req.query("from"), "published"));
      const to = await resolvePlan(services, ruleset, parseSelector(c.req.query("to"), "draft"));
      const deadline = deadlineAfter(services.limits.maxEvaluationMs);
      const budget = services.limits.maxEvaluationMs;
      const before = runPlan(from.plan, customers, { explain: false, version: from.label, deadline }, budget);
      const after = runPlan(to.plan, customers, { explain: false, version: to.label, deadline }, budget);
      const { rows, summary } = impactReport(before, after, gradeOrder(from.plan.model.grades, to.plan.model.grades));
      return c.json({ from: from.label, to: to.label, rows, summary });
    },
  );
}
