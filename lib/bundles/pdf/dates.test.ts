/**
 * Dates in the bundle's PDFs: the bundle's language, the zone named by id and
 * offset, never ISO; capture dates as entered (no zone claimed).
 */
import { describe, expect, it } from "vitest";
import { formatCaptureDate, formatInstant, usableTimeZone, utcOffset } from "./dates";

describe("formatInstant", () => {
  it("writes the date in the bundle's language with the zone and its offset", () => {
    expect(formatInstant("2026-12-05T16:02:00.000Z", "en", "Europe/Berlin")).toBe("5 December 2026, 17:02 (Europe/Berlin, UTC+01:00)");
    expect(formatInstant("2026-12-05T16:02:00.000Z", "ru", "Europe/Berlin")).toBe("5 декабря 2026 г., 17:02 (Europe/Berlin, UTC+01:00)");
  });

  it("uses the offset of that day (summer time) and of odd zones", () => {
    expect(formatInstant("2026-07-01T10:00:00Z", "en", "Europe/Berlin")).toBe("1 July 2026, 12:00 (Europe/Berlin, UTC+02:00)");
    expect(formatInstant("2026-07-01T10:00:00Z", "en", "America/St_Johns")).toBe("1 July 2026, 07:30 (America/St_Johns, UTC-02:30)");
    expect(formatInstant("2026-01-01T00:30:00Z", "ru", "Asia/Kolkata")).toBe("1 января 2026 г., 06:00 (Asia/Kolkata, UTC+05:30)");
  });

  it("names UTC with a zero offset, and falls back to UTC for an unknown zone rather than failing", () => {
    expect(formatInstant("2026-03-01T09:15:00Z", "en", "UTC")).toBe("1 March 2026, 09:15 (UTC, UTC+00:00)");
    expect(usableTimeZone("Mars/Olympus_Mons")).toBe("UTC");
    expect(formatInstant("2026-03-01T09:15:00Z", "en", "Mars/Olympus_Mons")).toBe("1 March 2026, 09:15 (UTC, UTC+00:00)");
    expect(utcOffset(new Date("2026-03-01T00:00:00Z"), "America/New_York")).toBe("UTC-05:00");
  });

  it("returns text that is not an instant unchanged", () => {
    expect(formatInstant("", "en", "UTC")).toBe("");
    expect(formatInstant("not a date", "ru", "UTC")).toBe("not a date");
  });
});

describe("formatCaptureDate", () => {
  it("writes a date, or a date and wall-clock time, with no zone", () => {
    expect(formatCaptureDate("2026-02-28", "en")).toBe("28 February 2026");
    expect(formatCaptureDate("2026-02-28", "ru")).toBe("28 февраля 2026 г.");
    expect(formatCaptureDate("2026-02-28T14:30", "en")).toBe("28 February 2026, 14:30");
    expect(formatCaptureDate("2026-02-28T23:59", "ru")).toBe("28 февраля 2026 г., 23:59");
  });

  it("leaves anything else as it was entered", () => {
    expect(formatCaptureDate("", "en")).toBe("");
    expect(formatCaptureDate("2026-02-30", "en")).toBe("2026-02-30");
    expect(formatCaptureDate("spring 2025", "ru")).toBe("spring 2025");
  });
});
