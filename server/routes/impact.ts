/** Impact analysis: the same customers through two versions (default: published → draft). */
import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import { testCases } from "../db/schema.js";
import { gradeOrder } from "../../engine/impact.js";
import type { Services } from "../context.js";
import { checkedCustomers, impactAnswer, ImpactBody, type ImpactVersion } from "../evaluation/impact-body.js";
import type { Plan } from "../../engine/index.js";
import type { RulesetRow } from "../rulesets/store.js";
import { portfolioImpact } from "../evaluation/portfolio-impact.js";
import { portfolioLines, portfolioTable, requirePortfolioTable } from "../evaluation/portfolio-rows.js";
import { deadlineAfter } from "../evaluation/run.js";
import type { Api } from "../http/api.js";
import { parseBodyText, parseExactJson, validate } from "../http/body.js";
import { jsonLinesAnswer } from "../http/json-lines-answer.js";
import { refused } from "../http/errors.js";
import { parseSelector, resolveCompiled, resolvePlan, type VersionSelector } from "../rulesets/resolve.js";
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
        const [from, to] = await Promise.all([fromSelector, toSelector].map((s) => compiledVersion(services, ruleset, s)));
        const result = await services.evaluationPool.run({
          kind: "impact",
          from: from.version,
          to: to.version,
          body: raw,
          maxBatch: services.limits.maxBatch,
          budgetMs,
          deadline: performance.timeOrigin + deadlineAfter(budgetMs),
        });
        if (!result.ok) throw refused(result);
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

  api.add(
    {
      method: "post",
      path: "/business-units/:bu/rulesets/:name/impact/portfolio",
      tag: "evaluation",
      summary:
        'Compare two versions over a whole portfolio table of the unit ({"table":"…"} in the schema portfolio_<unit>; "all": true for every customer): JSON lines of the customers whose decision changed, in table order, then {"summary":{…}}',
      access: "tester and above in the unit",
      body: PortfolioBody,
      query: z.object({ from: z.string().optional(), to: z.string().optional() }),
    },
    async (c) => {
      const { services, ruleset, access } = await rulesetScope(c, "tester");
      const body = validate(PortfolioBody, parseBodyText(await c.req.text()), "body");
      const [from, to] = await Promise.all([parseSelector(c.req.query("from"), "published"), parseSelector(c.req.query("to"), "draft")].map((s) => compiledVersion(services, ruleset, s)));
      const table = portfolioTable(access.unitCode, body.table);
      await requirePortfolioTable(services.database, table);
      const counts = { customers: 0 };
      const pieces = portfolioImpact(portfolioLines(services.database, table), {
        pool: services.evaluationPool,
        from: from.version,
        to: to.version,
        all: body.all === true,
        grades: gradeOrder(from.plan.model.grades, to.plan.model.grades),
      }, counts);
      const answer = jsonLinesAnswer(pieces, {
        log: services.log,
        requestId: c.get("requestId"),
        logMessage: "portfolio impact failed",
        what: "the comparison",
        after: () => counts.customers,
      });
      return c.body(answer, 200, { "Content-Type": "application/x-ndjson; charset=utf-8" });
    },
  );
}

/** A version to send to the workers, with its plan compiled here first (resolveCompiled). */
async function compiledVersion(services: Services, ruleset: RulesetRow, selector: VersionSelector): Promise<{ version: ImpactVersion; plan: Plan }> {
  const v = await resolveCompiled(services, ruleset, selector);
  return { version: { sha256: v.sha256, source: v.source, label: v.label }, plan: v.plan };
}

const PortfolioBody = z.object({ table: z.string().min(1).max(63), all: z.boolean().optional() });
