import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sealAuditInbox } from "@/lib/audit/actions/sealer";
import type { Actor } from "@/lib/auth/policy";
import { getDb } from "@/lib/db/client";
import { withTestDatabase } from "@/lib/testing/test-db";
import { updateOrgSettings } from "./actions";
import { getOrgDefaultLocale, getOrgSettings } from "./queries";
import { orgSettingsDefaults, orgSettingsSchema } from "./schema";

const { kind } = withTestDatabase();

async function newAdmin(): Promise<Actor> {
  const db = await getDb();
  const org = await db.organisation.create({ data: { name: `Org ${randomUUID()}` } });
  const user = await db.user.create({ data: { orgId: org.id, email: `a-${randomUUID()}@example.org`, displayName: "Admin", role: "admin" } });
  return { userId: user.id, orgId: org.id, role: "admin", sessionId: randomUUID() };
}

describe(`organisation settings (${kind})`, () => {
  it("an organisation that never opened Settings has today's behaviour (the migration's defaults)", async () => {
    const admin = await newAdmin();
    expect(await getOrgSettings(admin)).toEqual({ name: expect.any(String) as string, ...orgSettingsDefaults });
    expect(await getOrgDefaultLocale(admin.orgId)).toBeUndefined();
  });

  it("saves every setting for the admin's own organisation only, and records the change in the audit log", async () => {
    const admin = await newAdmin();
    const other = await newAdmin();
    const settings = orgSettingsSchema.parse({ autoLockMinutes: "5", sessionHours: "4", reminderDays: "1, 10", reminderMail: false, defaultLanguage: "ru" });
    await updateOrgSettings(admin, settings);

    expect(await getOrgSettings(admin)).toMatchObject({ autoLockMinutes: 5, sessionHours: 4, reminderDays: [10, 1], reminderMail: false, defaultLanguage: "ru" });
    expect(await getOrgDefaultLocale(admin.orgId)).toBe("ru");
    expect(await getOrgSettings(other)).toMatchObject(orgSettingsDefaults);

    await sealAuditInbox();
    const db = await getDb();
    const events = await db.auditEvent.findMany({ where: { actorId: admin.userId, action: "org.settings_changed" } });
    expect(events.map((e) => e.data)).toEqual([{ autoLockMinutes: 5, sessionHours: 4, reminderDays: "10,1", reminderMail: false, defaultLanguage: "ru" }]);

    // Back to each browser's own language: stored as no language at all.
    await updateOrgSettings(admin, { ...settings, defaultLanguage: "browser" });
    expect((await db.organisation.findUniqueOrThrow({ where: { id: admin.orgId } })).defaultLocale).toBeNull();
    expect(await getOrgDefaultLocale(admin.orgId)).toBeUndefined();
  });
});
