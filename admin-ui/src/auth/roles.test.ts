import { describe, expect, it } from "vitest";
import { permissionsIn } from "./roles.js";

const user = {
  username: "li",
  memberships: [
    { businessUnit: "trading", role: "tester" as const },
    { businessUnit: "retail", role: "approver" as const },
  ],
};

describe("permissions", () => {
  it("a tester tests but cannot edit or publish", () => {
    expect(permissionsIn(user, "trading")).toEqual({ role: "tester", test: true, edit: false, publish: false });
  });
  it("an approver may also edit", () => {
    expect(permissionsIn(user, "retail")).toEqual({ role: "approver", test: true, edit: true, publish: true });
  });
  it("no membership, no rights", () => {
    expect(permissionsIn(user, "other")).toEqual({ role: null, test: false, edit: false, publish: false });
  });
});
