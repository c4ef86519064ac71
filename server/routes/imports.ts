/**
 * Importing rules of another engine as a new ruleset. The server converts the rules itself
 * (the admin UI's preview runs the same importer), so what is stored is exactly what the
 * importer makes of the file, whatever the client showed.
 */
import { z } from "zod";
import { compile } from "../../engine/index.js";
import { importJsonRulesEngine } from "../../interop/json-rules-engine/import.js";
import { notImportedLine } from "../../interop/json-rules-engine/import-report.js";
import { callerName } from "../context.js";
import type { Api } from "../http/api.js";
import { readBody } from "../http/body.js";
import { ApiError, badRequest } from "../http/errors.js";
import { createRuleset } from "../rulesets/drafts.js";
import { generatedRulesetNameProblem, rulesetNameMessage } from "../rulesets/ruleset-name.js";
import { unitScope } from "./scope.js";

const ImportBody = z.object({
  name: z.string(),
  /** The rules file's JSON as it is: an array of rules, one rule, or { rules, sharedConditions }. */
  rules: z.unknown().refine((v) => v !== undefined, { message: "the rules file's JSON is required" }),
  /** Shared conditions (engine.setCondition) when the file does not carry them. */
  sharedConditions: z.record(z.string(), z.unknown()).optional(),
});

export function importRoutes(api: Api): void {
  api.add(
    {
      method: "post",
      path: "/business-units/:bu/imports/json-rules-engine",
      tag: "rulesets",
      summary:
        "Create a ruleset from json-rules-engine rules: the converted text becomes its first draft. 422 `import_refused` with `issues` when a part cannot be represented; nothing is created then",
      access: "author, approver or admin in the unit",
      body: ImportBody,
      status: 201,
    },
    async (c) => {
      const { services, access } = unitScope(c, "author");
      const body = await readBody(c, ImportBody);
      const nameProblem = generatedRulesetNameProblem(body.name);
      if (nameProblem) throw badRequest(rulesetNameMessage(nameProblem, body.name));
      const result = importJsonRulesEngine(body.rules, { name: body.name, sharedConditions: body.sharedConditions });
      if (result.source === null) {
        throw new ApiError(422, "import_refused", notImportedLine("the rules", result.issues.length), { issues: result.issues });
      }
      // The importer writes valid text; compiling it once more keeps a broken draft from ever being stored.
      const errors = compile(result.source).diagnostics.filter((d) => d.severity === "error");
      if (errors.length > 0) {
        throw new ApiError(422, "invalid_ruleset", `the imported text does not compile: ${errors[0].message}`, { diagnostics: errors });
      }
      const row = await createRuleset(services.db, { id: access.unitId, code: access.unitCode }, {
        name: body.name,
        source: result.source,
        actor: callerName(access.caller),
        origin: { action: "ruleset.import", details: { from: "json-rules-engine" } },
      });
      return c.json(
        { businessUnit: access.unitCode, name: row.name, publishedVersion: null, draft: { revision: 1 }, source: result.source },
        201,
      );
    },
  );
}
