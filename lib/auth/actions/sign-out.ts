import "server-only";
import { appendAuditEvent } from "@/lib/audit/actions";
import { revokeFeedsOnAccessEnd } from "@/lib/calendar/actions";
import { getDb } from "@/lib/db/client";
import { revokeAllSessions } from "../session-store";

// Signing out ends every session of the user, not only this browser's: on a
// device that may be seized, "sign out" must mean "nothing stays open".
// Quick exit also revokes the calendar feed: the user may be under duress.

async function endAll(userId: string, action: "auth.sign_out" | "auth.quick_exit"): Promise<void> {
  const db = await getDb();
  await db.$transaction(async (tx) => {
    await revokeAllSessions(tx, userId);
    if (action === "auth.quick_exit") await revokeFeedsOnAccessEnd(tx, userId, userId, action);
    await appendAuditEvent(tx, { actorId: userId, action, caseId: null, data: {} });
  });
}

export const endSessionsOnSignOut = (userId: string) => endAll(userId, "auth.sign_out");
export const quickExit = (userId: string) => endAll(userId, "auth.quick_exit");
