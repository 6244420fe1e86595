import { describe, expect, it } from "vitest";
import { owedNotifications, type PlanDeadline, type PlanMember } from "./plan";

const DAY = 86_400_000;
const dueAt = new Date("2026-12-10T09:00:00.000Z");
const before = (days: number) => new Date(dueAt.getTime() - days * DAY);

const lead: PlanMember = { userId: "lead", caseRole: "lead", orgRole: "caseworker", active: true };
const assignee: PlanMember = { userId: "assignee", caseRole: "member", orgRole: "lawyer", active: true };
const bystander: PlanMember = { userId: "bystander", caseRole: "member", orgRole: "caseworker", active: true };
const coordinator: PlanMember = { userId: "coord", caseRole: "reviewer", orgRole: "coordinator", active: true };

const deadline = (over: Partial<PlanDeadline> = {}): PlanDeadline => ({
  id: "d",
  dueAt,
  scheduledAt: before(30),
  status: "open",
  assigneeId: "assignee",
  members: [lead, assignee, bystander, coordinator],
  ...over,
});

const summary = (d: PlanDeadline, now: Date) => owedNotifications(d, now).map((n) => `${n.userId}:${n.key}`);

describe("owedNotifications", () => {
  it("nothing before 14 days ahead", () => {
    expect(owedNotifications(deadline(), new Date(before(14).getTime() - 1))).toEqual([]);
  });

  it("reminders go to the assignee and the lead, not to other members", () => {
    expect(summary(deadline(), before(3))).toEqual([`lead:d3@${dueAt.toISOString()}`, `assignee:d3@${dueAt.toISOString()}`]);
    expect(owedNotifications(deadline(), before(3))[0]?.at).toEqual(before(3));
  });

  it("only the latest owed reminder: a scheduler that was down does not flood", () => {
    expect(summary(deadline(), new Date(dueAt.getTime() + 1))).toEqual([`lead:due@${dueAt.toISOString()}`, `assignee:due@${dueAt.toISOString()}`]);
  });

  it("no late burst for a deadline entered 2 days ahead", () => {
    expect(summary(deadline({ scheduledAt: before(2) }), new Date(before(3).getTime() + 1))).toEqual([]);
  });

  it("an assignee who left the team, and inactive users, get nothing", () => {
    const d = deadline({ members: [{ ...lead, active: false }, bystander, coordinator] });
    expect(summary(d, before(1))).toEqual([]);
  });

  it("overdue by a day: the latest escalation goes to the coordinators on the team", () => {
    const now = new Date(dueAt.getTime() + 2 * DAY + 5);
    const owed = summary(deadline(), now);
    expect(owed).toContain("coord:overdue:2026-12-12");
    expect(owed.filter((o) => o.includes("overdue"))).toEqual(["coord:overdue:2026-12-12"]);
  });

  it("the organisation's reminder days replace the default ones", () => {
    const d = deadline({ reminderDays: [10, 2] });
    expect(owedNotifications(d, new Date(before(10).getTime() - 1))).toEqual([]);
    expect(summary(d, before(10))).toEqual([`lead:d10@${dueAt.toISOString()}`, `assignee:d10@${dueAt.toISOString()}`]);
    // 7 and 3 days, 1 day and the due time are not among its days: the latest owed stays d10, then d2.
    for (const days of [7, 3]) expect(summary(d, before(days))).toEqual([`lead:d10@${dueAt.toISOString()}`, `assignee:d10@${dueAt.toISOString()}`]);
    for (const days of [2, 1, 0]) expect(summary(d, before(days))).toEqual([`lead:d2@${dueAt.toISOString()}`, `assignee:d2@${dueAt.toISOString()}`]);
  });

  it("a resolved deadline is owed nothing", () => {
    for (const status of ["done", "missed", "cancelled"] as const) {
      expect(owedNotifications(deadline({ status }), new Date(dueAt.getTime() + 5 * DAY))).toEqual([]);
    }
  });
});
