import ical, { ICalCalendarMethod, ICalEventClass } from "ical-generator";
import type { DeadlineKind, DeadlineStatus } from "@/lib/deadlines/schema";

// The iCal text of a private feed. Pure, so a test can pin down exactly what
// leaves the server. A calendar app stores the feed on other people's servers
// (Google, Apple, …), so each event carries only what DESIGN.md §3 already
// shows in plaintext: kind, case reference and time — never a title, court,
// venue, note, person, or any sealed bytes. Fields are picked one by one
// below: whatever else a row carries cannot end up in the output.

/** One deadline as the feed needs it. */
export type FeedDeadline = {
  id: string;
  caseId: string;
  reference: string;
  kind: DeadlineKind;
  dueAt: Date;
  dateOnly: boolean;
  status: DeadlineStatus;
};

export type FeedOptions = {
  /** The app's public URL: each event links to its case page. Unset: no links. */
  origin?: string;
  /** DTSTAMP of every event; fixed in tests. */
  now?: Date;
};

// English on purpose: the feed has no session and so no locale, and a
// calendar app shows it as it is.
const kindLabels: Record<DeadlineKind, string> = {
  hearing: "Hearing",
  appeal: "Appeal",
  filing: "Filing",
  asylum: "Asylum",
  detention_review: "Detention review",
  interim_measures: "Interim measures",
  other: "Deadline",
};

const statusSuffix: Partial<Record<DeadlineStatus, string>> = { done: " (done)", missed: " (missed)", cancelled: " (cancelled)" };

/** Calendar apps draw zero-length events poorly; half an hour is visible and claims little. */
const EVENT_MINUTES = 30;
const minutes = (n: number) => n * 60_000;

export function feedSummary(row: Pick<FeedDeadline, "kind" | "reference" | "dateOnly" | "status">): string {
  return `${kindLabels[row.kind]} — ${row.reference}${row.dateOnly ? " (by end of day)" : ""}${statusSuffix[row.status] ?? ""}`;
}

/** The event's span. A date-only deadline is due by the end of a day in the venue's zone, which the server does not know: an all-day event would land on the wrong day for some readers, so it is a short event ending at the due instant. */
function span(row: FeedDeadline): { start: Date; end: Date } {
  const due = row.dueAt.getTime();
  return row.dateOnly ? { start: new Date(due - minutes(EVENT_MINUTES)), end: row.dueAt } : { start: row.dueAt, end: new Date(due + minutes(EVENT_MINUTES)) };
}

export function buildFeedCalendar(rows: readonly FeedDeadline[], options: FeedOptions = {}): string {
  const origin = options.origin?.replace(/\/+$/, "");
  const calendar = ical({
    name: "Casevault deadlines",
    prodId: { company: "Casevault", product: "Deadlines", language: "EN" },
    method: ICalCalendarMethod.PUBLISH,
    // A hint for apps that honour it (REFRESH-INTERVAL / X-PUBLISHED-TTL).
    ttl: 60 * 60,
  });
  for (const row of rows) {
    calendar.createEvent({
      id: `${row.id}@casevault`,
      ...span(row),
      stamp: options.now ?? new Date(),
      summary: feedSummary(row),
      // Where the user shares their calendar, others see "busy", not the event.
      class: ICalEventClass.PRIVATE,
      url: origin ? `${origin}/cases/${row.caseId}` : null,
    });
  }
  return calendar.toString();
}
