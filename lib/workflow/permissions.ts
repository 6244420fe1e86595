import type { CaseRole, OrgRole } from "@/lib/auth/roles";
import { transitionNames, type TransitionName } from "./transitions";

// Who may move a case, by org role × case role. Invariants:
// - a non-member (caseRole null) may make no transition, whatever their org role;
// - a case lead may make every transition, whatever their org role;
// - an admin who is a plain member or reviewer gets nothing from being admin:
//   they are judged by case role alone;
// - this table is the only place that grants a transition.
// Whether the actor may see the case at all is the policy door's question
// (lib/auth/policy.ts); this answers only which moves they may make in it.

export type WorkflowActor = { orgRole: OrgRole; caseRole: CaseRole | null };

const every: readonly TransitionName[] = transitionNames;
const none: readonly TransitionName[] = [];
const caseworkerMoves: readonly TransitionName[] = ["start_documentation", "request_legal_review"];
const lawyerMoves: readonly TransitionName[] = [
  "return_to_documentation",
  "start_proceedings",
  "return_to_legal_review",
  "resolve",
];

export const transitionGrants: Readonly<Record<OrgRole, Readonly<Record<CaseRole, readonly TransitionName[]>>>> = {
  admin: { lead: every, member: none, reviewer: none },
  coordinator: { lead: every, member: every, reviewer: every },
  caseworker: { lead: every, member: caseworkerMoves, reviewer: caseworkerMoves },
  lawyer: { lead: every, member: lawyerMoves, reviewer: lawyerMoves },
};

export function mayMake(actor: WorkflowActor, transition: TransitionName): boolean {
  if (actor.caseRole === null) return false;
  return transitionGrants[actor.orgRole][actor.caseRole].includes(transition);
}
