import type { TransitionName } from "./transitions";

// Rules a transition must satisfy beyond state and role. Invariants:
// - a guard reads only the facts the caller supplies; the server computes them
//   from the database, the browser may pass what it knows to grey out buttons;
// - an optional fact that is `undefined` belongs to a feature that does not
//   exist yet: its guard is not applicable and passes. A number must satisfy it;
// - a malformed number (NaN, negative, fractional) refuses: fail closed.

export type CaseFacts = {
  /** The case has a profile of the person at risk. */
  readonly hasPersonProfile: boolean;
  /** Testimonies recording consent to use in legal proceedings; undefined until that feature exists. */
  readonly consentedTestimonies?: number;
  /** Deadlines not yet met or dismissed; undefined until that feature exists. */
  readonly openDeadlines?: number;
  /** The actor gave a (sealed) reason for this transition. */
  readonly reasonGiven: boolean;
};

export const guardRefusals = [
  "needs_person_profile",
  "needs_consented_testimony",
  "open_deadlines",
  "needs_reason",
] as const;
export type GuardRefusal = (typeof guardRefusals)[number];

const isCount = (n: number) => Number.isInteger(n) && n >= 0;

const passes: Record<GuardRefusal, (facts: CaseFacts) => boolean> = {
  needs_person_profile: (f) => f.hasPersonProfile,
  needs_consented_testimony: (f) =>
    f.consentedTestimonies === undefined || (isCount(f.consentedTestimonies) && f.consentedTestimonies >= 1),
  open_deadlines: (f) => f.openDeadlines === undefined || f.openDeadlines === 0,
  needs_reason: (f) => f.reasonGiven,
};

/**
 * Which guards each transition must pass, in the order they are reported.
 * Holding, reopening, closing and every step backwards must be explained: the
 * text is sealed in the browser, the server sees only that one was given.
 */
export const transitionGuards: Readonly<Record<TransitionName, readonly GuardRefusal[]>> = {
  start_documentation: ["needs_person_profile"],
  request_legal_review: ["needs_consented_testimony"],
  return_to_documentation: ["needs_reason"],
  start_proceedings: [],
  return_to_legal_review: ["needs_reason"],
  resolve: [],
  close: ["open_deadlines", "needs_reason"],
  hold: ["needs_reason"],
  resume: [],
  reopen: ["needs_reason"],
};

/** Every guard of `transition` that `facts` fail; empty when all pass. */
export function guardFailures(transition: TransitionName, facts: CaseFacts): GuardRefusal[] {
  return transitionGuards[transition].filter((guard) => !passes[guard](facts));
}

/** Whether the form for `transition` must ask for a reason. */
export function requiresReason(transition: TransitionName): boolean {
  return transitionGuards[transition].includes("needs_reason");
}
