import { describe, expect, it } from "vitest";
import { checkTransition, type TransitionName } from "./machine";
import { isCaseState, isOpenState, workflowStates, type CaseState } from "./states";
import { isTransitionName, targetOf, transitionNames } from "./transitions";

// Expected moves written out by hand: the test must not be derived from the
// table it checks. A state missing from a row means "not from this state".
const open: CaseState[] = ["intake", "documentation", "legal_review", "proceedings"];
const states: CaseState[] = [...open, "on_hold", "resolved", "closed"];

// `resume` is checked here with heldFrom = "proceedings"; every held-from
// state is covered by the round trip below.
const heldFromForResume = "proceedings";
const expectedTargets: Record<TransitionName, Partial<Record<CaseState, CaseState>>> = {
  start_documentation: { intake: "documentation" },
  request_legal_review: { documentation: "legal_review" },
  return_to_documentation: { legal_review: "documentation" },
  start_proceedings: { legal_review: "proceedings" },
  return_to_legal_review: { proceedings: "legal_review" },
  resolve: { proceedings: "resolved" },
  close: { resolved: "closed" },
  hold: { intake: "on_hold", documentation: "on_hold", legal_review: "on_hold", proceedings: "on_hold" },
  resume: { on_hold: "proceedings" },
  reopen: { resolved: "documentation", closed: "documentation" },
};

const leadCoordinator = { orgRole: "coordinator", caseRole: "lead" } as const;
const allFactsPass = { hasPersonProfile: true, consentedTestimonies: 1, openDeadlines: 0, reasonGiven: true };
const heldFromIn = (state: CaseState): CaseState | null => (state === "on_hold" ? heldFromForResume : null);

describe("states and transitions", () => {
  it("has exactly the states listed here", () => {
    expect([...workflowStates]).toEqual(states);
  });

  it("has exactly the transitions listed here", () => {
    expect([...transitionNames].sort()).toEqual(Object.keys(expectedTargets).sort());
  });

  it("calls only intake, documentation, legal_review and proceedings open", () => {
    expect(states.filter((s) => isOpenState(s))).toEqual(open);
  });

  it("recognises its own names and nothing else", () => {
    expect(isCaseState("legal_review")).toBe(true);
    expect(isCaseState("reopened")).toBe(false);
    expect(isCaseState(3)).toBe(false);
    expect(isOpenState("on_hold")).toBe(false);
    expect(isOpenState(null)).toBe(false);
    expect(isTransitionName("resume")).toBe(true);
    expect(isTransitionName("toString")).toBe(false);
    expect(isTransitionName("constructor")).toBe(false);
    expect(isTransitionName(undefined)).toBe(false);
  });
});

describe("every transition × every state", () => {
  for (const transition of Object.keys(expectedTargets) as TransitionName[]) {
    for (const state of states) {
      const to = expectedTargets[transition][state] ?? null;
      it(`${transition} from ${state}: ${to ?? "refused"}`, () => {
        expect(targetOf(transition, { state, heldFrom: heldFromIn(state) })).toBe(to);
        const check = checkTransition({
          transition,
          state,
          heldFrom: heldFromIn(state),
          actor: leadCoordinator,
          facts: allFactsPass,
        });
        expect(check).toEqual(
          to === null
            ? { ok: false, reason: "not_from_this_state" }
            : { ok: true, to, heldFrom: transition === "hold" ? state : null },
        );
      });
    }
  }
});

describe("hold and resume", () => {
  for (const state of open) {
    it(`a case held from ${state} resumes to ${state}`, () => {
      const held = checkTransition({
        transition: "hold",
        state,
        heldFrom: null,
        actor: leadCoordinator,
        facts: allFactsPass,
      });
      expect(held).toEqual({ ok: true, to: "on_hold", heldFrom: state });
      if (!held.ok) return;
      const resumed = checkTransition({
        transition: "resume",
        state: held.to,
        heldFrom: held.heldFrom,
        actor: leadCoordinator,
        facts: { hasPersonProfile: false, reasonGiven: false },
      });
      expect(resumed).toEqual({ ok: true, to: state, heldFrom: null });
    });
  }

  for (const heldFrom of [null, "on_hold", "resolved", "closed"] as const) {
    it(`refuses to resume with heldFrom ${String(heldFrom)}: nothing valid to go back to`, () => {
      expect(targetOf("resume", { state: "on_hold", heldFrom })).toBeNull();
      expect(
        checkTransition({ transition: "resume", state: "on_hold", heldFrom, actor: leadCoordinator, facts: allFactsPass }),
      ).toEqual({ ok: false, reason: "not_held" });
    });
  }

  it("cannot hold a case that is already on hold", () => {
    expect(
      checkTransition({ transition: "hold", state: "on_hold", heldFrom: "intake", actor: leadCoordinator, facts: allFactsPass }),
    ).toEqual({ ok: false, reason: "not_from_this_state" });
  });

  it("a held case can do nothing but resume", () => {
    const possible = transitionNames.filter((t) => targetOf(t, { state: "on_hold", heldFrom: "documentation" }) !== null);
    expect(possible).toEqual(["resume"]);
  });
});

describe("reopen and the end states", () => {
  for (const state of ["resolved", "closed"] as const) {
    it(`reopens from ${state} to documentation`, () => {
      expect(
        checkTransition({ transition: "reopen", state, heldFrom: null, actor: leadCoordinator, facts: allFactsPass }),
      ).toEqual({ ok: true, to: "documentation", heldFrom: null });
    });
  }

  it("closed is terminal except for reopen", () => {
    const possible = transitionNames.filter((t) => targetOf(t, { state: "closed", heldFrom: null }) !== null);
    expect(possible).toEqual(["reopen"]);
  });

  it("resolved can only be closed or reopened", () => {
    const possible = transitionNames.filter((t) => targetOf(t, { state: "resolved", heldFrom: null }) !== null);
    expect(possible.sort()).toEqual(["close", "reopen"]);
  });
});

describe("no self-transitions", () => {
  const heldFroms: (CaseState | null)[] = [null, ...states];
  for (const state of states) {
    it(`nothing leads from ${state} back to ${state}`, () => {
      for (const transition of transitionNames) {
        for (const heldFrom of heldFroms) {
          expect(targetOf(transition, { state, heldFrom })).not.toBe(state);
        }
      }
    });
  }
});
