import { describe, expect, it } from "vitest";
import { endOfDayInstant, instantToZoned, isTimeZone, zonedToInstant, ZonedTimeError, type ZonedTimeErrorCode } from "./zoned-time";

const iso = (d: Date) => d.toISOString();
const at = (date: string, time: string, timeZone: string) => iso(zonedToInstant({ date, time, timeZone }));

function refusal(fn: () => unknown): ZonedTimeErrorCode | "no error" | "other error" {
  try {
    fn();
    return "no error";
  } catch (e) {
    return e instanceof ZonedTimeError ? e.code : "other error";
  }
}

describe("isTimeZone", () => {
  it("accepts IANA zones", () => {
    for (const z of ["Asia/Yerevan", "Europe/Berlin", "America/New_York", "UTC", "Pacific/Kiritimati", "Etc/GMT+4"]) {
      expect(isTimeZone(z), z).toBe(true);
    }
  });
  it("refuses unknown zones, offsets and junk", () => {
    for (const z of ["", "Mars/Olympus_Mons", "Europe/Berlinn", "+04:00", "-05:00", "GMT+4 ", " UTC", "Asia/Yerevan\n", "../etc/passwd"]) {
      expect(isTimeZone(z), JSON.stringify(z)).toBe(false);
    }
    expect(isTimeZone(undefined as unknown as string)).toBe(false);
  });
});

describe("Asia/Yerevan (UTC+4, no DST)", () => {
  it("converts both ways", () => {
    expect(at("2026-06-15", "10:00", "Asia/Yerevan")).toBe("2026-06-15T06:00:00.000Z");
    expect(at("2026-01-15", "10:00", "Asia/Yerevan")).toBe("2026-01-15T06:00:00.000Z");
    expect(at("2026-03-01", "02:30", "Asia/Yerevan")).toBe("2026-02-28T22:30:00.000Z");
    expect(instantToZoned(new Date("2026-06-15T06:00:00Z"), "Asia/Yerevan")).toEqual({ date: "2026-06-15", time: "10:00", offsetMinutes: 240 });
  });
  it("end of day", () => {
    expect(iso(endOfDayInstant({ date: "2026-06-15", timeZone: "Asia/Yerevan" }))).toBe("2026-06-15T19:59:59.999Z");
  });
});

describe("Europe/Berlin across the 2026 DST transitions", () => {
  it("winter and summer offsets", () => {
    expect(at("2026-01-10", "09:00", "Europe/Berlin")).toBe("2026-01-10T08:00:00.000Z");
    expect(at("2026-07-10", "09:00", "Europe/Berlin")).toBe("2026-07-10T07:00:00.000Z");
  });

  it("spring-forward gap: 02:30 does not exist and resolves to the end of the gap (03:00 CEST)", () => {
    expect(at("2026-03-29", "01:59", "Europe/Berlin")).toBe("2026-03-29T00:59:00.000Z");
    expect(at("2026-03-29", "02:00", "Europe/Berlin")).toBe("2026-03-29T01:00:00.000Z");
    expect(at("2026-03-29", "02:30", "Europe/Berlin")).toBe("2026-03-29T01:00:00.000Z");
    expect(at("2026-03-29", "02:59", "Europe/Berlin")).toBe("2026-03-29T01:00:00.000Z");
    expect(at("2026-03-29", "03:00", "Europe/Berlin")).toBe("2026-03-29T01:00:00.000Z");
    expect(at("2026-03-29", "03:01", "Europe/Berlin")).toBe("2026-03-29T01:01:00.000Z");
    expect(instantToZoned(zonedToInstant({ date: "2026-03-29", time: "02:30", timeZone: "Europe/Berlin" }), "Europe/Berlin")).toEqual({
      date: "2026-03-29",
      time: "03:00",
      offsetMinutes: 120,
    });
  });

  it("fall-back overlap: 02:30 happens twice and resolves to the earlier (CEST) instant", () => {
    expect(at("2026-10-25", "01:59", "Europe/Berlin")).toBe("2026-10-24T23:59:00.000Z");
    expect(at("2026-10-25", "02:00", "Europe/Berlin")).toBe("2026-10-25T00:00:00.000Z");
    expect(at("2026-10-25", "02:30", "Europe/Berlin")).toBe("2026-10-25T00:30:00.000Z");
    expect(at("2026-10-25", "02:59", "Europe/Berlin")).toBe("2026-10-25T00:59:00.000Z");
    expect(at("2026-10-25", "03:00", "Europe/Berlin")).toBe("2026-10-25T02:00:00.000Z");
    // Both instants show 02:30 on the wall, with different offsets.
    expect(instantToZoned(new Date("2026-10-25T00:30:00Z"), "Europe/Berlin")).toEqual({ date: "2026-10-25", time: "02:30", offsetMinutes: 120 });
    expect(instantToZoned(new Date("2026-10-25T01:30:00Z"), "Europe/Berlin")).toEqual({ date: "2026-10-25", time: "02:30", offsetMinutes: 60 });
  });

  it("end of day on both transition days (23- and 25-hour days)", () => {
    expect(iso(endOfDayInstant({ date: "2026-03-28", timeZone: "Europe/Berlin" }))).toBe("2026-03-28T22:59:59.999Z");
    expect(iso(endOfDayInstant({ date: "2026-03-29", timeZone: "Europe/Berlin" }))).toBe("2026-03-29T21:59:59.999Z");
    expect(iso(endOfDayInstant({ date: "2026-10-25", timeZone: "Europe/Berlin" }))).toBe("2026-10-25T22:59:59.999Z");
  });
});

