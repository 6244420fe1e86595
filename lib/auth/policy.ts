import { AppError } from "@/lib/errors/app-error";
import type { CaseRole, OrgRole } from "./roles";

// THE POLICY DOOR. Every route handler and server action calls `authorize`
// before it touches data. Invariants:
// - the table below is the only place that says who may do what;
// - an action missing from the table cannot be called (TypeScript);
// - refusal of anything case-scoped is "not_found", never "forbidden".
// Later features add their actions here, with a row-by-row test.

export type Actor = { userId: string; orgId: string; role: OrgRole };

type Rule =
  | { who: "anyone" }
  | { who: "signed-in"; roles: readonly OrgRole[] }
  | { who: "case-member"; roles: readonly OrgRole[]; caseRoles: readonly CaseRole[] };

const policy = {
  "system.health": { who: "anyone" },
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
    case "case-member":
      return (
        actor !== null &&
        rule.roles.includes(actor.role) &&
        ctx?.caseRole != null &&
        rule.caseRoles.includes(ctx.caseRole)
      );
  }
}

/** Throws the AppError the caller should answer with, or returns when allowed. */
export function authorize(actor: Actor | null, action: Action, ctx?: CaseContext): void {
  if (isAllowed(actor, action, ctx)) return;
  if (actor === null) throw new AppError("unauthenticated");
  // Not "forbidden": a refusal must not confirm that the thing exists.
  throw new AppError("not_found");
}
