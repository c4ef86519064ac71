/**
 * Role checks per business unit. A caller with no role in a unit gets the same 403 whether
 * or not the unit (or anything in it) exists, so units stay invisible to outsiders.
 */
import type { Context } from "hono";
import type { AppEnv, Caller } from "../context.js";
import { forbidden, unauthorized } from "../http/errors.js";
import { atLeast, type Role } from "./roles.js";

export interface UnitAccess {
  caller: Caller;
  unitId: number;
  unitCode: string;
  role: Role;
}

export function requireCaller(c: Context<AppEnv>): Caller {
  const caller = c.get("caller");
  if (!caller) throw unauthorized();
  return caller;
}

export function roleIn(caller: Caller, unitCode: string): { unitId: number; role: Role } | null {
  if (caller.kind === "token") return caller.unitCode === unitCode ? { unitId: caller.unitId, role: caller.role } : null;
  return caller.roles.get(unitCode) ?? null;
}

export function noAccess(unitCode: string) {
  return forbidden(`you have no access to business unit "${unitCode}"`);
}

export function requireUnitRole(c: Context<AppEnv>, unitCode: string, needed: Role): UnitAccess {
  const caller = requireCaller(c);
  const held = roleIn(caller, unitCode);
  if (!held) throw noAccess(unitCode);
  if (!atLeast(held.role, needed)) {
    throw forbidden(`this needs the ${needed} role in business unit "${unitCode}"; you have ${held.role}`);
  }
  return { caller, unitId: held.unitId, unitCode, role: held.role };
}