describe("America/New_York", () => {
  it("EST and EDT", () => {
    expect(at("2026-01-15", "09:30", "America/New_York")).toBe("2026-01-15T14:30:00.000Z");
    expect(at("2026-07-15", "09:30", "America/New_York")).toBe("2026-07-15T13:30:00.000Z");
    expect(instantToZoned(new Date("2026-07-15T13:30:00Z"), "America/New_York")).toEqual({ date: "2026-07-15", time: "09:30", offsetMinutes: -240 });
  });
  it("gap 2026-03-08 02:30 and overlap 2026-11-01 01:30", () => {
    expect(at("2026-03-08", "02:30", "America/New_York")).toBe("2026-03-08T07:00:00.000Z"); // 03:00 EDT
    expect(at("2026-11-01", "01:30", "America/New_York")).toBe("2026-11-01T05:30:00.000Z"); // 01:30 EDT, not EST
  });
  it("end of day crosses the UTC date", () => {
    expect(iso(endOfDayInstant({ date: "2026-12-31", timeZone: "America/New_York" }))).toBe("2027-01-01T04:59:59.999Z");
  });
});

describe("UTC", () => {
  it("is the identity", () => {
    expect(at("2026-02-28", "23:59", "UTC")).toBe("2026-02-28T23:59:00.000Z");
    expect(at("2028-02-29", "00:00", "UTC")).toBe("2028-02-29T00:00:00.000Z");
    expect(iso(endOfDayInstant({ date: "2026-12-31", timeZone: "UTC" }))).toBe("2026-12-31T23:59:59.999Z");
    expect(instantToZoned(new Date("2026-05-01T12:34:56.789Z"), "UTC")).toEqual({ date: "2026-05-01", time: "12:34", offsetMinutes: 0 });
  });
});

describe("Pacific/Kiritimati (UTC+14)", () => {
  it("is a calendar day ahead of UTC in the morning", () => {
    expect(at("2026-01-01", "09:00", "Pacific/Kiritimati")).toBe("2025-12-31T19:00:00.000Z");
    expect(instantToZoned(new Date("2025-12-31T10:00:00Z"), "Pacific/Kiritimati")).toEqual({ date: "2026-01-01", time: "00:00", offsetMinutes: 840 });
    expect(iso(endOfDayInstant({ date: "2026-01-01", timeZone: "Pacific/Kiritimati" }))).toBe("2026-01-01T09:59:59.999Z");
  });
  it("a whole skipped day (1994-12-31, -10:00 -> +14:00) resolves to the end of the gap", () => {
    expect(at("1994-12-31", "12:00", "Pacific/Kiritimati")).toBe("1994-12-31T10:00:00.000Z");
    expect(instantToZoned(new Date("1994-12-31T10:00:00Z"), "Pacific/Kiritimati")).toEqual({ date: "1995-01-01", time: "00:00", offsetMinutes: 840 });
  });
});

