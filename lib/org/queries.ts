import "server-only";
import type { Actor } from "@/lib/auth/policy";
import { getDb } from "@/lib/db/client";
import { isLocale, type Locale } from "@/lib/i18n/config";
import type { OrgSettings } from "./schema";

export async function getOrgSettings(actor: Actor): Promise<OrgSettings & { name: string }> {
  const db = await getDb();
  const org = await db.organisation.findUniqueOrThrow({ where: { id: actor.orgId } });
  return {
    name: org.name,
    autoLockMinutes: org.autoLockMinutes,
    sessionHours: org.sessionHours,
    reminderDays: org.reminderDays,
    reminderMail: org.reminderMail,
    defaultLanguage: isLocale(org.defaultLocale) ? org.defaultLocale : "browser",
  };
}

/** The language the organisation chose for members who chose none; undefined: each browser's own. */
export async function getOrgDefaultLocale(orgId: string): Promise<Locale | undefined> {
  const db = await getDb();
  const org = await db.organisation.findUnique({ where: { id: orgId }, select: { defaultLocale: true } });
  return isLocale(org?.defaultLocale) ? org.defaultLocale : undefined;
}
