import { endOfDayInstant, instantToZoned, zonedToInstant } from "./zoned-time";

// From what a person entered (date, optional time, the venue's zone) to the
// instant the server sorts and reminds by, and back to the questions a
// dashboard asks ("overdue? today? within a week?"). Pure; used in the browser.

const DAY_MS = 86_400_000;

/** The due instant: the wall time in the venue's zone, or the end of that day when no time is given. */
export function dueInstant(entry: { date: string; time: string; timeZone: string }): { dueAt: string; dateOnly: boolean } {
  if (entry.time === "") return { dueAt: endOfDayInstant({ date: entry.date, timeZone: entry.timeZone }).toISOString(), dateOnly: true };
  return { dueAt: zonedToInstant(entry).toISOString(), dateOnly: false };
}

/** A calendar date `days` later ("YYYY-MM-DD"), independent of any zone. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export type DueBucket = "overdue" | "today" | "week" | "month" | "later" | "closed";

/**
 * Where a deadline sits on the dashboard for a viewer in `viewerZone`:
 * open and past due → overdue; due on the viewer's today → today; then the
 * next 7 and 30 days. Resolved deadlines are "closed" whatever their date.
 */
export function dueBucket(input: { dueAt: Date; status: string; now: Date; viewerZone: string }): DueBucket {
  if (input.status !== "open") return "closed";
  const due = input.dueAt.getTime();
  const now = input.now.getTime();
  if (due < now) return "overdue";
  if (instantToZoned(input.dueAt, input.viewerZone).date === instantToZoned(input.now, input.viewerZone).date) return "today";
  if (due - now <= 7 * DAY_MS) return "week";
  if (due - now <= 30 * DAY_MS) return "month";
  return "later";
}

/**
 * Whole 24-hour days until the due instant (negative: days since), rounded
 * towards zero: 0 within a day either side. Counted as the reminders count
 * them, so "3 days left" here and "in 3 days" in a reminder agree.
 */
export function daysLeft(dueAt: Date, now: Date): number {
  return Math.trunc((dueAt.getTime() - now.getTime()) / DAY_MS) || 0;
}
