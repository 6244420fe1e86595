// Which reminders and overdue escalations a deadline owes at a given moment.
//
// Pure: no DB, no clock of its own (the caller passes `now`), no time zones.
// The scheduler turns each result into a notification, claiming its key
// transactionally in the database so it is sent at most once; this module only
// produces deterministic answers and keys.
//
// Invariants:
// - Thresholds are absolute durations before the due instant: d14, d7, d3 and
//   d1 are 14, 7, 3 and 1 × 24 h before `dueAt`, and "due" is `dueAt` itself
//   (those are the defaults; an organisation may choose other days).
//   They are not calendar days in any zone (the server never knows the venue's
//   zone), so the same instants are computed by every process.
// - A threshold is due once its moment is <= `now` (the exact instant counts)
//   and only if its moment is strictly after `createdAt`: a deadline created
//   two days ahead gets d1 and due, never a late burst of d14/d7/d3. A
//   deadline recorded after its due instant gets no threshold reminders; the
//   overdue escalation covers it.
// - Results are ordered by moment (d14 first, due last) and the same inputs
//   always give the same output.
// - Overdue escalations exist only for status "open": one per full 24 h
//   elapsed since `dueAt` (the first at dueAt + 24 h, inclusive), keyed
//   "overdue:YYYY-MM-DD" by the UTC date of that escalation's moment. Moments
//   are 24 h apart, so keys are distinct and stable across calls and processes.
// - Invalid dates (NaN) are refused with a RangeError rather than answered.

export type ReminderThresholdName = "due" | `d${number}`;
export type ReminderThreshold = { name: ReminderThresholdName; before: number };

/**
 * An organisation's reminder days (lib/org settings: whole days 0–60) as
 * thresholds, furthest first: n days is "d<n>", n × 24 h before the due
 * instant; 0 is "due", the instant itself. The names go into notification
 * keys, so the same day always gives the same name (the defaults keep the
 * names reminders had before the days were a setting).
 */
export function reminderThresholdsFor(days: readonly number[]): ReminderThreshold[] {
  const unique = [...new Set(days)].filter((d) => Number.isInteger(d) && d >= 0);
  return unique.sort((a, b) => b - a).map((d) => ({ name: d === 0 ? "due" : `d${d}`, before: d * 86_400_000 }));
}

/** The reminder days an organisation has until its admin changes them. */
export const defaultReminderDays = [14, 7, 3, 1, 0] as const;
export const reminderThresholds: readonly ReminderThreshold[] = reminderThresholdsFor(defaultReminderDays);

export type DeadlineStatus = "open" | "done" | "missed" | "cancelled";

export interface DueReminder {
  threshold: ReminderThresholdName;
  /** The threshold's moment: dueAt minus the threshold's duration. */
  at: Date;
}

export interface OverdueEscalation {
  /** Deterministic idempotency key, e.g. "overdue:2026-11-28". */
  key: string;
  /** dueAt + daysOverdue × 24 h. */
  at: Date;
  daysOverdue: number;
}

const DAY_MS = 86_400_000;

function ms(name: string, value: Date): number {
  const t = value instanceof Date ? value.getTime() : Number.NaN;
  if (!Number.isFinite(t)) throw new RangeError(`${name} is not a valid date`);
  return t;
}

/** Thresholds whose moment is in (createdAt, now], in order; `thresholds` defaults to the default days'. */
export function dueReminders(input: { dueAt: Date; now: Date; createdAt: Date; thresholds?: readonly ReminderThreshold[] }): DueReminder[] {
  const dueAt = ms("dueAt", input.dueAt);
  const now = ms("now", input.now);
  const createdAt = ms("createdAt", input.createdAt);
  const result: DueReminder[] = [];
  for (const threshold of input.thresholds ?? reminderThresholds) {
    const moment = dueAt - threshold.before;
    if (moment <= now && moment > createdAt) result.push({ threshold: threshold.name, at: new Date(moment) });
  }
  return result;
}

/** One escalation per full day an open deadline is past due, oldest first. */
export function overdueEscalations(input: { dueAt: Date; now: Date; status: DeadlineStatus }): OverdueEscalation[] {
  const dueAt = ms("dueAt", input.dueAt);
  const now = ms("now", input.now);
  if (input.status !== "open" || now < dueAt + DAY_MS) return [];
  const days = Math.floor((now - dueAt) / DAY_MS);
  const result: OverdueEscalation[] = [];
  for (let day = 1; day <= days; day++) {
    const at = new Date(dueAt + day * DAY_MS);
    result.push({ key: `overdue:${at.toISOString().slice(0, 10)}`, at, daysOverdue: day });
  }
  return result;
}
