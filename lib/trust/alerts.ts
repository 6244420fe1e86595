import "server-only";
import { recordAuditEvent } from "@/lib/audit/actions";
import type { Actor } from "@/lib/auth/policy";
import type { SecurityAlertWire } from "./schema";

/**
 * Records that a member's browser showed a security alert on a case. The
 * server cannot check the claim (only the browser holds what was verified);
 * the event is for the people who investigate: who saw what, when.
 */
export async function reportSecurityAlert(actor: Actor, input: SecurityAlertWire): Promise<void> {
  await recordAuditEvent({ actorId: actor.userId, caseId: input.caseId, action: "security.alert", data: { kind: input.kind, userIds: input.userIds.join(",") } });
}
