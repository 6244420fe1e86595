import { describe, expect, it } from "vitest";
import { zoneGroups, zoneLabel, zoneOffset } from "./zone-options";

const winter = new Date("2026-01-15T12:00:00Z");
const summer = new Date("2026-07-15T12:00:00Z");

describe("zoneOffset", () => {
  it("gives the offset at the moment, summer time included", () => {
    expect(zoneOffset("Asia/Yerevan", winter)).toBe("UTC+04:00");
    expect(zoneOffset("Europe/London", winter)).toBe("UTC+00:00");
    expect(zoneOffset("Europe/London", summer)).toBe("UTC+01:00");
    expect(zoneOffset("America/New_York", winter)).toBe("UTC-05:00");
    expect(zoneOffset("Asia/Kolkata", winter)).toBe("UTC+05:30");
    expect(zoneOffset("UTC", winter)).toBe("UTC+00:00");
  });
});

describe("zoneLabel", () => {
  it("names the zone readably with its offset", () => {
    expect(zoneLabel("Asia/Yerevan", winter)).toBe("Asia/Yerevan (UTC+04:00)");
    expect(zoneLabel("America/Argentina/Buenos_Aires", winter)).toBe("America/Argentina/Buenos Aires (UTC-03:00)");
  });
});

describe("zoneGroups", () => {
  it("groups by region in alphabetical order, zones without a region last", () => {
    const groups = zoneGroups(["Europe/London", "Asia/Yerevan", "Asia/Tbilisi", "UTC"], "Asia/Yerevan", winter, "Other");
    expect(groups.map((g) => g.region)).toEqual(["Asia", "Europe", "Other"]);
    expect(groups[0]!.zones).toEqual([
      { value: "Asia/Tbilisi", label: "Asia/Tbilisi (UTC+04:00)" },
      { value: "Asia/Yerevan", label: "Asia/Yerevan (UTC+04:00)" },
    ]);
    expect(groups[2]!.zones).toEqual([{ value: "UTC", label: "UTC (UTC+00:00)" }]);
  });

  it("always offers the current value, even one missing from the list", () => {
    const groups = zoneGroups(["Europe/London"], "Europe/Kiev", winter, "Other");
    expect(groups[0]!.zones.map((z) => z.value)).toEqual(["Europe/Kiev", "Europe/London"]);
    expect(zoneGroups(["Asia/Yerevan"], "UTC", winter, "Other").at(-1)).toEqual({ region: "Other", zones: [{ value: "UTC", label: "UTC (UTC+00:00)" }] });
  });

  it("shows a stored name this runtime cannot resolve as it is, without throwing", () => {
    const groups = zoneGroups(["Asia/Yerevan"], "Mars/Olympus_Mons", winter, "Other");
    expect(groups.find((g) => g.region === "Mars")!.zones).toEqual([{ value: "Mars/Olympus_Mons", label: "Mars/Olympus_Mons" }]);
  });

  it("lists every zone Intl knows, each once", () => {
    const zones = Intl.supportedValuesOf("timeZone");
    const listed = zoneGroups(zones, zones[0]!, winter, "Other").flatMap((g) => g.zones.map((z) => z.value));
    expect(listed.sort()).toEqual([...zones].sort());
  });
});
