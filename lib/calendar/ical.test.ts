import { describe, expect, it } from "vitest";
import { buildFeedCalendar, feedSummary, type FeedDeadline } from "./ical";

const now = new Date("2026-03-01T08:00:00.000Z");

function row(overrides: Partial<FeedDeadline> = {}): FeedDeadline {
  return {
    id: "0b9a4c2e-6f0e-4d55-9a35-2f1c7d3e8a10",
    caseId: "5f3a1b2c-3d4e-4f50-8a61-7b8c9d0e1f23",
    reference: "CV-7Q3K-9XPA",
    kind: "hearing",
    dueAt: new Date("2026-03-10T09:30:00.000Z"),
    dateOnly: false,
    status: "open",
    ...overrides,
  };
}

/** The lines of one VEVENT, unfolded (RFC 5545 folds long lines at 75 octets). */
function eventLines(text: string): string[] {
  const unfolded = text.replace(/\r\n[ \t]/g, "");
  const start = unfolded.indexOf("BEGIN:VEVENT");
  const end = unfolded.indexOf("END:VEVENT");
  return unfolded.slice(start, end).split("\r\n").filter(Boolean);
}

describe("feedSummary", () => {
  it("is the kind in plain English and the case reference", () => {
    expect(feedSummary(row())).toBe("Hearing — CV-7Q3K-9XPA");
    expect(feedSummary(row({ kind: "detention_review", reference: "CV-AAAA-BBBB" }))).toBe("Detention review — CV-AAAA-BBBB");
  });

  it("says when a deadline is due by the end of a day, and when it is done or missed", () => {
    expect(feedSummary(row({ kind: "filing", dateOnly: true }))).toBe("Filing — CV-7Q3K-9XPA (by end of day)");
    expect(feedSummary(row({ status: "done" }))).toBe("Hearing — CV-7Q3K-9XPA (done)");
    expect(feedSummary(row({ status: "missed" }))).toBe("Hearing — CV-7Q3K-9XPA (missed)");
  });
});

describe("buildFeedCalendar", () => {
  it("is a VCALENDAR with one event per deadline", () => {
    const text = buildFeedCalendar([row(), row({ id: "1c9a4c2e-6f0e-4d55-9a35-2f1c7d3e8a11", kind: "appeal" })], { now });
    expect(text.startsWith("BEGIN:VCALENDAR\r\n")).toBe(true);
    expect(text.trimEnd().endsWith("END:VCALENDAR")).toBe(true);
    expect(text.match(/BEGIN:VEVENT/g)).toHaveLength(2);
    expect(text).toContain("SUMMARY:Appeal — CV-7Q3K-9XPA");
  });

  it("an empty feed is still a valid calendar", () => {
    const text = buildFeedCalendar([], { now });
    expect(text).toContain("BEGIN:VCALENDAR");
    expect(text).not.toContain("BEGIN:VEVENT");
  });

  it("a timed deadline starts at its due instant, in UTC, with a stable UID", () => {
    const lines = eventLines(buildFeedCalendar([row()], { now }));
    expect(lines).toContain("UID:0b9a4c2e-6f0e-4d55-9a35-2f1c7d3e8a10@casevault");
    expect(lines).toContain("DTSTART:20260310T093000Z");
    expect(lines).toContain("DTEND:20260310T100000Z");
    expect(lines).toContain("DTSTAMP:20260301T080000Z");
    expect(lines).toContain("CLASS:PRIVATE");
  });

  it("a date-only deadline is a short event ending at the due instant, never an all-day event", () => {
    const lines = eventLines(buildFeedCalendar([row({ dateOnly: true, dueAt: new Date("2026-03-10T22:59:59.999Z") })], { now }));
    expect(lines).toContain("DTEND:20260310T225959Z");
    expect(lines).toContain("DTSTART:20260310T222959Z");
    expect(lines.some((l) => l.includes("VALUE=DATE"))).toBe(false);
  });

  it("links to the case page by id when the origin is known, and not otherwise", () => {
    const linked = eventLines(buildFeedCalendar([row()], { now, origin: "https://vault.example.org/" }));
    expect(linked).toContain("URL;VALUE=URI:https://vault.example.org/cases/5f3a1b2c-3d4e-4f50-8a61-7b8c9d0e1f23");
    const plain = eventLines(buildFeedCalendar([row()], { now }));
    expect(plain.some((l) => l.startsWith("URL"))).toBe(false);
  });

  it("carries the reference, kind and time and nothing else from the row", () => {
    const marked = {
      ...row(),
      title: "MARKER-TITLE-4471",
      court: "MARKER-COURT-4471",
      venue: "MARKER-VENUE-4471",
      notes: "MARKER-NOTES-4471",
      assigneeId: "MARKER-ASSIGNEE-4471",
      contentSealed: "MARKER-SEALED-4471",
      timeZone: "MARKER-ZONE-4471",
    };
    const text = buildFeedCalendar([marked], { now, origin: "https://vault.example.org" });
    expect(text).toContain("CV-7Q3K-9XPA");
    expect(text).toContain("Hearing");
    expect(text).not.toMatch(/MARKER/);
    // Only these properties, and none that could carry text: no DESCRIPTION, LOCATION, ATTENDEE, ORGANIZER.
    const names = eventLines(text).map((l) => l.split(/[:;]/)[0]);
    expect(new Set(names)).toEqual(new Set(["BEGIN", "UID", "SEQUENCE", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "CLASS", "URL"]));
  });
});
