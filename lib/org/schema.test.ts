import { describe, expect, it } from "vitest";
import { orgSettingsDefaults, orgSettingsSchema } from "./schema";

const valid = { autoLockMinutes: "10", sessionHours: "8", reminderDays: "7, 3, 1", reminderMail: true, defaultLanguage: "ru" };
const errorsOf = (input: Record<string, unknown>) => {
  const result = orgSettingsSchema.safeParse(input);
  return result.success ? {} : Object.fromEntries(result.error.issues.map((i) => [i.path.join("."), i.message]));
};

describe("orgSettingsSchema", () => {
  it("reads the form's text: numbers, and reminder days furthest first", () => {
    expect(orgSettingsSchema.parse(valid)).toEqual({ autoLockMinutes: 10, sessionHours: 8, reminderDays: [7, 3, 1], reminderMail: true, defaultLanguage: "ru" });
    expect(orgSettingsSchema.parse({ ...valid, reminderDays: "0 30;5" }).reminderDays).toEqual([30, 5, 0]);
    // What the form sends the action after its own parse passes again unchanged.
    const parsed = orgSettingsSchema.parse(valid);
    expect(orgSettingsSchema.parse(parsed)).toEqual(parsed);
  });

  it("the defaults are valid and are today's behaviour", () => {
    expect(orgSettingsSchema.parse(orgSettingsDefaults)).toEqual(orgSettingsDefaults);
    expect(orgSettingsDefaults).toMatchObject({ sessionHours: 12, reminderDays: [14, 7, 3, 1, 0], reminderMail: true, defaultLanguage: "browser" });
  });

  it("session length is a whole number of hours from 1 to 12", () => {
    for (const bad of ["0", "13", "2.5", "", "twelve", "-1"]) expect(errorsOf({ ...valid, sessionHours: bad })).toEqual({ sessionHours: "settings.sessionHoursRange" });
    for (const good of ["1", "12"]) expect(errorsOf({ ...valid, sessionHours: good })).toEqual({});
    expect(errorsOf({ ...valid, autoLockMinutes: "ten" })).toEqual({ autoLockMinutes: "settings.autoLockRange" });
  });

  it("reminder days: 1 to 5 distinct whole days from 0 to 60, one message for the field", () => {
    for (const bad of ["61", "-1", "1.5", "seven", "7, x", "1000", [3, "1"]]) {
      expect(errorsOf({ ...valid, reminderDays: bad })).toEqual({ reminderDays: "settings.reminderDaysFormat" });
    }
    for (const bad of ["", " , ", "30, 14, 7, 3, 1, 0"]) expect(errorsOf({ ...valid, reminderDays: bad })).toEqual({ reminderDays: "settings.reminderDaysCount" });
    expect(errorsOf({ ...valid, reminderDays: "7, 3, 7" })).toEqual({ reminderDays: "settings.reminderDaysRepeated" });
    expect(errorsOf({ ...valid, reminderDays: null })).toEqual({ reminderDays: "settings.reminderDaysFormat" });
    for (const good of ["0", "60", "60, 30, 14, 7, 0"]) expect(errorsOf({ ...valid, reminderDays: good })).toEqual({});
  });

  it("language is the browser's, English or Russian; mail is a yes or no", () => {
    expect(errorsOf({ ...valid, defaultLanguage: "de" })).toEqual({ defaultLanguage: "settings.languageUnknown" });
    expect(errorsOf({ ...valid, defaultLanguage: "browser" })).toEqual({});
    expect(Object.keys(errorsOf({ ...valid, reminderMail: "false" }))).toEqual(["reminderMail"]);
  });
});
