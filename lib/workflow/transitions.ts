import { isOpenState, openStates, type CaseState, type OpenState } from "./states";

// Every move a case can make, named. Invariants:
// - a transition is possible only from its `from` states;
// - no transition leads to the state it starts from (`resume` leads to the
//   held-from state, which is open, and is only possible from `on_hold`);
// - `closed` is terminal except for `reopen`.
// What else a transition needs (a reason, a consented testimony…) is in guards.ts.

/** `to` of `resume`: the open state the case was held from. */
export const heldFromTarget = "held_from";

type Transition = {
  readonly from: readonly CaseState[];
  readonly to: CaseState | typeof heldFromTarget;
};

const table = {
  start_documentation: { from: ["intake"], to: "documentation" },
  request_legal_review: { from: ["documentation"], to: "legal_review" },
  return_to_documentation: { from: ["legal_review"], to: "documentation" },
  start_proceedings: { from: ["legal_review"], to: "proceedings" },
  return_to_legal_review: { from: ["proceedings"], to: "legal_review" },
  resolve: { from: ["proceedings"], to: "resolved" },
  close: { from: ["resolved"], to: "closed" },
  hold: { from: openStates, to: "on_hold" },
  resume: { from: ["on_hold"], to: heldFromTarget },
  reopen: { from: ["resolved", "closed"], to: "documentation" },
} as const satisfies Record<string, Transition>;

export type TransitionName = keyof typeof table;

export const transitions: Readonly<Record<TransitionName, Transition>> = table;

/** In table order, which is also the order buttons are shown in. */
export const transitionNames: readonly TransitionName[] = Object.keys(table) as TransitionName[];

export function isTransitionName(value: unknown): value is TransitionName {
  return typeof value === "string" && Object.hasOwn(table, value);
}

export type Position = { state: CaseState; heldFrom: CaseState | null };

/**
 * The state `transition` leads to from `state`, or null when it is not
 * possible from there (including `resume` without a valid held-from state).
 */
export function targetOf(transition: TransitionName, { state, heldFrom }: Position): CaseState | null {
  const { from, to } = transitions[transition];
  if (!from.includes(state)) return null;
  if (to !== heldFromTarget) return to;
  return validHeldFrom(heldFrom);
}

/** The held-from state, if it is one a case could have been held from. */
export function validHeldFrom(heldFrom: CaseState | null): OpenState | null {
  return isOpenState(heldFrom) ? heldFrom : null;
}
