import { describe, expect, it } from "vitest";
import type { MembershipStatement } from "@/lib/trust/chain-schema";
import { caseTimeline, teamChange, type TimelineSources } from "./timeline";

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const key = "A".repeat(43);
const member = (n: number, role: "lead" | "member" | "reviewer") => ({ userId: id(n), role, boxPublicKey: key, signPublicKey: key });
const statement = (seq: number, epoch: number, members: ReturnType<typeof member>[], signedAt: string): MembershipStatement => ({
  type: "casevault:v1:membership",
  caseId: id(99),
  seq,
  prev: seq === 1 ? "" : key,
  epoch,
  keyCheckValue: key,
  members,
  signerId: id(1),
  signedAt,
});

const empty: TimelineSources = { transitions: [], profileVersions: [], chain: null, testimonies: [], evidence: [], deadlines: [] };

describe("teamChange", () => {
  it("names who joined, who left, whose role changed, and whether the case key was replaced", () => {
    const a = statement(1, 1, [member(1, "lead")], "2026-01-01T10:00:00.000Z");
    const b = statement(2, 1, [member(1, "lead"), member(2, "member"), member(3, "reviewer")], "2026-01-02T10:00:00.000Z");
    const c = statement(3, 2, [member(1, "lead"), member(2, "reviewer")], "2026-01-03T10:00:00.000Z");
    expect(teamChange(null, a)).toEqual({ added: [{ userId: id(1), role: "lead" }], removed: [], changed: [], newKey: false });
    expect(teamChange(a, b)).toEqual({ added: [{ userId: id(2), role: "member" }, { userId: id(3), role: "reviewer" }], removed: [], changed: [], newKey: false });
    expect(teamChange(b, c)).toEqual({ added: [], removed: [id(3)], changed: [{ userId: id(2), role: "reviewer" }], newKey: true });
  });
});

describe("caseTimeline", () => {
  it("puts every kind of event on one line of time, newest first", () => {
    const events = caseTimeline({
      transitions: [{ id: "t1", transition: "start_documentation", fromState: "intake", toState: "documentation", actorId: id(1), at: "2026-01-05T09:00:00.000Z", reasonRecordId: null }],
      profileVersions: [{ version: 1, authorId: id(1), createdAt: "2026-01-01T10:00:00.000Z" }],
      chain: [statement(1, 1, [member(1, "lead")], "2026-01-01T10:00:00.000Z"), statement(2, 1, [member(1, "lead"), member(2, "member")], "2026-01-02T10:00:00.000Z")],
      testimonies: [{ testimonyId: "tm", title: "Арман", versions: [{ version: 1, authorId: id(2), signedAt: "2026-01-06T09:00:00.000Z" }, { version: 2, authorId: id(2), signedAt: "2026-01-08T09:00:00.000Z" }] }],
      evidence: [{ id: "ev", name: "report.pdf", uploaderId: id(2), signedAt: "2026-01-07T09:00:00.000Z", reviewStatus: "admissible", reviewedById: id(3), reviewedAt: "2026-01-09T09:00:00.000Z" }],
      deadlines: [{ id: "dl", title: "Hearing", kind: "hearing", createdById: id(1), createdAt: "2026-01-03T09:00:00.000Z", status: "done", statusById: id(1), statusAt: "2026-01-10T09:00:00.000Z" }],
    });
    expect(events.map((e) => `${e.kind}@${e.at.slice(5, 10)}`)).toEqual([
      "deadline@01-10",
      "review@01-09",
      "testimony@01-08",
      "evidence@01-07",
      "testimony@01-06",
      "workflow@01-05",
      "deadline@01-03",
      "team@01-02",
      "profile@01-01",
      "team@01-01",
    ]);
    expect(events[0]).toMatchObject({ kind: "deadline", status: "done", actorId: id(1), title: "Hearing" });
    expect(events[1]).toMatchObject({ kind: "review", status: "admissible", actorId: id(3), name: "report.pdf" });
    expect(events.at(-1)).toMatchObject({ kind: "team", opened: true });
  });

  it("shows no team events when the chain did not verify, and no review event for unreviewed evidence", () => {
    const events = caseTimeline({
      ...empty,
      chain: null,
      evidence: [{ id: "ev", name: null, uploaderId: id(2), signedAt: "2026-01-07T09:00:00.000Z", reviewStatus: "unreviewed", reviewedById: null, reviewedAt: null }],
    });
    expect(events.map((e) => e.kind)).toEqual(["evidence"]);
  });

  it("leaves out chain statements that changed nothing a person would see", () => {
    const a = statement(1, 1, [member(1, "lead")], "2026-01-01T10:00:00.000Z");
    const same = statement(2, 1, [member(1, "lead")], "2026-01-02T10:00:00.000Z");
    expect(caseTimeline({ ...empty, chain: [a, same] }).filter((e) => e.kind === "team")).toHaveLength(1);
  });
});
