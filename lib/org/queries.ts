import "server-only";
import type { Actor } from "@/lib/auth/policy";
import { getDb } from "@/lib/db/client";
import type { OrgSettings } from "./schema";

export async function getOrgSettings(actor: Actor): Promise<OrgSettings & { name: string }> {
  const db = await getDb();
  const org = await db.organisation.findUniqueOrThrow({ where: { id: actor.orgId } });
  return { name: org.name, autoLockMinutes: org.autoLockMinutes };
}
