import { describe, expect, it } from "vitest";
import { dueReminders, overdueEscalations, reminderThresholds, type DeadlineStatus } from "./reminders";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A clock the test moves by hand. */
function clock(start: Date) {
  let t = start.getTime();
  return {
    now: () => new Date(t),
    set: (d: Date) => void (t = d.getTime()),
    advance: (ms: number) => void (t += ms),
  };
}

const dueAt = new Date("2026-11-27T10:00:00.000Z");
const longAgo = new Date("2026-01-01T00:00:00.000Z");
const names = (r: { threshold: string }[]) => r.map((x) => x.threshold);
const keys = (r: { key: string }[]) => r.map((x) => x.key);

describe("reminderThresholds", () => {
  it("are 14, 7, 3, 1 days before and at the due time, in order", () => {
    expect(reminderThresholds.map((t) => [t.name, t.before / DAY])).toEqual([
      ["d14", 14],
      ["d7", 7],
      ["d3", 3],
      ["d1", 1],
      ["due", 0],
    ]);
  });
});

describe("dueReminders", () => {
  it("nothing before the first threshold", () => {
    const c = clock(new Date(dueAt.getTime() - 14 * DAY - 1));
    expect(dueReminders({ dueAt, now: c.now(), createdAt: longAgo })).toEqual([]);
  });

  it("the exact threshold instant counts; 1 ms before does not", () => {
    const c = clock(new Date(dueAt.getTime() - 7 * DAY - 1));
    expect(names(dueReminders({ dueAt, now: c.now(), createdAt: longAgo }))).toEqual(["d14"]);
    c.advance(1);
    expect(dueReminders({ dueAt, now: c.now(), createdAt: longAgo })).toEqual([
      { threshold: "d14", at: new Date("2026-11-13T10:00:00.000Z") },
      { threshold: "d7", at: new Date("2026-11-20T10:00:00.000Z") },
    ]);
    c.set(new Date(dueAt.getTime() - 1));
    expect(names(dueReminders({ dueAt, now: c.now(), createdAt: longAgo }))).toEqual(["d14", "d7", "d3", "d1"]);
    c.set(dueAt);
    expect(names(dueReminders({ dueAt, now: c.now(), createdAt: longAgo }))).toEqual(["d14", "d7", "d3", "d1", "due"]);
  });

  it("a deadline created 2 days ahead gets only d1 and due", () => {
    const createdAt = new Date(dueAt.getTime() - 2 * DAY);
    expect(dueReminders({ dueAt, now: createdAt, createdAt })).toEqual([]);
    expect(names(dueReminders({ dueAt, now: new Date(dueAt.getTime() - DAY), createdAt }))).toEqual(["d1"]);
    expect(names(dueReminders({ dueAt, now: new Date(dueAt.getTime() + 30 * DAY), createdAt }))).toEqual(["d1", "due"]);
  });

  it("a threshold at exactly createdAt is not owed; 1 ms later it is", () => {
    const atD7 = new Date(dueAt.getTime() - 7 * DAY);
    expect(names(dueReminders({ dueAt, now: dueAt, createdAt: atD7 }))).toEqual(["d3", "d1", "due"]);
    expect(names(dueReminders({ dueAt, now: dueAt, createdAt: new Date(atD7.getTime() - 1) }))).toEqual(["d7", "d3", "d1", "due"]);
  });

  it("a deadline recorded after its due instant gets no threshold reminders", () => {
    const createdAt = new Date(dueAt.getTime() + HOUR);
    expect(dueReminders({ dueAt, now: new Date(dueAt.getTime() + DAY), createdAt })).toEqual([]);
  });

  it("far past due: all thresholds, still ordered, nothing more", () => {
    expect(names(dueReminders({ dueAt, now: new Date(dueAt.getTime() + 400 * DAY), createdAt: longAgo }))).toEqual(["d14", "d7", "d3", "d1", "due"]);
  });

  it("a scheduler ticking every 17 minutes sends each threshold once, at or just after its moment", () => {
    const createdAt = new Date(dueAt.getTime() - 10 * DAY - 5 * HOUR);
    const c = clock(createdAt);
    const sent = new Map<string, Date>();
    while (c.now() < new Date(dueAt.getTime() + 2 * DAY)) {
      for (const r of dueReminders({ dueAt, now: c.now(), createdAt })) {
        if (!sent.has(r.threshold)) sent.set(r.threshold, c.now());
      }
      c.advance(17 * MINUTE);
    }
    expect([...sent.keys()]).toEqual(["d7", "d3", "d1", "due"]);
    for (const t of reminderThresholds.filter((x) => sent.has(x.name))) {
      const lag = sent.get(t.name)!.getTime() - (dueAt.getTime() - t.before);
      expect(lag).toBeGreaterThanOrEqual(0);
      expect(lag).toBeLessThan(17 * MINUTE);
    }
  });

  it("refuses invalid dates", () => {
    expect(() => dueReminders({ dueAt: new Date(Number.NaN), now: dueAt, createdAt: longAgo })).toThrow(RangeError);
    expect(() => dueReminders({ dueAt, now: new Date("nope"), createdAt: longAgo })).toThrow(RangeError);
    expect(() => dueReminders({ dueAt, now: dueAt, createdAt: new Date("nope") })).toThrow(RangeError);
  });
});

