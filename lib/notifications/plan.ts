import type { CaseRole, OrgRole } from "@/lib/auth/roles";
import { dueReminders, overdueEscalations, reminderThresholdsFor, type DeadlineStatus } from "@/lib/deadlines/reminders";
import { reminderKey } from "./notice";

// Who is owed which notification for one deadline at `now`. Pure: the tick
// (actions.ts) loads the deadlines and inserts what this returns; the
// database's unique key, not this function, makes each one exist once.
//
// - Only open deadlines; only active users who are still on the case team
//   (the team is the list given, so a removed assignee gets nothing).
// - Reminders (on the organisation's reminder days; by default 14/7/3/1 days
//   before, and at the due time) go to the assignee
//   and the case lead(s); escalations (an open deadline ≥ 24 h past due, once
//   a day) go to the team's coordinators (org role).
// - Only the LATEST owed reminder and the LATEST owed escalation are returned.
//   A scheduler that was down for a while therefore sends one current notice
//   on its next tick instead of flooding people with every reminder it missed
//   (the earlier ones are skipped for good: the latest says more). A tick that
//   runs on time sees at most one new threshold anyway.
// - `scheduledAt` (when dueAt was last set) is the reminders' start: a deadline
//   entered 2 days ahead gets d1 and due, never a late d14/d7/d3.

export type PlanMember = { userId: string; caseRole: CaseRole; orgRole: OrgRole; active: boolean };

export type PlanDeadline = {
  id: string;
  dueAt: Date;
  scheduledAt: Date;
  status: DeadlineStatus;
  assigneeId: string | null;
  members: readonly PlanMember[];
  /** The organisation's reminder days (0 = the due time); the defaults when absent. */
  reminderDays?: readonly number[];
};

export type OwedNotification = { userId: string; deadlineId: string; key: string; at: Date };

export function owedNotifications(deadline: PlanDeadline, now: Date): OwedNotification[] {
  if (deadline.status !== "open") return [];
  const active = deadline.members.filter((m) => m.active);
  const owed: OwedNotification[] = [];

  const thresholds = deadline.reminderDays ? reminderThresholdsFor(deadline.reminderDays) : undefined;
  const reminders = dueReminders({ dueAt: deadline.dueAt, now, createdAt: deadline.scheduledAt, thresholds });
  const reminder = reminders[reminders.length - 1];
  if (reminder) {
    const key = reminderKey(reminder.threshold, deadline.dueAt);
    for (const m of active) {
      if (m.userId === deadline.assigneeId || m.caseRole === "lead") owed.push({ userId: m.userId, deadlineId: deadline.id, key, at: reminder.at });
    }
  }

  const escalations = overdueEscalations({ dueAt: deadline.dueAt, now, status: deadline.status });
  const escalation = escalations[escalations.length - 1];
  if (escalation) {
    for (const m of active) {
      if (m.orgRole === "coordinator") owed.push({ userId: m.userId, deadlineId: deadline.id, key: escalation.key, at: escalation.at });
    }
  }
  return owed;
}
