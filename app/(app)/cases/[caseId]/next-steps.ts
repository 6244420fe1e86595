import type { CaseDetail } from "@/lib/cases/schema";
import type { CaseTab } from "./case-tabs";

// What a new case still needs before it can go to a lawyer: a team, the
// person's testimony, evidence, the hearing. Pure, from the row counts the
// case page already has (no content), so it is tested without a browser.

export type NextStep = { tab: Extract<CaseTab, "team" | "testimonies" | "evidence" | "deadlines">; done: boolean };

/** States in which the list is shown: a case being set up, not one already in court or closed. */
const settingUp: ReadonlySet<string> = new Set(["intake", "documentation"]);

/** The steps in the order a caseworker takes them; empty once the case is past setting up or every step is done. */
export function nextSteps(detail: Pick<CaseDetail, "state" | "members" | "counts">): NextStep[] {
  if (!settingUp.has(detail.state)) return [];
  const steps: NextStep[] = [
    { tab: "team", done: detail.members.length > 1 },
    { tab: "testimonies", done: detail.counts.testimonies > 0 },
    { tab: "evidence", done: detail.counts.evidence > 0 },
    { tab: "deadlines", done: detail.counts.deadlines > 0 },
  ];
  return steps.every((s) => s.done) ? [] : steps;
}