describe("overdueEscalations", () => {
  it("nothing before one full day past due; the exact instant counts", () => {
    const c = clock(new Date(dueAt.getTime() - DAY));
    expect(overdueEscalations({ dueAt, now: c.now(), status: "open" })).toEqual([]);
    c.set(dueAt);
    expect(overdueEscalations({ dueAt, now: c.now(), status: "open" })).toEqual([]);
    c.set(new Date(dueAt.getTime() + DAY - 1));
    expect(overdueEscalations({ dueAt, now: c.now(), status: "open" })).toEqual([]);
    c.advance(1);
    expect(overdueEscalations({ dueAt, now: c.now(), status: "open" })).toEqual([
      { key: "overdue:2026-11-28", at: new Date("2026-11-28T10:00:00.000Z"), daysOverdue: 1 },
    ]);
  });

  it("one key per full day, oldest first, stable across calls", () => {
    const now = new Date(dueAt.getTime() + 3 * DAY + 23 * HOUR);
    const first = overdueEscalations({ dueAt, now, status: "open" });
    expect(keys(first)).toEqual(["overdue:2026-11-28", "overdue:2026-11-29", "overdue:2026-11-30"]);
    expect(overdueEscalations({ dueAt, now: new Date(now), status: "open" })).toEqual(first);
  });

  it("keys follow the UTC date of each escalation moment, across month and year ends", () => {
    const lateDue = new Date("2026-12-30T23:30:00.000Z");
    const now = new Date("2027-01-02T23:30:00.000Z");
    expect(keys(overdueEscalations({ dueAt: lateDue, now, status: "open" }))).toEqual(["overdue:2026-12-31", "overdue:2027-01-01", "overdue:2027-01-02"]);
  });

  it("far overdue: a distinct key for every day, and earlier keys never change as time passes", () => {
    const now = new Date(dueAt.getTime() + 1000 * DAY + HOUR);
    const all = overdueEscalations({ dueAt, now, status: "open" });
    expect(all).toHaveLength(1000);
    expect(new Set(keys(all)).size).toBe(1000);
    expect(all.at(-1)).toEqual({ key: "overdue:2029-08-23", at: new Date("2029-08-23T10:00:00.000Z"), daysOverdue: 1000 });
    const earlier = overdueEscalations({ dueAt, now: new Date(dueAt.getTime() + 10 * DAY), status: "open" });
    expect(all.slice(0, 10)).toEqual(earlier);
  });

  it("a daily scheduler that claims each key once escalates exactly once per day", () => {
    const c = clock(dueAt);
    const claimed = new Set<string>();
    let sends = 0;
    for (let tick = 0; tick < 5 * 24 * 4; tick++) {
      for (const e of overdueEscalations({ dueAt, now: c.now(), status: "open" })) {
        if (!claimed.has(e.key)) {
          claimed.add(e.key);
          sends++;
        }
      }
      c.advance(15 * MINUTE);
    }
    expect(sends).toBe(4); // 5 days of 15-minute ticks end at due + 4 d 23 h 45 min
  });

  it("nothing for resolved deadlines, however late", () => {
    const now = new Date(dueAt.getTime() + 30 * DAY);
    for (const status of ["done", "missed", "cancelled"] as DeadlineStatus[]) {
      expect(overdueEscalations({ dueAt, now, status }), status).toEqual([]);
    }
    expect(overdueEscalations({ dueAt, now, status: "open" })).toHaveLength(30);
  });

  it("refuses invalid dates", () => {
    expect(() => overdueEscalations({ dueAt: new Date(Number.NaN), now: dueAt, status: "open" })).toThrow(RangeError);
  });
});
