import "server-only";
import { appendAuditEvent } from "@/lib/audit/actions";
import type { Actor } from "@/lib/auth/policy";
import { getDb } from "@/lib/db/client";
import type { OrgSettings } from "./schema";

export async function updateOrgSettings(actor: Actor, settings: OrgSettings): Promise<void> {
  const db = await getDb();
  await db.$transaction(async (tx) => {
    await tx.organisation.update({ where: { id: actor.orgId }, data: { autoLockMinutes: settings.autoLockMinutes } });
    await appendAuditEvent(tx, { actorId: actor.userId, action: "org.settings_changed", data: { autoLockMinutes: settings.autoLockMinutes } });
  });
}
