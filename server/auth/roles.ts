/** The per-unit roles, each including every permission of the ones before it. */
import { ROLES, type Role } from "../db/schema.js";

export { ROLES, type Role };

const rank: Record<Role, number> = { viewer: 0, tester: 1, author: 2, approver: 3, admin: 4 };

export function atLeast(role: Role, needed: Role): boolean {
  return rank[role] >= rank[needed];
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
