/** The caller's business units and each unit's audit log. */
import { and, desc, eq, inArray, lt } from "drizzle-orm";
import { z } from "zod";
import { requireCaller } from "../auth/access.js";
import { auditLog, businessUnits } from "../db/schema.js";
import type { Api } from "../http/api.js";
import { validate } from "../http/body.js";
import { unitScope } from "./scope.js";

const AuditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  before: z.coerce.number().int().positive().optional(),
});

export function unitRoutes(api: Api): void {
  api.add(
    {
      method: "get",
      path: "/business-units",
      tag: "business units",
      summary: "The business units the caller has a role in, with that role",
      access: "signed in, or a bearer token",
      response: z.array(z.object({ businessUnit: z.string(), name: z.string(), role: z.string() })),
    },
    async (c) => {
      const caller = requireCaller(c);
      const roles =
        caller.kind === "token"
          ? new Map([[caller.unitCode, { unitId: caller.unitId, role: caller.role }]])
          : caller.roles;
      if (roles.size === 0) return c.json([]);
      const rows = await c
        .get("services")
        .db.select({ code: businessUnits.code, name: businessUnits.name })
        .from(businessUnits)
        .where(inArray(businessUnits.code, [...roles.keys()]))
        .orderBy(businessUnits.code);
      return c.json(rows.map((r) => ({ businessUnit: r.code, name: r.name, role: roles.get(r.code)!.role })));
    },
  );

  api.add(
    {
      method: "get",
      path: "/business-units/:bu/audit",
      tag: "business units",
      summary: "The unit's audit log, newest first (page with `before`=id of the last entry seen)",
      access: "approver or admin in the unit",
      query: AuditQuery,
    },
    async (c) => {
      const { services, access } = unitScope(c, "approver");
      const query = validate(AuditQuery, c.req.query(), "query");
      const rows = await services.db
        .select()
        .from(auditLog)
        .where(
          and(eq(auditLog.businessUnitId, access.unitId), query.before !== undefined ? lt(auditLog.id, query.before) : undefined),
        )
        .orderBy(desc(auditLog.id))
        .limit(query.limit);
      return c.json(
        rows.map((r) => ({
          id: r.id,
          at: r.at,
          actor: r.actor,
          action: r.action,
          target: r.target,
          beforeSha256: r.beforeSha256,
          afterSha256: r.afterSha256,
          details: r.details,
        })),
      );
    },
  );
}
