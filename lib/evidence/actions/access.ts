import "server-only";
import { appendAuditEvent } from "@/lib/audit/actions";
import type { Actor } from "@/lib/auth/policy";
import { visibleCasesWhere } from "@/lib/cases/access";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import type { ContentPurpose } from "../wire";
import { checkIds } from "./shared";

/**
 * POST …/{id}/access: the browser's record that it previewed or downloaded a
 * ready evidence item (after decrypting it and checking its hash), written
 * into the item's chain of custody. A POST, so only the app's own pages can
 * send it (route handlers refuse cross-site writes); the content GET itself
 * records nothing.
 */
export async function recordEvidenceAccess(actor: Actor, caseId: string, evidenceId: string, purpose: ContentPurpose): Promise<void> {
  checkIds(caseId, evidenceId);
  const db = await getDb();
  await db.$transaction(async (tx) => {
    const evidence = await tx.evidence.findFirst({ where: { id: evidenceId, caseId, state: "ready", case: visibleCasesWhere(actor) }, select: { id: true } });
    if (!evidence) throw new AppError("not_found");
    await appendAuditEvent(tx, { actorId: actor.userId, caseId, action: purpose === "download" ? "evidence.downloaded" : "evidence.viewed", data: { evidenceId } });
  });
}
