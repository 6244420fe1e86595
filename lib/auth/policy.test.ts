import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors/app-error";
import { authorize, isAllowed, policyTable, type Action, type Actor } from "./policy";
import { orgRoles } from "./roles";

const actor = (role: Actor["role"]): Actor => ({ userId: "u", orgId: "o", role });

// Expected outcomes written out by hand, row by row: the test must not be
// derived from the table it checks.
type Row = { anonymous: boolean; roles: Record<Actor["role"], boolean> };
const open: Row = { anonymous: true, roles: { admin: true, coordinator: true, caseworker: true, lawyer: true } };
const signedIn: Row = { anonymous: false, roles: { admin: true, coordinator: true, caseworker: true, lawyer: true } };
const caseOnly: Row = { anonymous: false, roles: { admin: false, coordinator: false, caseworker: false, lawyer: false } };
const adminOnly: Row = { anonymous: false, roles: { admin: true, coordinator: false, caseworker: false, lawyer: false } };

const expected: Record<Action, Row> = {
  "system.health": open,
  "auth.session": open,
  "auth.kdf_params": open,
  "auth.quick_exit": open,
  "form.fallback": open,
  "setup.check_token": open,
  "setup.complete": open,
  "invitation.lookup": open,
  "invitation.accept": open,
  "dashboard.view": signedIn,
  "account.view": signedIn,
  "account.key_material": signedIn,
  "account.change_passphrase": signedIn,
  "account.recovery_codes": signedIn,
  "account.trust_read": signedIn,
  "account.trust_save": signedIn,
  "account.sign_out": signedIn,
  "users.list": adminOnly,
  "users.invite": adminOnly,
  "users.change_role": adminOnly,
  "users.deactivate": adminOnly,
  "users.reactivate": adminOnly,
  "users.reset": adminOnly,
  "invitations.revoke": adminOnly,
  "audit.head": adminOnly,
  "audit.verify": adminOnly,
  "audit.verify_local": open,
  "org.settings": adminOnly,
  "cases.create": { anonymous: false, roles: { admin: false, coordinator: true, caseworker: false, lawyer: false } },
  "cases.list": signedIn,
  // Case-scoped rows: checked without a case role here (never allowed), and row by row below.
  "case.read": caseOnly,
  "case.report_alert": caseOnly,
  "case.edit_profile": caseOnly,
  "case.manage_team": caseOnly,
  "case.reshare_key": caseOnly,
  "case.transition": caseOnly,
  "case.deadline_write": caseOnly,
  "case.testimony_write": caseOnly,
  "case.evidence_upload": caseOnly,
  "case.evidence_review": caseOnly,
  "case.bundle_manage": caseOnly,
  "case.timestamp": caseOnly,
  "bench.plain_upload": signedIn,
  "deadlines.dashboard": signedIn,
  "notifications.own": signedIn,
  "calendar.manage_feed": signedIn,
  "calendar.feed": open,
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

// Case actions: org role × case role (null = not a member), written out.
type CaseRow = Record<Actor["role"], Record<"lead" | "member" | "reviewer" | "none", boolean>>;
const row = (lead: boolean, member: boolean, reviewer: boolean) => ({ lead, member, reviewer, none: false });
const caseExpected: Record<string, CaseRow> = {
  "case.read": { admin: row(true, true, true), coordinator: row(true, true, true), caseworker: row(true, true, true), lawyer: row(true, true, true) },
  "case.report_alert": { admin: row(true, true, true), coordinator: row(true, true, true), caseworker: row(true, true, true), lawyer: row(true, true, true) },
  "case.edit_profile": { admin: row(false, false, false), coordinator: row(true, true, false), caseworker: row(true, true, false), lawyer: row(true, true, false) },
  "case.manage_team": { admin: row(true, false, false), coordinator: row(true, false, false), caseworker: row(true, false, false), lawyer: row(true, false, false) },
  "case.reshare_key": { admin: row(true, false, false), coordinator: row(true, false, false), caseworker: row(true, false, false), lawyer: row(true, false, false) },
  "case.transition": { admin: row(false, false, false), coordinator: row(true, true, true), caseworker: row(true, true, true), lawyer: row(true, true, true) },
  "case.evidence_upload": { admin: row(false, false, false), coordinator: row(true, true, false), caseworker: row(true, true, false), lawyer: row(true, true, false) },
  "case.evidence_review": { admin: row(false, false, false), coordinator: row(true, false, false), caseworker: row(true, false, false), lawyer: row(true, true, true) },
  "case.bundle_manage": { admin: row(false, false, false), coordinator: row(true, false, false), caseworker: row(true, false, false), lawyer: row(true, true, true) },
  "case.timestamp": { admin: row(false, false, false), coordinator: row(true, true, false), caseworker: row(true, true, false), lawyer: row(true, true, true) },
  "case.testimony_write": { admin: row(false, false, false), coordinator: row(true, true, false), caseworker: row(true, true, false), lawyer: row(true, true, false) },
  "case.deadline_write": { admin: row(true, false, false), coordinator: row(true, true, true), caseworker: row(true, false, false), lawyer: row(true, true, false) },
};

describe("case policy: org role × case role", () => {
  for (const [action, byRole] of Object.entries(caseExpected)) {
    for (const role of orgRoles) {
      for (const caseRole of ["lead", "member", "reviewer", "none"] as const) {
        const allowed = byRole[role][caseRole];
        it(`${action}: ${role} as ${caseRole} ${allowed ? "allowed" : "refused"}`, () => {
          expect(isAllowed(actor(role), action as Action, { caseRole: caseRole === "none" ? null : caseRole })).toBe(allowed);
        });
      }
    }
    it(`${action}: anonymous refused`, () => {
      expect(isAllowed(null, action as Action, { caseRole: "lead" })).toBe(false);
    });
  }
  it("refuses a non-member with not_found", () => {
    expect(() => authorize(actor("coordinator"), "case.read", { caseRole: null })).toThrow(expect.objectContaining({ code: "not_found" }));
  });
});

describe("authorize", () => {
  it("returns when allowed", () => {
    expect(() => authorize(null, "system.health")).not.toThrow();
    expect(() => authorize(actor("admin"), "users.invite")).not.toThrow();
  });

  it("refuses a signed-in user with not_found, never forbidden", () => {
    expect(() => authorize(actor("lawyer"), "users.invite")).toThrow(expect.objectContaining({ code: "not_found" }));
  });

  it("refuses an anonymous caller with unauthenticated", () => {
    expect(() => authorize(null, "account.key_material")).toThrow(expect.objectContaining({ code: "unauthenticated" }));
  });

  it("answers refusals with 404 and anonymous refusals with 401", () => {
    expect(new AppError("not_found").status).toBe(404);
    expect(new AppError("unauthenticated").status).toBe(401);
  });
});
