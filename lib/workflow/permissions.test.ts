import { describe, expect, it } from "vitest";
import type { CaseRole, OrgRole } from "@/lib/auth/roles";
import { availableTransitions, checkTransition, transitionNames, type TransitionName } from "./machine";
import { mayMake } from "./permissions";
import type { CaseState } from "./states";

// Who may make each transition, written out by hand (not derived from
// transitionGrants). Per org role the columns are: case Lead, Member,
// Reviewer, and "-" not a member. "Y" allowed, "." refused.
const grid = `
                          admin    coordinator  caseworker  lawyer
                          L M R -  L M R -      L M R -     L M R -
start_documentation       Y . . .  Y Y Y .      Y Y Y .     Y . . .
request_legal_review      Y . . .  Y Y Y .      Y Y Y .     Y . . .
return_to_documentation   Y . . .  Y Y Y .      Y . . .     Y Y Y .
start_proceedings         Y . . .  Y Y Y .      Y . . .     Y Y Y .
return_to_legal_review    Y . . .  Y Y Y .      Y . . .     Y Y Y .
resolve                   Y . . .  Y Y Y .      Y . . .     Y Y Y .
close                     Y . . .  Y Y Y .      Y . . .     Y . . .
hold                      Y . . .  Y Y Y .      Y . . .     Y . . .
resume                    Y . . .  Y Y Y .      Y . . .     Y . . .
reopen                    Y . . .  Y Y Y .      Y . . .     Y . . .
`;
const orgColumns: OrgRole[] = ["admin", "coordinator", "caseworker", "lawyer"];
const caseColumns: (CaseRole | null)[] = ["lead", "member", "reviewer", null];

// A state each transition can be made from, with what `resume` needs.
const fromState: Record<TransitionName, { state: CaseState; heldFrom: CaseState | null }> = {
  start_documentation: { state: "intake", heldFrom: null },
  request_legal_review: { state: "documentation", heldFrom: null },
  return_to_documentation: { state: "legal_review", heldFrom: null },
  start_proceedings: { state: "legal_review", heldFrom: null },
  return_to_legal_review: { state: "proceedings", heldFrom: null },
  resolve: { state: "proceedings", heldFrom: null },
  close: { state: "resolved", heldFrom: null },
  hold: { state: "documentation", heldFrom: null },
  resume: { state: "on_hold", heldFrom: "legal_review" },
  reopen: { state: "closed", heldFrom: null },
};
const allFactsPass = { hasPersonProfile: true, consentedTestimonies: 1, openDeadlines: 0, reasonGiven: true };

function fail(message: string): never {
  throw new Error(message);
}

type Cell = { orgRole: OrgRole; caseRole: CaseRole | null; allowed: boolean };

function parseGrid(text: string): Map<string, Cell[]> {
  const rows = new Map<string, Cell[]>();
  for (const line of text.trim().split("\n").slice(2)) {
    const [name = "", ...cells] = line.trim().split(/\s+/);
    if (cells.length !== orgColumns.length * caseColumns.length) throw new Error(`malformed row: ${line}`);
    rows.set(
      name,
      cells.map((cell, i) => ({
        orgRole: orgColumns[Math.floor(i / caseColumns.length)] as OrgRole,
        caseRole: caseColumns[i % caseColumns.length] as CaseRole | null,
        allowed: cell === "Y" ? true : cell === "." ? false : fail(`bad cell "${cell}" in: ${line}`),
      })),
    );
  }
  return rows;
}
const expected = parseGrid(grid);

describe("every transition × org role × case role", () => {
  it("the grid has a row for exactly every transition", () => {
    expect([...expected.keys()].sort()).toEqual([...transitionNames].sort());
  });

  for (const transition of Object.keys(fromState) as TransitionName[]) {
    for (const { orgRole, caseRole, allowed } of expected.get(transition) ?? []) {
      const who = `${orgRole} ${caseRole ?? "non-member"}`;
      it(`${transition}: ${who} ${allowed ? "allowed" : "refused"}`, () => {
        const actor = { orgRole, caseRole };
        expect(mayMake(actor, transition)).toBe(allowed);
        const { state, heldFrom } = fromState[transition];
        expect(checkTransition({ transition, state, heldFrom, actor, facts: allFactsPass }).ok).toBe(allowed);
        if (!allowed) {
          expect(checkTransition({ transition, state, heldFrom, actor, facts: allFactsPass })).toEqual({
            ok: false,
            reason: "not_allowed_for_role",
          });
        }
        expect(availableTransitions({ state, heldFrom, actor }).includes(transition)).toBe(allowed);
      });
    }
  }
});