describe("round trip over random instants and zones", () => {
  // Deterministic PRNG (mulberry32) so a failure reproduces.
  function rng(seed: number) {
    return () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = seed;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  it("zonedToInstant(instantToZoned(t)) is t to the minute, or the earlier twin in an overlap", () => {
    const random = rng(7);
    const named = ["Asia/Yerevan", "Europe/Berlin", "America/New_York", "UTC", "Pacific/Kiritimati", "Australia/Lord_Howe", "Asia/Kathmandu", "America/St_Johns", "Pacific/Chatham", "Europe/Dublin", "America/Santiago", "Asia/Tehran"];
    const zones = [...named, ...Intl.supportedValuesOf("timeZone")];
    const from = Date.UTC(1975, 0, 1);
    const to = Date.UTC(2060, 0, 1);
    let overlaps = 0;
    for (let i = 0; i < 3000; i++) {
      const zone = i < named.length * 50 ? named[i % named.length]! : zones[Math.floor(random() * zones.length)]!;
      const t = Math.floor((from + random() * (to - from)) / 60_000) * 60_000;
      const wall = instantToZoned(new Date(t), zone);
      const back = zonedToInstant({ date: wall.date, time: wall.time, timeZone: zone }).getTime();
      if (back !== t) {
        overlaps++;
        expect(back, `${zone} ${new Date(t).toISOString()}`).toBeLessThan(t);
        const again = instantToZoned(new Date(back), zone);
        expect([again.date, again.time]).toEqual([wall.date, wall.time]);
      }
    }
    // Random instants rarely land in the hour after a fall-back.
    expect(overlaps).toBeLessThan(10);
  });

  it("round trips every fall-back overlap hour and spring gap edge of 2026 in Berlin, minute by minute", () => {
    for (let t = Date.UTC(2026, 9, 24, 23, 0); t <= Date.UTC(2026, 9, 25, 3, 0); t += 60_000) {
      const wall = instantToZoned(new Date(t), "Europe/Berlin");
      const back = zonedToInstant({ date: wall.date, time: wall.time, timeZone: "Europe/Berlin" }).getTime();
      const inSecondTwin = t >= Date.UTC(2026, 9, 25, 1, 0) && t < Date.UTC(2026, 9, 25, 2, 0);
      expect(back).toBe(inSecondTwin ? t - 3_600_000 : t);
    }
    for (let t = Date.UTC(2026, 2, 29, 0, 0); t <= Date.UTC(2026, 2, 29, 2, 0); t += 60_000) {
      const wall = instantToZoned(new Date(t), "Europe/Berlin");
      expect(zonedToInstant({ date: wall.date, time: wall.time, timeZone: "Europe/Berlin" }).getTime()).toBe(t);
    }
  });
});

describe("refuses malformed input", () => {
  const ok = { date: "2026-06-15", time: "10:00", timeZone: "Asia/Yerevan" };

  it("dates", () => {
    for (const date of ["", "2026-6-15", "15.06.2026", "2026-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-06-15T10:00", " 2026-06-15", "0999-01-01", "２０２６-06-15"]) {
      expect(refusal(() => zonedToInstant({ ...ok, date })), date).toBe("invalid_date");
      expect(refusal(() => endOfDayInstant({ date, timeZone: "UTC" })), date).toBe("invalid_date");
    }
  });

  it("times", () => {
    for (const time of ["", "24:00", "23:60", "9:00", "10:00:00", "10.00", "-1:00", "10:00 ", "1000"]) {
      expect(refusal(() => zonedToInstant({ ...ok, time })), time).toBe("invalid_time");
    }
  });

  it("zones", () => {
    for (const timeZone of ["", "Mars/Olympus_Mons", "+04:00", "Local"]) {
      expect(refusal(() => zonedToInstant({ ...ok, timeZone })), timeZone).toBe("unknown_time_zone");
      expect(refusal(() => endOfDayInstant({ date: ok.date, timeZone })), timeZone).toBe("unknown_time_zone");
      expect(refusal(() => instantToZoned(new Date(), timeZone)), timeZone).toBe("unknown_time_zone");
    }
  });

  it("invalid instants", () => {
    expect(refusal(() => instantToZoned(new Date(Number.NaN), "UTC"))).toBe("invalid_instant");
    expect(refusal(() => instantToZoned("2026-01-01" as unknown as Date, "UTC"))).toBe("invalid_instant");
  });

  it("errors are typed", () => {
    try {
      zonedToInstant({ ...ok, timeZone: "Nowhere/Land" });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ZonedTimeError);
      expect(e).toBeInstanceOf(Error);
      expect((e as ZonedTimeError).name).toBe("ZonedTimeError");
    }
  });
});
