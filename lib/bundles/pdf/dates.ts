/**
 * Dates as a court reads them in the bundle's PDFs: in the bundle's language,
 * with the time zone named by its IANA id and UTC offset, e.g.
 * "5 December 2026, 17:02 (Europe/Berlin, UTC+01:00)" or
 * "5 декабря 2026 г., 17:02 (Europe/Berlin, UTC+01:00)". Never raw ISO.
 */

export type PdfLocale = "en" | "ru";

// British English: day before month and a 24-hour clock, as courts outside
// the US write dates; "en-US" would read 12/5 as the 5th of December's opposite.
const INTL_LOCALE: Record<PdfLocale, string> = { en: "en-GB", ru: "ru-RU" };

/** `timeZone` if Intl knows it, else "UTC": an unknown zone must not stop an export, and the zone printed is the one used. */
export function usableTimeZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat("en", { timeZone });
    return timeZone;
  } catch {
    return "UTC";
  }
}

/** "UTC+01:00", "UTC-03:30", "UTC+00:00" for `date` in `timeZone`. */
export function utcOffset(date: Date, timeZone: string): string {
  const part = new Intl.DateTimeFormat("en", { timeZone, timeZoneName: "longOffset" }).formatToParts(date).find((p) => p.type === "timeZoneName")?.value ?? "GMT";
  // "GMT" alone is how Intl names a zero offset.
  const offset = part === "GMT" ? "+00:00" : part.replace(/^GMT/, "").replace("\u2212", "-");
  return `UTC${offset}`;
}

function dateOnly(date: Date, locale: PdfLocale, timeZone: string): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], { timeZone, day: "numeric", month: "long", year: "numeric" }).format(date);
}

function timeOnly(date: Date, locale: PdfLocale, timeZone: string): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(date);
}

/**
 * An instant (ISO 8601) as "5 December 2026, 17:02 (Europe/Berlin, UTC+01:00)".
 * Date and time are formatted apart and joined with ", " because ICU versions
 * differ on the joiner ("at", ",", "в"). Text that is not a date is returned as is.
 */
export function formatInstant(iso: string, locale: PdfLocale, timeZone: string): string {
  const date = new Date(iso);
  if (iso === "" || Number.isNaN(date.getTime())) return iso;
  const zone = usableTimeZone(timeZone);
  return `${dateOnly(date, locale, zone)}, ${timeOnly(date, locale, zone)} (${zone}, ${utcOffset(date, zone)})`;
}

const CAPTURED = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/;

/**
 * A capture date as entered ("YYYY-MM-DD" or "YYYY-MM-DDTHH:mm", a wall-clock
 * time whose zone was not recorded) in the bundle's language, with no zone
 * named: naming one would claim more than was recorded. "" or any other text
 * is returned as is.
 */
export function formatCaptureDate(value: string, locale: PdfLocale): string {
  const m = CAPTURED.exec(value);
  if (!m) return value;
  const [year, month, day, hour, minute] = m.slice(1).map((part) => (part === undefined ? undefined : Number(part)));
  // Built and formatted in UTC so that no zone shifts the wall-clock value.
  const date = new Date(Date.UTC(year!, month! - 1, day!, hour ?? 0, minute ?? 0));
  if (Number.isNaN(date.getTime()) || date.getUTCDate() !== day) return value;
  const text = dateOnly(date, locale, "UTC");
  return hour === undefined ? text : `${text}, ${timeOnly(date, locale, "UTC")}`;
}
