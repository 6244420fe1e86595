import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors/app-error";
import { authorize, isAllowed, policyTable, type Action, type Actor } from "./policy";
import { orgRoles } from "./roles";

const actor = (role: Actor["role"]): Actor => ({ userId: "u", orgId: "o", role });

// Expected outcomes written out by hand, row by row: the test must not be
// derived from the table it checks.
const expected: Record<Action, { anonymous: boolean; roles: Record<Actor["role"], boolean> }> = {
  "system.health": {
    anonymous: true,
    roles: { admin: true, coordinator: true, caseworker: true, lawyer: true },
  },
};

describe("policy table", () => {
  it("covers exactly the actions listed here", () => {
    expect(Object.keys(policyTable).sort()).toEqual(Object.keys(expected).sort());
  });

  for (const [action, row] of Object.entries(expected) as [Action, (typeof expected)[Action]][]) {
    it(`${action}: anonymous ${row.anonymous ? "allowed" : "refused"}`, () => {
      expect(isAllowed(null, action)).toBe(row.anonymous);
    });
    for (const role of orgRoles) {
      it(`${action}: ${role} ${row.roles[role] ? "allowed" : "refused"}`, () => {
        expect(isAllowed(actor(role), action)).toBe(row.roles[role]);
      });
    }
  }
});

describe("authorize", () => {
  it("returns when allowed", () => {
    expect(() => authorize(null, "system.health")).not.toThrow();
  });

  it("answers refusals with 404 and anonymous refusals with 401", () => {
    expect(new AppError("not_found").status).toBe(404);
    expect(new AppError("unauthenticated").status).toBe(401);
  });
});
