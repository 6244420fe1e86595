import { AppError } from "@/lib/errors/app-error";
import type { CaseRole, OrgRole } from "./roles";

// THE POLICY DOOR. Every route handler and server action calls `authorize`
// before it touches data. Invariants:
// - the table below is the only place that says who may do what;
// - an action missing from the table cannot be called (TypeScript);
// - refusal of anything case-scoped is "not_found", never "forbidden".
// Later features add their actions here, with a row-by-row test.

/** `sessionId`: the session this request came in on (absent for scripts and tests). */
export type Actor = { userId: string; orgId: string; role: OrgRole; sessionId?: string };

/** A case rule admits a member when any clause matches their org role AND case role. */
type CaseClause = { roles: readonly OrgRole[]; caseRoles: readonly CaseRole[] };

type Rule =
  | { who: "anyone" }
  | { who: "signed-in"; roles: readonly OrgRole[] }
  | { who: "case-member"; clauses: readonly CaseClause[] };

const everyone = ["admin", "coordinator", "caseworker", "lawyer"] as const;
const admins = ["admin"] as const;
const caseStaff = ["coordinator", "caseworker", "lawyer"] as const;
const anyCaseRole = ["lead", "member", "reviewer"] as const;
const writers = ["lead", "member"] as const;
/**
 * Team changes (adding, removing, re-sharing after a reset): the case's leads
 * only. Each change is a membership-chain statement, and browsers accept one
 * only from a lead of the statement before (lib/trust/membership-chain.ts).
 */
const teamManagers: readonly CaseClause[] = [{ roles: everyone, caseRoles: ["lead"] }];

const deadlineKeepers: readonly CaseClause[] = [
  { roles: ["coordinator"], caseRoles: anyCaseRole },
  { roles: ["lawyer"], caseRoles: writers },
  { roles: everyone, caseRoles: ["lead"] },
];

