import { describe, expect, it } from "vitest";
import { addDays, daysLeft, dueBucket, dueInstant } from "./due";

describe("dueInstant", () => {
  it("reads a hearing's wall time in the venue's zone (Yerevan is UTC+4)", () => {
    expect(dueInstant({ date: "2027-01-20", time: "10:00", timeZone: "Asia/Yerevan" })).toEqual({ dueAt: "2027-01-20T06:00:00.000Z", dateOnly: false });
  });
  it("makes a date-only deadline due at the end of that day in the venue's zone", () => {
    expect(dueInstant({ date: "2027-01-20", time: "", timeZone: "Europe/London" })).toEqual({ dueAt: "2027-01-20T23:59:59.999Z", dateOnly: true });
    expect(dueInstant({ date: "2027-07-01", time: "", timeZone: "Europe/Berlin" })).toEqual({ dueAt: "2027-07-01T21:59:59.999Z", dateOnly: true });
  });
  it("refuses a zone that does not exist", () => {
    expect(() => dueInstant({ date: "2027-01-20", time: "10:00", timeZone: "Mars/Olympus" })).toThrow();
  });
});

describe("addDays", () => {
  it("counts calendar days across month and year ends and leap days", () => {
    expect(addDays("2027-01-20", 10)).toBe("2027-01-30");
    expect(addDays("2027-12-25", 14)).toBe("2028-01-08");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
  });
});

describe("dueBucket", () => {
  const now = new Date("2027-01-20T21:30:00.000Z"); // 01:30 on the 21st in Yerevan, 21:30 on the 20th in London
  const at = (iso: string, status = "open", viewerZone = "Europe/London") => dueBucket({ dueAt: new Date(iso), status, now, viewerZone });
  it("sorts open deadlines into overdue, today, the week, the month and later", () => {
    expect(at("2027-01-20T21:00:00.000Z")).toBe("overdue");
    expect(at("2027-01-20T23:00:00.000Z")).toBe("today");
    expect(at("2027-01-23T09:00:00.000Z")).toBe("week");
    expect(at("2027-02-10T09:00:00.000Z")).toBe("month");
    expect(at("2027-04-10T09:00:00.000Z")).toBe("later");
  });
  it("decides 'today' in the viewer's zone", () => {
    expect(at("2027-01-20T23:00:00.000Z", "open", "Asia/Yerevan")).toBe("today");
    expect(at("2027-01-21T19:00:00.000Z", "open", "Asia/Yerevan")).toBe("today");
    expect(at("2027-01-21T19:00:00.000Z", "open", "Europe/London")).toBe("week");
  });
  it("puts resolved deadlines aside, even past ones", () => {
    expect(at("2027-01-01T00:00:00.000Z", "done")).toBe("closed");
    expect(at("2027-01-01T00:00:00.000Z", "cancelled")).toBe("closed");
  });
});

describe("daysLeft", () => {
  const now = new Date("2027-01-20T12:00:00.000Z");
  it("counts whole 24-hour days towards the due instant, negative once past, 0 within a day either side", () => {
    expect(daysLeft(new Date("2027-01-20T18:00:00.000Z"), now)).toBe(0);
    expect(daysLeft(new Date("2027-01-23T13:00:00.000Z"), now)).toBe(3);
    expect(daysLeft(new Date("2027-01-20T11:00:00.000Z"), now)).toBe(0);
    expect(daysLeft(new Date("2027-01-18T12:00:00.000Z"), now)).toBe(-2);
    expect(daysLeft(new Date("2027-01-18T10:00:00.000Z"), now)).toBe(-2);
  });
});
