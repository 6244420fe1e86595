// The states a case moves through (DESIGN.md §5). Invariants:
// - `on_hold` is entered only from an open state and remembers it (`heldFrom`);
// - `resolved` and `closed` are not open: they cannot be held, only reopened.

export const workflowStates = [
  "intake",
  "documentation",
  "legal_review",
  "proceedings",
  "on_hold",
  "resolved",
  "closed",
] as const;
export type CaseState = (typeof workflowStates)[number];

/** States in which work is going on; the only states a case can be held from. */
export const openStates = ["intake", "documentation", "legal_review", "proceedings"] as const;
export type OpenState = (typeof openStates)[number];

export function isCaseState(value: unknown): value is CaseState {
  return typeof value === "string" && (workflowStates as readonly string[]).includes(value);
}

export function isOpenState(state: unknown): state is OpenState {
  return typeof state === "string" && (openStates as readonly string[]).includes(state);
}
