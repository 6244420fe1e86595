import { describe, expect, it } from "vitest";
import { nextSteps } from "./next-steps";

const member = { userId: "u", caseRole: "lead" as const, needsKeyShare: false, addedAt: "2026-12-01T00:00:00.000Z" };
const fresh = { state: "intake", members: [member], counts: { testimonies: 0, evidence: 0, deadlines: 0 } };

describe("nextSteps", () => {
  it("lists all four open for a case just opened, in the order they are taken", () => {
    expect(nextSteps(fresh)).toEqual([
      { tab: "team", done: false },
      { tab: "testimonies", done: false },
      { tab: "evidence", done: false },
      { tab: "deadlines", done: false },
    ]);
  });

  it("ticks each step from what is on the case", () => {
    const some = nextSteps({ ...fresh, members: [member, { ...member, userId: "v" }], counts: { testimonies: 1, evidence: 0, deadlines: 2 } });
    expect(some.map((s) => [s.tab, s.done])).toEqual([
      ["team", true],
      ["testimonies", true],
      ["evidence", false],
      ["deadlines", true],
    ]);
  });

  it("is empty once every step is done, and for a case past setting up", () => {
    expect(nextSteps({ ...fresh, members: [member, member], counts: { testimonies: 1, evidence: 1, deadlines: 1 } })).toEqual([]);
    expect(nextSteps({ ...fresh, state: "proceedings" })).toEqual([]);
    expect(nextSteps({ ...fresh, state: "documentation" })).toHaveLength(4);
  });
});
