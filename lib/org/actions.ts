import "server-only";
import { appendAuditEvent } from "@/lib/audit/actions";
import type { Actor } from "@/lib/auth/policy";
import { getDb } from "@/lib/db/client";
import type { OrgSettings } from "./schema";

export async function updateOrgSettings(actor: Actor, settings: OrgSettings): Promise<void> {
  const db = await getDb();
  const defaultLocale = settings.defaultLanguage === "browser" ? null : settings.defaultLanguage;
  await db.$transaction(async (tx) => {
    await tx.organisation.update({
      where: { id: actor.orgId },
      data: {
        autoLockMinutes: settings.autoLockMinutes,
        sessionHours: settings.sessionHours,
        reminderDays: settings.reminderDays,
        reminderMail: settings.reminderMail,
        defaultLocale,
      },
    });
    // Audit data is flat (lib/audit/events.ts): the days go in as "7,3,1".
    await appendAuditEvent(tx, {
      actorId: actor.userId,
      action: "org.settings_changed",
      data: {
        autoLockMinutes: settings.autoLockMinutes,
        sessionHours: settings.sessionHours,
        reminderDays: settings.reminderDays.join(","),
        reminderMail: settings.reminderMail,
        defaultLanguage: settings.defaultLanguage,
      },
    });
  });
}
