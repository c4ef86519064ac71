/** Signing in and out with a session cookie; the CSRF token comes back in the body. */
import { and, eq, lt } from "drizzle-orm";
import type { Context } from "hono";
import { deleteCookie, setCookie } from "hono/cookie";
import { z } from "zod";
import { requireCaller } from "../auth/access.js";
import { loadRoles, SESSION_COOKIE } from "../auth/caller.js";
import { UNKNOWN_USER_HASH, verifyPassword } from "../auth/passwords.js";
import { digest, newSecret } from "../auth/secrets.js";
import type { AppEnv, Caller } from "../context.js";
import { sessions, users } from "../db/schema.js";
import type { Api } from "../http/api.js";
import { readBody } from "../http/body.js";
import { ApiError } from "../http/errors.js";

const LoginBody = z.object({ username: z.string().min(1).max(200), password: z.string().min(1).max(1000) });

const Identity = z.object({
  user: z.object({
    username: z.string(),
    memberships: z.array(z.object({ businessUnit: z.string(), role: z.string() })),
  }),
  csrfToken: z.string(),
});

function identity(username: string, roles: Map<string, { role: string }>, csrfToken: string) {
  return {
    user: { username, memberships: [...roles].map(([businessUnit, { role }]) => ({ businessUnit, role })) },
    csrfToken,
  };
}

function describeToken(caller: Extract<Caller, { kind: "token" }>) {
  return { token: { name: caller.name, businessUnit: caller.unitCode, role: caller.role } };
}

export function authRoutes(api: Api): void {
  api.add(
    {
      method: "post",
      path: "/auth/login",
      tag: "auth",
      summary: "Sign in; sets an HttpOnly session cookie and returns the CSRF token to send on changes",
      access: "anyone",
      body: LoginBody,
      response: Identity,
    },
    async (c) => {
      const services = c.get("services");
      const body = await readBody(c, LoginBody);
      const [user] = await services.db.select().from(users).where(eq(users.username, body.username)).limit(1);
      // Verify against a dummy hash for unknown names so timing does not reveal which names exist.
      const ok = await verifyPassword(body.password, user?.passwordHash ?? UNKNOWN_USER_HASH);
      if (!user || !ok) throw new ApiError(401, "unauthorized", "invalid username or password");
      const secret = newSecret();
      const csrfToken = newSecret();
      const expiresAt = new Date(Date.now() + services.sessionTtlMs);
      await services.db.delete(sessions).where(and(eq(sessions.userId, user.id), lt(sessions.expiresAt, new Date())));
      await services.db.insert(sessions).values({ idHash: digest(secret), userId: user.id, csrfToken, expiresAt });
      setSessionCookie(c, secret, services.sessionTtlMs, services.secureCookies);
      return c.json(identity(user.username, await loadRoles(services, user.id), csrfToken));
    },
  );

  api.add(
    {
      method: "post",
      path: "/auth/logout",
      tag: "auth",
      summary: "Sign out: ends the session",
      access: "signed in (with the CSRF header)",
      status: 204,
    },
    async (c) => {
      const caller = c.get("caller");
      if (caller?.kind === "user") {
        await c.get("services").db.delete(sessions).where(eq(sessions.idHash, caller.sessionHash));
      }
      deleteCookie(c, SESSION_COOKIE, { path: "/" });
      return c.body(null, 204);
    },
  );

  api.add(
    {
      method: "get",
      path: "/auth/me",
      tag: "auth",
      summary: "Who is signed in: the same body as the login response (or the token's scope)",
      access: "signed in, or a bearer token",
      response: Identity,
    },
    (c) => {
      const caller = requireCaller(c);
      if (caller.kind === "token") return c.json(describeToken(caller));
      return c.json(identity(caller.username, caller.roles, caller.csrfToken));
    },
  );
}

function setSessionCookie(c: Context<AppEnv>, secret: string, ttlMs: number, secure: boolean): void {
  setCookie(c, SESSION_COOKIE, secret, {
    httpOnly: true,
    sameSite: "Lax",
    path: "/",
    secure,
    maxAge: Math.floor(ttlMs / 1000),
  });
}
