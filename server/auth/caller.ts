/**
 * Finds out who is calling: a bearer token (systems) or a session cookie (people), and
 * enforces CSRF protection on state-changing requests made with a session cookie.
 */
import { timingSafeEqual } from "node:crypto";
import { and, eq, gt, isNull } from "drizzle-orm";
import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import type { AppEnv, Caller, Services, TokenCaller, UserCaller } from "../context.js";
import { apiTokens, businessUnits, memberships, sessions, users } from "../db/schema.js";
import { ApiError, unauthorized } from "../http/errors.js";
import { digest } from "./secrets.js";

export const SESSION_COOKIE = "credit_rules_session";
export const CSRF_HEADER = "X-CSRF-Token";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function resolveCaller(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const services = c.get("services");
    const authorization = c.req.header("Authorization");
    let caller: Caller | null = null;
    if (authorization !== undefined) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
      if (!match) throw unauthorized("the Authorization header must be `Bearer <token>`");
      caller = await tokenCaller(services, match[1]);
      if (!caller) throw unauthorized("the bearer token is unknown or revoked");
    } else {
      const cookie = getCookie(c, SESSION_COOKIE);
      if (cookie) {
        const user = await sessionCaller(services, cookie);
        // Signing in again with an old cookie still around needs no CSRF token.
        if (user && !SAFE_METHODS.has(c.req.method) && !c.req.path.endsWith("/auth/login")) checkCsrf(c, user.csrfToken);
        caller = user;
      }
    }
    c.set("caller", caller);
    await next();
  };
}

function checkCsrf(c: Context, expected: string): void {
  const sent = c.req.header(CSRF_HEADER) ?? "";
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    throw new ApiError(403, "csrf", `requests signed in with a session cookie must send the ${CSRF_HEADER} header from the login response`);
  }
}

async function tokenCaller(services: Services, token: string): Promise<Caller | null> {
  const hash = digest(token);
  const cached = services.tokens.get(hash);
  if (cached) return cached;
  const generation = services.tokens.current;
  const rows = await services.db
    .select({ id: apiTokens.id, name: apiTokens.name, role: apiTokens.role, unitId: businessUnits.id, unitCode: businessUnits.code })
    .from(apiTokens)
    .innerJoin(businessUnits, eq(businessUnits.id, apiTokens.businessUnitId))
    .where(and(eq(apiTokens.tokenHash, hash), isNull(apiTokens.revokedAt)))
    .limit(1);
  const row = rows[0];
  if (!row) return null;
  const caller: TokenCaller = { kind: "token", tokenId: row.id, name: row.name, role: row.role, unitId: row.unitId, unitCode: row.unitCode };
  services.tokens.set(hash, caller, generation);
  return caller;
}

async function sessionCaller(services: Services, cookie: string): Promise<UserCaller | null> {
  const sessionHash = digest(cookie);
  const rows = await services.db
    .select({ userId: users.id, username: users.username, csrfToken: sessions.csrfToken })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.idHash, sessionHash), gt(sessions.expiresAt, new Date())))
    .limit(1);
  const row = rows[0];
  if (!row) return null;
  return {
    kind: "user",
    userId: row.userId,
    username: row.username,
    roles: await loadRoles(services, row.userId),
    sessionHash,
    csrfToken: row.csrfToken,
  };
}

export async function loadRoles(services: Services, userId: number) {
  const rows = await services.db
    .select({ unitId: businessUnits.id, code: businessUnits.code, role: memberships.role })
    .from(memberships)
    .innerJoin(businessUnits, eq(businessUnits.id, memberships.businessUnitId))
    .where(eq(memberships.userId, userId))
    .orderBy(businessUnits.code);
  return new Map(rows.map((r) => [r.code, { unitId: r.unitId, role: r.role }]));
}
