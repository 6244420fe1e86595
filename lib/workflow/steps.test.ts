import { describe, expect, it } from "vitest";
import { checkTransition } from "./machine";
import { stageOrder, workflowStepper } from "./steps";

const statuses = (s: ReturnType<typeof workflowStepper>) => s.steps.map((step) => `${step.stage}:${step.status}`);

describe("workflowStepper", () => {
  it("marks the stages before the case's as done, its own as current, the rest ahead", () => {
    expect(statuses(workflowStepper("legal_review", null))).toEqual([
      "intake:done",
      "documentation:done",
      "legal_review:current",
      "proceedings:ahead",
      "resolved:ahead",
      "closed:ahead",
    ]);
    expect(workflowStepper("intake", null).steps[0]!.status).toBe("current");
    expect(workflowStepper("closed", null).steps.map((s) => s.status)).toEqual(["done", "done", "done", "done", "done", "current"]);
  });

  it("shows a held case at the stage it was held from, and says it is on hold", () => {
    const held = workflowStepper("on_hold", "documentation");
    expect(held.onHold).toBe(true);
    expect(held.steps.find((s) => s.status === "current")?.stage).toBe("documentation");
    expect(workflowStepper("documentation", null).onHold).toBe(false);
    // Held with no stage remembered: nothing is claimed as current.
    expect(workflowStepper("on_hold", null).steps.every((s) => s.status === "ahead")).toBe(true);
  });

  it("names for each stage the move onward and exactly the guards the server checks for it", () => {
    const { steps } = workflowStepper("intake", null);
    expect(steps.map((s) => s.next?.transition ?? null)).toEqual(["start_documentation", "request_legal_review", "start_proceedings", "resolve", "close", null]);
    expect(steps[0]!.next?.needs).toEqual(["needs_person_profile"]);
    expect(steps[1]!.next?.needs).toEqual(["needs_consented_testimony"]);
    expect(steps[4]!.next?.needs).toEqual(["open_deadlines", "needs_reason"]);
    // What the stepper lists is what the workflow door refuses without.
    const coordinator = { orgRole: "coordinator" as const, caseRole: "lead" as const };
    for (const step of steps.filter((s) => s.next)) {
      const refused = checkTransition({
        transition: step.next!.transition,
        state: step.stage,
        heldFrom: null,
        actor: coordinator,
        facts: { hasPersonProfile: false, consentedTestimonies: 0, openDeadlines: 1, reasonGiven: false },
      });
      if (step.next!.needs.length === 0) expect(refused.ok || refused.reason === "not_allowed_for_role").toBe(true);
      else expect(refused).toEqual({ ok: false, reason: step.next!.needs[0] });
    }
    expect(stageOrder).toHaveLength(6);
  });
});
