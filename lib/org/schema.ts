import { z } from "zod";

export const orgSettingsSchema = z.object({
  autoLockMinutes: z.coerce.number().int("settings.autoLockRange").min(1, "settings.autoLockRange").max(240, "settings.autoLockRange"),
});
export type OrgSettings = z.infer<typeof orgSettingsSchema>;
