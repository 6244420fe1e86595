import { describe, expect, it } from "vitest";
import { guardFailures, requiresReason, type CaseFacts, type GuardRefusal } from "./guards";
import { checkTransition, type TransitionCheck, type TransitionName } from "./machine";
import type { CaseState } from "./states";

// Guards checked through the door the server uses, as a lead coordinator
// (who may make every transition), from a state each transition starts from.
const lead = { orgRole: "coordinator", caseRole: "lead" } as const;
const good: CaseFacts = { hasPersonProfile: true, consentedTestimonies: 1, openDeadlines: 0, reasonGiven: true };

function attempt(transition: TransitionName, state: CaseState, facts: Partial<CaseFacts>): TransitionCheck {
  const heldFrom = state === "on_hold" ? "documentation" : null;
  return checkTransition({ transition, state, heldFrom, actor: lead, facts: { ...good, ...facts } });
}
const refused = (reason: GuardRefusal) => ({ ok: false, reason });

describe("start_documentation needs a person profile", () => {
  it("passes with one", () => {
    expect(attempt("start_documentation", "intake", { hasPersonProfile: true })).toMatchObject({ ok: true });
  });
  it("refuses without", () => {
    expect(attempt("start_documentation", "intake", { hasPersonProfile: false })).toEqual(
      refused("needs_person_profile"),
    );
  });
});

describe("request_legal_review needs a testimony consented for legal use", () => {
  it("passes while testimonies do not exist yet (undefined)", () => {
    expect(attempt("request_legal_review", "documentation", { consentedTestimonies: undefined })).toMatchObject({
      ok: true,
    });
  });
  for (const n of [1, 2, 40]) {
    it(`passes with ${n}`, () => {
      expect(attempt("request_legal_review", "documentation", { consentedTestimonies: n })).toMatchObject({ ok: true });
    });
  }
  for (const n of [0, -1, 0.5, Number.NaN]) {
    it(`refuses with ${n}`, () => {
      expect(attempt("request_legal_review", "documentation", { consentedTestimonies: n })).toEqual(
        refused("needs_consented_testimony"),
      );
    });
  }
});

describe("close needs no open deadlines", () => {
  it("passes while deadlines do not exist yet (undefined)", () => {
    expect(attempt("close", "resolved", { openDeadlines: undefined })).toMatchObject({ ok: true });
  });
  it("passes with zero", () => {
    expect(attempt("close", "resolved", { openDeadlines: 0 })).toMatchObject({ ok: true });
  });
  for (const n of [1, 7, -1, 0.5, Number.NaN]) {
    it(`refuses with ${n}`, () => {
      expect(attempt("close", "resolved", { openDeadlines: n })).toEqual(refused("open_deadlines"));
    });
  }
});

describe("hold, reopen, close and every step backwards need a reason", () => {
  const needing: [TransitionName, CaseState][] = [
    ["hold", "intake"],
    ["hold", "documentation"],
    ["hold", "legal_review"],
    ["hold", "proceedings"],
    ["reopen", "resolved"],
    ["reopen", "closed"],
    ["close", "resolved"],
    ["return_to_documentation", "legal_review"],
    ["return_to_legal_review", "proceedings"],
  ];
  for (const [transition, state] of needing) {
    it(`${transition} from ${state}: passes with a reason, refuses without`, () => {
      expect(requiresReason(transition)).toBe(true);
      expect(attempt(transition, state, { reasonGiven: true })).toMatchObject({ ok: true });
      expect(attempt(transition, state, { reasonGiven: false })).toEqual(refused("needs_reason"));
    });
  }

  const notNeeding: [TransitionName, CaseState][] = [
    ["start_documentation", "intake"],
    ["request_legal_review", "documentation"],
    ["start_proceedings", "legal_review"],
    ["resolve", "proceedings"],
    ["resume", "on_hold"],
  ];
  for (const [transition, state] of notNeeding) {
    it(`${transition} from ${state}: passes without a reason`, () => {
      expect(requiresReason(transition)).toBe(false);
      expect(attempt(transition, state, { reasonGiven: false })).toMatchObject({ ok: true });
    });
  }
});

describe("guardFailures", () => {
  // Every fact as bad as it can be: each transition reports exactly its own guards.
  const worst: CaseFacts = { hasPersonProfile: false, consentedTestimonies: 0, openDeadlines: 3, reasonGiven: false };
  // Written out the other way round from the table it checks (guard → the
  // transitions it stops), in the order guards are reported.
  const stoppedBy: [GuardRefusal, TransitionName[]][] = [
    ["needs_person_profile", ["start_documentation"]],
    ["needs_consented_testimony", ["request_legal_review"]],
    ["open_deadlines", ["close"]],
    ["needs_reason", ["return_to_documentation", "return_to_legal_review", "close", "hold", "reopen"]],
  ];
  const allTransitions: TransitionName[] = ["start_documentation", "request_legal_review", "return_to_documentation", "start_proceedings", "return_to_legal_review", "resolve", "close", "hold", "resume", "reopen"];
  const expected = Object.fromEntries(
    allTransitions.map((t) => [t, stoppedBy.filter(([, stopped]) => stopped.includes(t)).map(([guard]) => guard)]),
  ) as Record<TransitionName, GuardRefusal[]>;
  for (const [transition, failures] of Object.entries(expected) as [TransitionName, GuardRefusal[]][]) {
    it(`${transition} with the worst facts fails: ${failures.join(", ") || "nothing"}`, () => {
      expect(guardFailures(transition, worst)).toEqual(failures);
    });
    it(`${transition} with good facts fails nothing`, () => {
      expect(guardFailures(transition, good)).toEqual([]);
    });
  }

  it("the features not there yet block nothing", () => {
    const early: CaseFacts = { hasPersonProfile: true, reasonGiven: true };
    for (const transition of Object.keys(expected) as TransitionName[]) {
      expect(guardFailures(transition, early)).toEqual([]);
    }
  });

  it("checkTransition reports the first failing guard", () => {
    expect(attempt("close", "resolved", { openDeadlines: 2, reasonGiven: false })).toEqual(refused("open_deadlines"));
  });
});
