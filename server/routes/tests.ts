/**
 * Stored test cases per ruleset (a customer's facts and the expected, partial decision) and
 * test runs against any version or the draft.
 */
import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import { runTests } from "../../engine/index.js";
import { recordAudit } from "../audit.js";
import { sha256Hex } from "../auth/secrets.js";
import { callerName } from "../context.js";
import { isUniqueViolation } from "../db/errors.js";
import { testCases } from "../db/schema.js";
import { compareExpected } from "../evaluation/expectations.js";
import { deadlineAfter, runPlan } from "../evaluation/run.js";
import type { Api } from "../http/api.js";
import { factsSchema, parseExactJson, readBody, stringifyExactJson, toPlainJson } from "../http/body.js";
import { conflict, notFound } from "../http/errors.js";
import { parseSelector, resolvePlan } from "../rulesets/resolve.js";
import { positiveIntParam, rulesetScope } from "./scope.js";

const CaseBody = z.object({
  name: z.string().min(1).max(200),
  facts: factsSchema,
  expected: z.custom<Record<string, unknown>>((v) => v !== null && typeof v === "object" && !Array.isArray(v), {
    message: "expected a JSON object: the fields of the decision record to check",
  }),
});

const TESTS = "/business-units/:bu/rulesets/:name/tests";

function caseJson(row: typeof testCases.$inferSelect): unknown {
  return { id: row.id, name: row.name, facts: parseExactJson(row.facts), expected: row.expected, createdBy: row.createdBy, createdAt: row.createdAt };
}

export function testRoutes(api: Api): void {
  api.add(
    { method: "get", path: TESTS, tag: "tests", summary: "The ruleset's stored test cases", access: "any role in the unit" },
    async (c) => {
      const { services, ruleset } = await rulesetScope(c, "viewer");
      const rows = await services.db.select().from(testCases).where(eq(testCases.rulesetId, ruleset.id)).orderBy(asc(testCases.id));
      // Built with the exact-JSON writer so the facts' numbers keep every digit.
      return c.body(stringifyExactJson(rows.map(caseJson)), 200, { "Content-Type": "application/json" });
    },
  );

  api.add(
    {
      method: "post",
      path: TESTS,
      tag: "tests",
      summary: "Store a test case: `facts` of one customer and `expected`, a partial decision record",
      access: "tester and above in the unit",
      body: CaseBody,
      status: 201,
    },
    async (c) => {
      const { services, access, ruleset } = await rulesetScope(c, "tester");
      const body = await readBody(c, CaseBody);
      const facts = stringifyExactJson(body.facts);
      try {
        const row = await services.db.transaction(async (tx) => {
          const [inserted] = await tx
            .insert(testCases)
            .values({ rulesetId: ruleset.id, name: body.name, facts, expected: toPlainJson(body.expected), createdBy: callerName(access.caller) })
            .returning();
          await recordAudit(tx, {
            unitId: access.unitId,
            actor: callerName(access.caller),
            action: "test-case.create",
            target: `ruleset:${ruleset.name}`,
            after: sha256Hex(facts),
            details: { testCase: inserted.id, name: body.name },
          });
          return inserted;
        });
        return c.body(stringifyExactJson(caseJson(row)), 201, { "Content-Type": "application/json" });
      } catch (error) {
        if (isUniqueViolation(error)) throw conflict(`ruleset "${ruleset.name}" already has a test case named "${body.name}"`);
        throw error;
      }
    },
  );

  api.add(
    { method: "delete", path: `${TESTS}/:id`, tag: "tests", summary: "Delete a stored test case", access: "tester and above in the unit", status: 204 },
    async (c) => {
      const { services, access, ruleset } = await rulesetScope(c, "tester");
      const id = positiveIntParam(c.req.param("id"), "test case id");
      const deleted = await services.db.transaction(async (tx) => {
        const rows = await tx
          .delete(testCases)
          .where(and(eq(testCases.id, id), eq(testCases.rulesetId, ruleset.id)))
          .returning();
        if (rows.length > 0) {
          await recordAudit(tx, {
            unitId: access.unitId,
            actor: callerName(access.caller),
            action: "test-case.delete",
            target: `ruleset:${ruleset.name}`,
            before: sha256Hex(rows[0].facts),
            details: { testCase: id, name: rows[0].name },
          });
        }
        return rows.length;
      });
      if (deleted === 0) throw notFound(`ruleset "${ruleset.name}" has no test case ${id}`);
      return c.body(null, 204);
    },
  );

  api.add(
    {
      method: "post",
      path: `${TESTS}/run`,
      tag: "tests",
      summary:
        "Run the stored test cases (and the tests written in the ruleset source) against `version` (a number, draft, or the published version by default)",
      access: "tester and above in the unit",
      query: z.object({ version: z.string().optional() }),
    },
    async (c) => {
      const { services, ruleset } = await rulesetScope(c, "tester");
      const resolved = await resolvePlan(services, ruleset, parseSelector(c.req.query("version")));
      const rows = await services.db.select().from(testCases).where(eq(testCases.rulesetId, ruleset.id)).orderBy(asc(testCases.id));
      const records = runPlan(
        resolved.plan,
        rows.map((r) => parseExactJson(r.facts)),
        { explain: false, version: resolved.label, deadline: deadlineAfter(services.limits.maxEvaluationMs) },
        services.limits.maxEvaluationMs,
      );
      const cases = rows.map((row, i) => {
        const mismatches = compareExpected(row.expected, records[i]);
        return { id: row.id, name: row.name, passed: mismatches.length === 0, mismatches, record: records[i] };
      });
      const sourceTests = runTests(resolved.plan);
      const passed = cases.filter((x) => x.passed).length + sourceTests.filter((t) => t.passed).length;
      const total = cases.length + sourceTests.length;
      return c.json({ version: resolved.label, sha256: resolved.sha256, passed, failed: total - passed, cases, sourceTests });
    },
  );
}
