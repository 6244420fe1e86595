import { guardFailures, guardRefusals, type CaseFacts } from "./guards";
import { mayMake, type WorkflowActor } from "./permissions";
import type { CaseState, OpenState } from "./states";
import { targetOf, transitionNames, transitions, validHeldFrom, type TransitionName } from "./transitions";

// THE WORKFLOW DOOR. The server calls `checkTransition` before it writes a new
// state; the browser calls `availableTransitions` to show only the buttons that
// could work. Pure: no database, no Next, no React. Invariants:
// - a transition succeeds only if the case is in one of its from-states, the
//   actor's org role × case role grants it, and every guard passes;
// - refusals are stable codes (`TransitionRefusal`) the UI translates;
// - checks run in a fixed order: state, then role, then guards, so the code
//   names the first thing that stands in the way;
// - on success the caller stores `to` and `heldFrom` as returned (`heldFrom`
//   is set by `hold` and cleared by every other transition).

/** Every code `checkTransition` can refuse with; the UI has a message for each. */
export const transitionRefusals = ["not_from_this_state", "not_held", "not_allowed_for_role", ...guardRefusals] as const;
export type TransitionRefusal = (typeof transitionRefusals)[number];

export type TransitionCheck =
  | { ok: true; to: CaseState; heldFrom: OpenState | null }
  | { ok: false; reason: TransitionRefusal };

export type TransitionRequest = {
  transition: TransitionName;
  state: CaseState;
  heldFrom: CaseState | null;
  actor: WorkflowActor;
  facts: CaseFacts;
};

export function checkTransition({ transition, state, heldFrom, actor, facts }: TransitionRequest): TransitionCheck {
  if (!transitions[transition].from.includes(state)) return { ok: false, reason: "not_from_this_state" };
  const to = targetOf(transition, { state, heldFrom });
  // Only `resume` has no target from a valid from-state: nothing to go back to.
  if (to === null) return { ok: false, reason: "not_held" };
  if (!mayMake(actor, transition)) return { ok: false, reason: "not_allowed_for_role" };
  const [failed] = guardFailures(transition, facts);
  if (failed !== undefined) return { ok: false, reason: failed };
  return { ok: true, to, heldFrom: transition === "hold" ? validHeldFrom(state) : null };
}

/**
 * The transitions `actor` could make from here if the facts allowed, in table
 * order: what to offer as buttons. Guards are left to `guardFailures` so the UI
 * can explain a disabled button instead of hiding it.
 */
export function availableTransitions({
  state,
  heldFrom,
  actor,
}: {
  state: CaseState;
  heldFrom: CaseState | null;
  actor: WorkflowActor;
}): TransitionName[] {
  return transitionNames.filter(
    (transition) => targetOf(transition, { state, heldFrom }) !== null && mayMake(actor, transition),
  );
}

export { guardFailures, guardRefusals, requiresReason, transitionGuards, type CaseFacts, type GuardRefusal } from "./guards";
export { mayMake, transitionGrants, type WorkflowActor } from "./permissions";
export { isCaseState, isOpenState, openStates, workflowStates, type CaseState, type OpenState } from "./states";
export { heldFromTarget, isTransitionName, targetOf, transitionNames, transitions, type TransitionName } from "./transitions";
