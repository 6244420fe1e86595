import "server-only";
import { appendAuditEvent, recordAuditEvent } from "@/lib/audit/actions";
import type { Actor } from "@/lib/auth/policy";
import { visibleCaseWhere } from "@/lib/cases/access";
import { getDb } from "@/lib/db/client";
import { fromBase64url } from "@/lib/encoding/base64url";
import { AppError } from "@/lib/errors/app-error";
import type { SaveTrustDocumentWire, SecurityAlertWire } from "./schema";

/**
 * Stores the user's sealed trust document as version `replaces + 1`, only if
 * the stored version is still `replaces` (another tab may have saved since:
 * "conflict", the browser reloads, merges and saves again). The version never
 * goes down, so an old copy can never be written back over a newer one.
 */
export async function saveTrustDocument(actor: Actor, input: SaveTrustDocumentWire, now = new Date()): Promise<{ version: number }> {
  const db = await getDb();
  const contentSealed = fromBase64url(input.sealed);
  const version = input.replaces + 1;
  const { kind } = input;
  return db.$transaction(async (tx) => {
    const updated =
      input.replaces === 0
        ? await tx.trustDocument.createMany({ data: [{ userId: actor.userId, kind, version, contentSealed, updatedAt: now }], skipDuplicates: true })
        : await tx.trustDocument.updateMany({ where: { userId: actor.userId, kind, version: input.replaces }, data: { version, contentSealed, updatedAt: now } });
    if (updated.count !== 1) throw new AppError("conflict", "trust.version");
    await appendAuditEvent(tx, { actorId: actor.userId, action: "trust.saved", caseId: null, data: { kind, version } });
    return { version };
  });
}

/**
 * Records that a member's browser showed a security alert on a case. The
 * server cannot check the claim (only the browser holds what was verified);
 * the event is for the people who investigate: who saw what, when.
 */
export async function reportSecurityAlert(actor: Actor, input: SecurityAlertWire): Promise<void> {
  // The policy door admits members only; checked here too, so a non-member's report writes nothing.
  const db = await getDb();
  if (!(await db.case.findFirst({ where: visibleCaseWhere(actor, input.caseId), select: { id: true } }))) throw new AppError("not_found");
  await recordAuditEvent({ actorId: actor.userId, caseId: input.caseId, action: "security.alert", data: { kind: input.kind, userIds: input.userIds.join(",") } });
}
