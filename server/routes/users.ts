/**
 * People and their roles. An admin of a unit manages who holds which role in that unit, and
 * nothing outside it.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { Context } from "hono";
import { z } from "zod";
import { recordAudit } from "../audit.js";
import { requireCaller, roleIn } from "../auth/access.js";
import { hashPassword } from "../auth/passwords.js";
import { ROLES } from "../auth/roles.js";
import { callerName, type AppEnv, type Caller } from "../context.js";
import { isUniqueViolation } from "../db/errors.js";
import { businessUnits, memberships, users } from "../db/schema.js";
import type { Api } from "../http/api.js";
import { readBody } from "../http/body.js";
import { badRequest, conflict, forbidden, notFound } from "../http/errors.js";

const Membership = z.object({ businessUnit: z.string(), role: z.enum(ROLES) });
const CreateBody = z.object({
  username: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, "1-64 lower-case letters, digits, '.', '_' or '-'"),
  password: z.string().min(10, "at least 10 characters").max(1000),
  memberships: z.array(Membership).default([]),
});
const MembershipsBody = z.object({ memberships: z.array(Membership) });

/** The units the caller administers, by code → id. Only signed-in people manage people. */
function administeredUnits(caller: Caller): Map<string, number> {
  if (caller.kind !== "user") throw forbidden("people and roles are managed by a signed-in admin");
  const units = new Map<string, number>();
  for (const [code, held] of caller.roles) if (held.role === "admin") units.set(code, held.unitId);
  if (units.size === 0) throw forbidden("this needs the admin role in at least one business unit");
  return units;
}

function checkMemberships(caller: Caller, list: { businessUnit: string; role: string }[], admin: Map<string, number>) {
  const seen = new Set<string>();
  for (const m of list) {
    if (seen.has(m.businessUnit)) throw badRequest(`business unit "${m.businessUnit}" is listed twice`);
    seen.add(m.businessUnit);
    if (!admin.has(m.businessUnit)) {
      throw roleIn(caller, m.businessUnit)
        ? forbidden(`this needs the admin role in business unit "${m.businessUnit}"`)
        : forbidden(`you have no access to business unit "${m.businessUnit}"`);
    }
  }
}

async function membershipsOf(c: Context<AppEnv>, userId: number) {
  const rows = await c
    .get("services")
    .db.select({ businessUnit: businessUnits.code, role: memberships.role })
    .from(memberships)
    .innerJoin(businessUnits, eq(businessUnits.id, memberships.businessUnitId))
    .where(eq(memberships.userId, userId))
    .orderBy(businessUnits.code);
  return rows;
}

export function userRoutes(api: Api): void {
  api.add(
    {
      method: "get",
      path: "/users",
      tag: "users",
      summary: "People with a role in the units the caller administers, with those roles",
      access: "admin in at least one unit",
    },
    async (c) => {
      const admin = administeredUnits(requireCaller(c));
      const rows = await c
        .get("services")
        .db.select({ username: users.username, businessUnit: businessUnits.code, role: memberships.role })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .innerJoin(businessUnits, eq(businessUnits.id, memberships.businessUnitId))
        .where(inArray(memberships.businessUnitId, [...admin.values()]))
        .orderBy(users.username, businessUnits.code);
      const byUser = new Map<string, { businessUnit: string; role: string }[]>();
      for (const r of rows) {
        if (!byUser.has(r.username)) byUser.set(r.username, []);
        byUser.get(r.username)!.push({ businessUnit: r.businessUnit, role: r.role });
      }
      return c.json([...byUser].map(([username, list]) => ({ username, memberships: list })));
    },
  );

  api.add(
    {
      method: "post",
      path: "/users",
      tag: "users",
      summary: "Create a person with a password and roles in units the caller administers",
      access: "admin in every unit given",
      body: CreateBody,
      status: 201,
    },
    async (c) => {
      const caller = requireCaller(c);
      const admin = administeredUnits(caller);
      const body = await readBody(c, CreateBody);
      checkMemberships(caller, body.memberships, admin);
      const passwordHash = await hashPassword(body.password);
      const services = c.get("services");
      try {
        await services.db.transaction(async (tx) => {
          const [user] = await tx.insert(users).values({ username: body.username, passwordHash }).returning();
          for (const m of body.memberships) {
            await tx.insert(memberships).values({ userId: user.id, businessUnitId: admin.get(m.businessUnit)!, role: m.role });
          }
          for (const unitId of new Set([...admin.values()].filter((id) => body.memberships.some((m) => admin.get(m.businessUnit) === id)))) {
            await recordAudit(tx, {
              unitId,
              actor: callerName(caller),
              action: "user.create",
              target: `user:${body.username}`,
              details: { memberships: body.memberships.filter((m) => admin.get(m.businessUnit) === unitId) },
            });
          }
          if (body.memberships.length === 0) {
            await recordAudit(tx, { unitId: null, actor: callerName(caller), action: "user.create", target: `user:${body.username}` });
          }
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw conflict(`the user name "${body.username}" is taken`);
        throw error;
      }
      return c.json({ username: body.username, memberships: body.memberships }, 201);
    },
  );

  api.add(
    {
      method: "put",
      path: "/users/:username/memberships",
      tag: "users",
      summary:
        "Set a person's roles in the units the caller administers (units left out of the list lose the person; other units are untouched)",
      access: "admin in the units concerned",
      body: MembershipsBody,
    },
    async (c) => {
      const caller = requireCaller(c);
      const admin = administeredUnits(caller);
      const body = await readBody(c, MembershipsBody);
      checkMemberships(caller, body.memberships, admin);
      const services = c.get("services");
      const username = c.req.param("username") ?? "";
      const [user] = await services.db.select().from(users).where(eq(users.username, username)).limit(1);
      if (!user) throw notFound(`no user "${username}"`);
      if (caller.kind === "user" && user.id === caller.userId) {
        // Guard against an admin locking everyone (themselves included) out of their own units.
        const dropping = [...admin.keys()].filter((code) => !body.memberships.some((m) => m.businessUnit === code && m.role === "admin"));
        if (dropping.length > 0) throw badRequest("you cannot remove your own admin role; ask another admin");
      }
      await services.db.transaction(async (tx) => {
        const unitIds = [...admin.values()];
        const before = await tx
          .select({ unitId: memberships.businessUnitId, role: memberships.role })
          .from(memberships)
          .where(and(eq(memberships.userId, user.id), inArray(memberships.businessUnitId, unitIds)));
        await tx.delete(memberships).where(and(eq(memberships.userId, user.id), inArray(memberships.businessUnitId, unitIds)));
        for (const m of body.memberships) {
          await tx.insert(memberships).values({ userId: user.id, businessUnitId: admin.get(m.businessUnit)!, role: m.role });
        }
        for (const [code, unitId] of admin) {
          const was = before.find((b) => b.unitId === unitId)?.role ?? null;
          const now = body.memberships.find((m) => m.businessUnit === code)?.role ?? null;
          if (was !== now) {
            await recordAudit(tx, {
              unitId,
              actor: callerName(caller),
              action: "user.role",
              target: `user:${username}`,
              details: { before: was, after: now },
            });
          }
        }
      });
      return c.json({ username, memberships: await membershipsOf(c, user.id) });
    },
  );
}
