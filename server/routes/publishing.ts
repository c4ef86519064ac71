/** Publishing a draft (maker-checker) and rolling back to an earlier version. */
import { z } from "zod";
import { callerName } from "../context.js";
import type { Api } from "../http/api.js";
import { jsonInt, readBody } from "../http/body.js";
import { publishDraft, rollbackTo } from "../rulesets/publish.js";
import { rulesetScope } from "./scope.js";

const PublishBody = z.object({
  revision: jsonInt().pipe(z.number().int().positive()),
  effectiveFrom: z.iso.datetime({ offset: true }).optional(),
});
const RollbackBody = z.object({ version: jsonInt().pipe(z.number().int().positive()) });

const RULESET = "/business-units/:bu/rulesets/:name";

export function publishingRoutes(api: Api): void {
  api.add(
    {
      method: "post",
      path: `${RULESET}/publish`,
      tag: "versions",
      summary:
        "Publish the draft at `revision` as the next version. The publisher must not be the draft's last editor; the draft must compile",
      access: "approver or admin in the unit",
      body: PublishBody,
      status: 201,
    },
    async (c) => {
      const { services, access, ruleset } = await rulesetScope(c, "approver");
      const body = await readBody(c, PublishBody);
      const version = await publishDraft(services, ruleset, {
        revision: body.revision,
        actor: callerName(access.caller),
        effectiveFrom: body.effectiveFrom ? new Date(body.effectiveFrom) : null,
      });
      return c.json({ version: version.number, sha256: version.sha256, effectiveFrom: version.effectiveFrom }, 201);
    },
  );

  api.add(
    {
      method: "post",
      path: `${RULESET}/rollback`,
      tag: "versions",
      summary: "Publish the source of an earlier version as a new version",
      access: "approver or admin in the unit",
      body: RollbackBody,
      status: 201,
    },
    async (c) => {
      const { services, access, ruleset } = await rulesetScope(c, "approver");
      const body = await readBody(c, RollbackBody);
      const version = await rollbackTo(services, ruleset, { version: body.version, actor: callerName(access.caller) });
      return c.json({ version: version.number, sha256: version.sha256, rolledBackFrom: version.rolledBackFrom }, 201);
    },
  );
}
