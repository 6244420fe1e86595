// Wall-clock time in a named IANA time zone <-> UTC instants, for deadlines.
//
// The server stores a deadline only as its due instant (UTC); the venue's zone
// label is encrypted, so conversion happens in the browser. This module is
// pure and runs unchanged in the browser and in Node: it uses only the
// built-in `Intl` API (no packages, no DB, no React, no crypto).
//
// Invariants:
// - Inputs are strict: dates are "YYYY-MM-DD" (a real calendar date, year
//   1000-9999), times are "HH:MM" (00:00-23:59), zones are IANA names that
//   `Intl` accepts (fixed offsets such as "+04:00" are refused). Anything
//   else throws `ZonedTimeError` with a code; nothing is silently coerced.
// - `zonedToInstant` returns an instant whose wall clock in the zone shows
//   exactly the requested date and time, except in a DST gap:
//     * Gap (the wall time does not exist, e.g. Europe/Berlin 2026-03-29
//       02:30): the result is the instant just after the gap, i.e. the
//       transition instant itself (Berlin: 03:00 CEST = 01:00Z). A deadline
//       entered in the gap is therefore never earlier than the clock allows.
//     * Overlap (the wall time occurs twice, e.g. Europe/Berlin 2026-10-25
//       02:30): the result is the EARLIER of the two instants (02:30 CEST =
//       00:30Z), so a deadline is never reported later than it might be.
// - `endOfDayInstant` is the last millisecond at which the zone's wall clock
//   still shows `date` (normally 23:59:59.999 local). It is computed as the
//   first instant of the following day minus 1 ms, which stays correct when
//   midnight falls in a gap or an overlap.
// - `instantToZoned` is the inverse view: for every instant t (in an era with
//   whole-minute offsets), zonedToInstant(instantToZoned(t)) equals t
//   truncated to the minute, or an earlier instant with the same wall time
//   when t lies in the second half of an overlap.

export type ZonedTimeErrorCode = "invalid_date" | "invalid_time" | "unknown_time_zone" | "invalid_instant";

export class ZonedTimeError extends Error {
  override readonly name = "ZonedTimeError";
  constructor(
    readonly code: ZonedTimeErrorCode,
    message: string = code,
  ) {
    super(message);
  }
}

export interface ZonedDateTime {
  /** "YYYY-MM-DD" in the zone. */
  date: string;
  /** "HH:MM" in the zone (seconds are truncated). */
  time: string;
  /** The zone's offset from UTC at that instant, in minutes (east positive). */
  offsetMinutes: number;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^(\d{2}):(\d{2})$/;
// IANA names start with a letter ("Asia/Yerevan", "UTC", "Etc/GMT+4");
// this refuses offset strings like "+04:00" that some engines also accept.
const ZONE_RE = /^[A-Za-z][A-Za-z0-9_+\-/]*$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True when `name` is an IANA time zone known to this runtime's `Intl`. */
export function isTimeZone(name: string): boolean {
  if (typeof name !== "string" || name.length > 64 || !ZONE_RE.test(name)) return false;
  try {
    formatterFor(name);
    return true;
  } catch {
    return false;
  }
}

function requireZone(timeZone: string): void {
  if (!isTimeZone(timeZone)) throw new ZonedTimeError("unknown_time_zone", `Unknown time zone: ${String(timeZone)}`);
}

/** Milliseconds since the epoch for a wall-clock reading, as if it were UTC. */
function wallMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): number {
  const d = new Date(Date.UTC(2000, 0, 1, hour, minute, second, ms));
  d.setUTCFullYear(year, month - 1, day);
  return d.getTime();
}

interface WallParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallPartsAt(instantMs: number, timeZone: string): WallParts {
  const parts = formatterFor(timeZone).formatToParts(new Date(instantMs));
  const get = (type: Intl.DateTimeFormatPartTypes): number => {
    const part = parts.find((p) => p.type === type);
    return part ? Number(part.value) : 0;
  };
  return {
    year: get("year"),
    month: get("month"),
    day: get("day"),
    // Some engines render midnight as "24" even with h23.
    hour: get("hour") % 24,
    minute: get("minute"),
    second: get("second"),
  };
}

