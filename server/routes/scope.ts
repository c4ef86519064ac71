/** Resolving `:bu` and `:name` path parameters with the caller's role checked first. */
import type { Context } from "hono";
import { requireUnitRole, type UnitAccess } from "../auth/access.js";
import type { Role } from "../auth/roles.js";
import type { AppEnv, Services } from "../context.js";
import { badRequest } from "../http/errors.js";
import { requireRuleset, type RulesetRow } from "../rulesets/store.js";

export interface RulesetScope {
  services: Services;
  access: UnitAccess;
  ruleset: RulesetRow;
}

export function unitScope(c: Context<AppEnv>, needed: Role): { services: Services; access: UnitAccess } {
  return { services: c.get("services"), access: requireUnitRole(c, c.req.param("bu") ?? "", needed) };
}

/** Role first, then existence: callers without access never learn whether the ruleset exists. */
export async function rulesetScope(c: Context<AppEnv>, needed: Role): Promise<RulesetScope> {
  const { services, access } = unitScope(c, needed);
  const ruleset = await requireRuleset(services.db, access.unitId, access.unitCode, c.req.param("name") ?? "");
  return { services, access, ruleset };
}

export function flag(value: string | undefined): boolean {
  return value !== undefined && ["1", "true", "yes", ""].includes(value.toLowerCase());
}

export function positiveIntParam(text: string | undefined, what: string): number {
  if (text === undefined || !/^[1-9][0-9]{0,9}$/.test(text) || Number(text) > 2 ** 31 - 1) {
    throw badRequest(`${what} must be a positive whole number; got "${text ?? ""}"`);
  }
  return Number(text);
}
