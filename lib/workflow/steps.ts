import { transitionGuards, type GuardRefusal } from "./guards";
import type { CaseState } from "./states";
import type { TransitionName } from "./transitions";

// The case's way from intake to closed, as the stepper on the case page shows
// it (issue 14 point 8): every stage, where the case stands, and what moving
// on from each stage takes — the forward transition and the guards it must
// pass, read from the same table the server checks (guards.ts), so the page
// cannot promise a step the server would refuse for a reason it did not name.
// Pure: the case page renders it, tests read it.

/** The stages in order; `on_hold` is not one: a held case stands at the stage it was held from. */
export const stageOrder = ["intake", "documentation", "legal_review", "proceedings", "resolved", "closed"] as const satisfies readonly CaseState[];
export type Stage = (typeof stageOrder)[number];

const forward: Readonly<Record<Stage, TransitionName | null>> = {
  intake: "start_documentation",
  documentation: "request_legal_review",
  legal_review: "start_proceedings",
  proceedings: "resolve",
  resolved: "close",
  closed: null,
};

export type StageStep = {
  stage: Stage;
  status: "done" | "current" | "ahead";
  /** The move to the next stage, and what it needs (empty: a decision only). */
  next: { transition: TransitionName; needs: readonly GuardRefusal[] } | null;
};

export type Stepper = { steps: StageStep[]; onHold: boolean };

/** Every stage with its status for a case in `state` (held from `heldFrom`). An unknown or held-without-origin state marks no stage current. */
export function workflowStepper(state: CaseState, heldFrom: CaseState | null): Stepper {
  const onHold = state === "on_hold";
  const at = stageOrder.indexOf((onHold ? heldFrom : state) as Stage);
  const steps = stageOrder.map((stage, i): StageStep => {
    const transition = forward[stage];
    return {
      stage,
      status: at < 0 ? "ahead" : i < at ? "done" : i === at ? "current" : "ahead",
      next: transition ? { transition, needs: transitionGuards[transition] } : null,
    };
  });
  return { steps, onHold };
}