/** The zone's UTC offset at an instant, in milliseconds (east positive). */
function offsetMsAt(instantMs: number, timeZone: string): number {
  const p = wallPartsAt(instantMs, timeZone);
  const wholeSecond = instantMs - (((instantMs % 1000) + 1000) % 1000);
  return wallMs(p.year, p.month, p.day, p.hour, p.minute, p.second) - wholeSecond;
}

/**
 * The instant at which the zone's wall clock reads `wall` (a wall reading
 * encoded as UTC milliseconds). Overlap: earlier instant. Gap: the transition
 * instant that ends the gap.
 */
function wallToInstant(wall: number, timeZone: string): number {
  // Real offsets lie within ±14 h, so the offsets a day either side of the
  // wall reading bracket any transition that could affect it.
  const before = offsetMsAt(wall - DAY_MS, timeZone);
  const after = offsetMsAt(wall + DAY_MS, timeZone);
  const candidates = new Set([before, offsetMsAt(wall, timeZone), after]);
  const valid: number[] = [];
  for (const offset of candidates) {
    const instant = wall - offset;
    if (offsetMsAt(instant, timeZone) === offset) valid.push(instant);
  }
  if (valid.length > 0) return Math.min(...valid);

  // Gap: the clock jumped from `before` to a larger `after` offset. Every
  // instant before the transition reads earlier than `wall`, every instant
  // from it on reads later; find the transition by bisection.
  let lo = wall - after; // still on the old offset
  let hi = wall - before; // already on the new offset
  if (!(after > before) || offsetMsAt(lo, timeZone) !== before || offsetMsAt(hi, timeZone) === before) {
    // Several transitions within two days: no such zone in practice.
    return wall - before;
  }
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (offsetMsAt(mid, timeZone) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}

function parseDate(date: string): { year: number; month: number; day: number } {
  const m = typeof date === "string" ? DATE_RE.exec(date) : null;
  if (!m) throw new ZonedTimeError("invalid_date", `Expected YYYY-MM-DD, got ${JSON.stringify(date)}`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const check = new Date(wallMs(year, month, day));
  if (
    year < 1000 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day
  ) {
    throw new ZonedTimeError("invalid_date", `Not a calendar date: ${date}`);
  }
  return { year, month, day };
}

function parseTime(time: string): { hour: number; minute: number } {
  const m = typeof time === "string" ? TIME_RE.exec(time) : null;
  if (!m) throw new ZonedTimeError("invalid_time", `Expected HH:MM, got ${JSON.stringify(time)}`);
  const hour = Number(m[1]);
  const minute = Number(m[2]);
  if (hour > 23 || minute > 59) throw new ZonedTimeError("invalid_time", `Not a time of day: ${time}`);
  return { hour, minute };
}

/** The instant when the wall clock in `timeZone` shows `date` at `time`. */
export function zonedToInstant(input: { date: string; time: string; timeZone: string }): Date {
  const { year, month, day } = parseDate(input.date);
  const { hour, minute } = parseTime(input.time);
  requireZone(input.timeZone);
  return new Date(wallToInstant(wallMs(year, month, day, hour, minute), input.timeZone));
}

/** The last millisecond at which the wall clock in `timeZone` shows `date`. */
export function endOfDayInstant(input: { date: string; timeZone: string }): Date {
  const { year, month, day } = parseDate(input.date);
  requireZone(input.timeZone);
  const nextMidnight = wallMs(year, month, day + 1);
  return new Date(wallToInstant(nextMidnight, input.timeZone) - 1);
}

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

/** The wall-clock date, time and offset in `timeZone` at `instant`. */
export function instantToZoned(instant: Date, timeZone: string): ZonedDateTime {
  const ms = instant instanceof Date ? instant.getTime() : Number.NaN;
  if (!Number.isFinite(ms)) throw new ZonedTimeError("invalid_instant", "Invalid instant");
  requireZone(timeZone);
  const p = wallPartsAt(ms, timeZone);
  return {
    date: `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`,
    time: `${pad(p.hour)}:${pad(p.minute)}`,
    offsetMinutes: Math.round(offsetMsAt(ms, timeZone) / MINUTE_MS) || 0, // no -0
  };
}
