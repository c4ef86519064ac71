/** API tokens for systems: scoped to one unit and one role, stored hashed, revocable. */
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "../audit.js";
import { ROLES } from "../auth/roles.js";
import { digest, newSecret } from "../auth/secrets.js";
import { TOKENS_CHANNEL } from "../auth/token-cache.js";
import { callerName } from "../context.js";
import { apiTokens } from "../db/schema.js";
import type { Api } from "../http/api.js";
import { readBody } from "../http/body.js";
import { forbidden, notFound } from "../http/errors.js";
import { unitScope } from "./scope.js";

const CreateBody = z.object({ name: z.string().min(1).max(200), role: z.enum(ROLES).default("tester") });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function tokenRoutes(api: Api): void {
  api.add(
    {
      method: "post",
      path: "/business-units/:bu/tokens",
      tag: "tokens",
      summary: "Create an API token for a system; the token is in this response only",
      access: "admin in the unit (signed in)",
      body: CreateBody,
      status: 201,
    },
    async (c) => {
      const { services, access } = unitScope(c, "admin");
      // A token must not be able to mint more tokens: keys are handed out by people.
      if (access.caller.kind === "token") throw forbidden("tokens are created by a signed-in admin, not by another token");
      const body = await readBody(c, CreateBody);
      const token = newSecret("crt_");
      const row = await services.db.transaction(async (tx) => {
        const [inserted] = await tx
          .insert(apiTokens)
          .values({ businessUnitId: access.unitId, name: body.name, role: body.role, tokenHash: digest(token), createdBy: callerName(access.caller) })
          .returning();
        await recordAudit(tx, {
          unitId: access.unitId,
          actor: callerName(access.caller),
          action: "token.create",
          target: `token:${inserted.id}`,
          details: { name: body.name, role: body.role },
        });
        return inserted;
      });
      return c.json({ id: row.id, name: row.name, role: row.role, businessUnit: access.unitCode, token }, 201);
    },
  );

  api.add(
    {
      method: "get",
      path: "/business-units/:bu/tokens",
      tag: "tokens",
      summary: "The unit's API tokens (never the secrets)",
      access: "admin in the unit",
    },
    async (c) => {
      const { services, access } = unitScope(c, "admin");
      const rows = await services.db
        .select()
        .from(apiTokens)
        .where(eq(apiTokens.businessUnitId, access.unitId))
        .orderBy(desc(apiTokens.createdAt));
      return c.json(
        rows.map((r) => ({ id: r.id, name: r.name, role: r.role, createdBy: r.createdBy, createdAt: r.createdAt, revokedAt: r.revokedAt })),
      );
    },
  );

  api.add(
    {
      method: "delete",
      path: "/business-units/:bu/tokens/:id",
      tag: "tokens",
      summary: "Revoke a token; it stops working at once",
      access: "admin in the unit",
    },
    async (c) => {
      const { services, access } = unitScope(c, "admin");
      const id = c.req.param("id") ?? "";
      if (!UUID.test(id)) throw notFound(`no token ${id} in business unit "${access.unitCode}"`);
      const revoked = await services.db.transaction(async (tx) => {
        const rows = await tx
          .update(apiTokens)
          .set({ revokedAt: new Date() })
          .where(and(eq(apiTokens.id, id), eq(apiTokens.businessUnitId, access.unitId), isNull(apiTokens.revokedAt)))
          .returning();
        if (rows.length > 0) {
          // Every server process drops its cached tokens when this commits.
          await tx.execute(sql`select pg_notify(${TOKENS_CHANNEL}, ${id})`);
          await recordAudit(tx, {
            unitId: access.unitId,
            actor: callerName(access.caller),
            action: "token.revoke",
            target: `token:${id}`,
            details: { name: rows[0].name },
          });
        }
        return rows[0];
      });
      if (!revoked) throw notFound(`no active token ${id} in business unit "${access.unitCode}"`);
      services.tokens.clear();
      return c.json({ id: revoked.id, revokedAt: revoked.revokedAt });
    },
  );
}
