import type { ReminderThresholdName } from "@/lib/deadlines/reminders";

// What a notification says, from its stored key alone. Pure: used by the list
// the bell shows and by the reminder mail, so both say the same thing.
//
// Keys (the unique constraint (userId, deadlineId, key) makes each one exist
// once): a threshold reminder is "<threshold>@<dueAt ISO>", so moving a
// deadline gives fresh reminders for the new date; an escalation is
// "overdue:YYYY-MM-DD" as lib/deadlines/reminders makes it.

const DAY_MS = 86_400_000;

export type Notice = { type: "reminder"; days: number } | { type: "overdue"; days: number };

/** Days before the due time a threshold name stands for ("d7" → 7, "due" → 0); 0 for anything else. */
function daysBefore(name: string): number {
  if (name === "due") return 0;
  const match = /^d([1-9]\d{0,2})$/.exec(name);
  return match ? Number(match[1]) : 0;
}

export function reminderKey(threshold: ReminderThresholdName, dueAt: Date): string {
  return `${threshold}@${dueAt.toISOString()}`;
}

/**
 * The notice of a stored notification. `at` is the moment it was owed, `dueAt`
 * the deadline's current due instant: an escalation is as many days overdue
 * as lie between them (at least 1, also when the deadline was moved since).
 */
export function noticeOf(key: string, at: Date, dueAt: Date): Notice {
  if (key.startsWith("overdue:")) {
    return { type: "overdue", days: Math.max(1, Math.round((at.getTime() - dueAt.getTime()) / DAY_MS)) };
  }
  const threshold = key.split("@", 1)[0] ?? "";
  return { type: "reminder", days: daysBefore(threshold) };
}
