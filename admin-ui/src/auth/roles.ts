/** What a role in a business unit allows, as the server decides it (each role includes the ones before). */
import type { Role, User } from "../api/types.js";

const rank: Record<Role, number> = { viewer: 0, tester: 1, author: 2, approver: 3, admin: 4 };

export function roleIn(user: User, businessUnit: string): Role | null {
  return user.memberships.find((m) => m.businessUnit === businessUnit)?.role ?? null;
}

export function can(user: User, businessUnit: string, needed: Role): boolean {
  const role = roleIn(user, businessUnit);
  return role !== null && rank[role] >= rank[needed];
}

export interface Permissions {
  role: Role | null;
  test: boolean;
  edit: boolean;
  publish: boolean;
}

export function permissionsIn(user: User, businessUnit: string): Permissions {
  return {
    role: roleIn(user, businessUnit),
    test: can(user, businessUnit, "tester"),
    edit: can(user, businessUnit, "author"),
    publish: can(user, businessUnit, "approver"),
  };
}
