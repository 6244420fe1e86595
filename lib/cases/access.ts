import "server-only";
import type { Actor } from "@/lib/auth/policy";

// THE where-builder for cases: every query of case data spreads one of these,
// so a case outside the actor's organisation or teams simply does not exist
// for them (and answers 404).

/** Cases the actor is a member of, in their organisation. */
export function visibleCasesWhere(actor: Actor) {
  return { orgId: actor.orgId, members: { some: { userId: actor.userId } } };
}

/** One case, only if visible to the actor. */
export function visibleCaseWhere(actor: Actor, caseId: string) {
  return { id: caseId, ...visibleCasesWhere(actor) };
}
