import { z } from "zod";

// The organisation's settings as the admin's form and the server action both
// check them. Messages are i18n keys under "errors". The defaults are the
// behaviour before each setting existed (the migration's SQL defaults agree).

export const AUTO_LOCK_MINUTES_MAX = 240;
export const SESSION_HOURS_MAX = 12;
export const REMINDER_DAY_MAX = 60;
export const REMINDER_DAYS_MAX_COUNT = 5;
export const orgLanguages = ["browser", "en", "ru"] as const;
export type OrgLanguage = (typeof orgLanguages)[number];

/** "7, 3, 1" (or "7 3 1", or numbers already) as numbers; anything not a whole number becomes NaN; null for other types. */
function reminderDayList(value: unknown): number[] | null {
  if (typeof value === "string") return value.split(/[\s,;]+/).filter(Boolean).map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : Number.NaN));
  if (Array.isArray(value)) return value.map((v) => (typeof v === "number" ? v : Number.NaN));
  return null;
}

/**
 * The days before a deadline its reminders fall due, typed as text in the
 * form and sent as numbers. One message for the whole field (a list has no
 * sub-fields to point at); stored furthest first, as the reminders arrive.
 */
const reminderDays = z.unknown().transform((value, ctx): number[] => {
  const days = reminderDayList(value);
  const fail = (message: string) => {
    ctx.addIssue({ code: "custom", message });
    return z.NEVER;
  };
  if (!days || days.some((d) => !Number.isInteger(d) || d < 0 || d > REMINDER_DAY_MAX)) return fail("settings.reminderDaysFormat");
  if (days.length < 1 || days.length > REMINDER_DAYS_MAX_COUNT) return fail("settings.reminderDaysCount");
  if (new Set(days).size !== days.length) return fail("settings.reminderDaysRepeated");
  return [...days].sort((a, b) => b - a);
});

export const orgSettingsSchema = z.object({
  autoLockMinutes: z.coerce.number("settings.autoLockRange").int("settings.autoLockRange").min(1, "settings.autoLockRange").max(AUTO_LOCK_MINUTES_MAX, "settings.autoLockRange"),
  sessionHours: z.coerce.number("settings.sessionHoursRange").int("settings.sessionHoursRange").min(1, "settings.sessionHoursRange").max(SESSION_HOURS_MAX, "settings.sessionHoursRange"),
  reminderDays,
  reminderMail: z.boolean(),
  defaultLanguage: z.enum(orgLanguages, "settings.languageUnknown"),
});
export type OrgSettings = z.infer<typeof orgSettingsSchema>;

export const orgSettingsDefaults: OrgSettings = {
  autoLockMinutes: 10,
  sessionHours: 12,
  reminderDays: [14, 7, 3, 1, 0],
  reminderMail: true,
  defaultLanguage: "browser",
};