const policy = {
  "system.health": { who: "anyone" },
  // Sign-in machinery: reachable before sign-in by design; each step checks
  // its own secret (authKey + TOTP, invitation token) and is rate-limited.
  "auth.session": { who: "anyone" },
  "auth.kdf_params": { who: "anyone" },
  "auth.quick_exit": { who: "anyone" },
  // Where a secret form posts if submitted before its scripts load: reads nothing, redirects back.
  "form.fallback": { who: "anyone" },
  "setup.check_token": { who: "anyone" },
  "setup.complete": { who: "anyone" },
  "invitation.lookup": { who: "anyone" },
  "invitation.accept": { who: "anyone" },
  // Every signed-in user, for their own account and start page.
  "dashboard.view": { who: "signed-in", roles: everyone },
  "account.view": { who: "signed-in", roles: everyone },
  "account.key_material": { who: "signed-in", roles: everyone },
  "account.change_passphrase": { who: "signed-in", roles: everyone },
  "account.recovery_codes": { who: "signed-in", roles: everyone },
  "account.trust_read": { who: "signed-in", roles: everyone },
  "account.trust_save": { who: "signed-in", roles: everyone },
  "account.sign_out": { who: "signed-in", roles: everyone },
  // Administration: users and invitations, no case content.
  "users.list": { who: "signed-in", roles: admins },
  "users.invite": { who: "signed-in", roles: admins },
  "users.change_role": { who: "signed-in", roles: admins },
  "users.deactivate": { who: "signed-in", roles: admins },
  "users.reactivate": { who: "signed-in", roles: admins },
  "users.reset": { who: "signed-in", roles: admins },
  "invitations.revoke": { who: "signed-in", roles: admins },
  "audit.head": { who: "signed-in", roles: admins },
  "audit.verify": { who: "signed-in", roles: admins },
  // `npm run audit:verify` asking the running app: no session; the route
  // checks its own secret, a token in a 0600 file in DATA_DIR (lib/audit/local-verify.ts).
  "audit.verify_local": { who: "anyone" },
  "org.settings": { who: "signed-in", roles: admins },
  // Cases. Opening one is a coordinator's job; everything inside a case needs
  // membership (refusals are "not found"). Which workflow transitions a
  // member may make is decided by lib/workflow on top of "case.transition".
  "cases.create": { who: "signed-in", roles: ["coordinator"] },
  "cases.list": { who: "signed-in", roles: everyone },
  "case.read": { who: "case-member", clauses: [{ roles: everyone, caseRoles: anyCaseRole }] },
  // A member's browser reports a security alert it showed (ids and a code only).
  "case.report_alert": { who: "case-member", clauses: [{ roles: everyone, caseRoles: anyCaseRole }] },
  "case.edit_profile": { who: "case-member", clauses: [{ roles: caseStaff, caseRoles: writers }] },
  "case.manage_team": { who: "case-member", clauses: teamManagers },
  "case.reshare_key": { who: "case-member", clauses: teamManagers },
  "case.transition": { who: "case-member", clauses: [{ roles: caseStaff, caseRoles: anyCaseRole }] },
  // Deadlines: coordinators own them, lawyers keep the legal ones, a case
  // lead may too; every member reads them (case.read).
  "case.deadline_write": { who: "case-member", clauses: deadlineKeepers },
  // Testimonies (and their drafts): the case's writers; reviewers read them.
  "case.testimony_write": { who: "case-member", clauses: [{ roles: caseStaff, caseRoles: writers }] },
  // Evidence: writers upload; lawyers (any case role) and case leads review.
  "case.evidence_upload": { who: "case-member", clauses: [{ roles: caseStaff, caseRoles: writers }] },
  "case.evidence_review": { who: "case-member", clauses: [{ roles: ["lawyer"], caseRoles: anyCaseRole }, { roles: caseStaff, caseRoles: ["lead"] }] },
  // Court bundles: lawyers on the case, and case leads.
  "case.bundle_manage": { who: "case-member", clauses: [{ roles: ["lawyer"], caseRoles: anyCaseRole }, { roles: caseStaff, caseRoles: ["lead"] }] },
  // An RFC 3161 timestamp over a hash (the TSA proxy): for whoever may upload evidence or export bundles.
  "case.timestamp": {
    who: "case-member",
    clauses: [{ roles: caseStaff, caseRoles: writers }, { roles: ["lawyer"], caseRoles: anyCaseRole }],
  },
  // Benchmark-only (404 unless BENCH_ROUTES=1): a plain upload to compare the encrypted path with.
  "bench.plain_upload": { who: "signed-in", roles: everyone },
  // Across cases: the server filters by membership itself.
  "deadlines.dashboard": { who: "signed-in", roles: everyone },
  "notifications.own": { who: "signed-in", roles: everyone },
  "calendar.manage_feed": { who: "signed-in", roles: everyone },
  // The feed URL's token is the credential (calendar apps cannot sign in).
  "calendar.feed": { who: "anyone" },
} as const satisfies Record<string, Rule>;

export type Action = keyof typeof policy;

export const policyTable: Readonly<Record<Action, Rule>> = policy;

export type CaseContext = { caseRole: CaseRole | null };

export function isAllowed(actor: Actor | null, action: Action, ctx?: CaseContext): boolean {
  const rule = policyTable[action];
  switch (rule.who) {
    case "anyone":
      return true;
    case "signed-in":
      return actor !== null && rule.roles.includes(actor.role);
    case "case-member": {
      const caseRole = ctx?.caseRole;
      if (actor === null || caseRole == null) return false;
      return rule.clauses.some((c) => c.roles.includes(actor.role) && c.caseRoles.includes(caseRole));
    }
  }
}

/** Throws the AppError the caller should answer with, or returns when allowed. */
export function authorize(actor: Actor | null, action: Action, ctx?: CaseContext): void {
  if (isAllowed(actor, action, ctx)) return;
  if (actor === null) throw new AppError("unauthenticated");
  // Not "forbidden": a refusal must not confirm that the thing exists.
  throw new AppError("not_found");
}

/** For the browser, to show only the controls that would pass the door (the server still decides). */
export function allowsCaseAction(orgRole: OrgRole, caseRole: CaseRole, action: Action): boolean {
  return isAllowed({ userId: "", orgId: "", role: orgRole }, action, { caseRole });
}
