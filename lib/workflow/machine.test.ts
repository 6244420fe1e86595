import { describe, expect, it } from "vitest";
import { orgRoles, type CaseRole } from "@/lib/auth/roles";
import {
  availableTransitions,
  checkTransition,
  transitionNames,
  transitionRefusals,
  workflowStates,
  type CaseState,
  type WorkflowActor,
} from "./machine";

const good = { hasPersonProfile: true, consentedTestimonies: 1, openDeadlines: 0, reasonGiven: true };
const bad = { hasPersonProfile: false, consentedTestimonies: 0, openDeadlines: 1, reasonGiven: false };

describe("checkTransition: which refusal comes first", () => {
  it("state before role: a non-member asking for a move that does not exist here", () => {
    const actor = { orgRole: "caseworker", caseRole: null } as const;
    expect(checkTransition({ transition: "resolve", state: "intake", heldFrom: null, actor, facts: good })).toEqual({
      ok: false,
      reason: "not_from_this_state",
    });
  });

  it("not_held before role: nothing to resume to, whoever asks", () => {
    const actor = { orgRole: "lawyer", caseRole: "member" } as const;
    expect(checkTransition({ transition: "resume", state: "on_hold", heldFrom: null, actor, facts: good })).toEqual({
      ok: false,
      reason: "not_held",
    });
  });

  it("role before guards: a caseworker may not close even with every guard failing", () => {
    const actor = { orgRole: "caseworker", caseRole: "member" } as const;
    expect(checkTransition({ transition: "close", state: "resolved", heldFrom: null, actor, facts: bad })).toEqual({
      ok: false,
      reason: "not_allowed_for_role",
    });
  });

  it("lists every refusal code it can return", () => {
    expect([...transitionRefusals].sort()).toEqual(
      [
        "needs_consented_testimony",
        "needs_person_profile",
        "needs_reason",
        "not_allowed_for_role",
        "not_from_this_state",
        "not_held",
        "open_deadlines",
      ].sort(),
    );
  });
});

describe("availableTransitions: the buttons to show", () => {
  const cases: { actor: WorkflowActor; state: CaseState; heldFrom: CaseState | null; expected: string[] }[] = [
    { actor: { orgRole: "caseworker", caseRole: "member" }, state: "intake", heldFrom: null, expected: ["start_documentation"] },
    { actor: { orgRole: "caseworker", caseRole: "member" }, state: "documentation", heldFrom: null, expected: ["request_legal_review"] },
    { actor: { orgRole: "caseworker", caseRole: "member" }, state: "legal_review", heldFrom: null, expected: [] },
    { actor: { orgRole: "lawyer", caseRole: "reviewer" }, state: "legal_review", heldFrom: null, expected: ["return_to_documentation", "start_proceedings"] },
    { actor: { orgRole: "lawyer", caseRole: "member" }, state: "proceedings", heldFrom: null, expected: ["return_to_legal_review", "resolve"] },
    { actor: { orgRole: "lawyer", caseRole: "member" }, state: "resolved", heldFrom: null, expected: [] },
    { actor: { orgRole: "coordinator", caseRole: "member" }, state: "legal_review", heldFrom: null, expected: ["return_to_documentation", "start_proceedings", "hold"] },
    { actor: { orgRole: "coordinator", caseRole: "reviewer" }, state: "resolved", heldFrom: null, expected: ["close", "reopen"] },
    { actor: { orgRole: "caseworker", caseRole: "lead" }, state: "on_hold", heldFrom: "documentation", expected: ["resume"] },
    { actor: { orgRole: "coordinator", caseRole: "lead" }, state: "on_hold", heldFrom: null, expected: [] },
    { actor: { orgRole: "admin", caseRole: "lead" }, state: "closed", heldFrom: null, expected: ["reopen"] },
    { actor: { orgRole: "admin", caseRole: "member" }, state: "intake", heldFrom: null, expected: [] },
    { actor: { orgRole: "coordinator", caseRole: null }, state: "intake", heldFrom: null, expected: [] },
  ];
  for (const { actor, state, heldFrom, expected } of cases) {
    it(`${actor.orgRole} ${actor.caseRole ?? "non-member"} in ${state}: ${expected.join(", ") || "none"}`, () => {
      expect(availableTransitions({ state, heldFrom, actor })).toEqual(expected);
    });
  }

  it("offers exactly what checkTransition would allow with good facts, everywhere", () => {
    const caseRoles: (CaseRole | null)[] = ["lead", "member", "reviewer", null];
    const heldFroms: (CaseState | null)[] = [null, ...workflowStates];
    for (const orgRole of orgRoles) {
      for (const caseRole of caseRoles) {
        for (const state of workflowStates) {
          for (const heldFrom of heldFroms) {
            const actor = { orgRole, caseRole };
            const offered = availableTransitions({ state, heldFrom, actor });
            const allowed = transitionNames.filter(
              (transition) => checkTransition({ transition, state, heldFrom, actor, facts: good }).ok,
            );
            expect(offered).toEqual(allowed);
          }
        }
      }
    }
  });
});
