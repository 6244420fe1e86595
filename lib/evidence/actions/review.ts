import "server-only";
import { appendAuditEvent } from "@/lib/audit/actions";
import type { Actor } from "@/lib/auth/policy";
import { getDb, type Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import type { ReviewEvidenceWire, ReviewStatus } from "../wire";
import { checkIds } from "./shared";
import { lockedCase } from "@/lib/records/locked-case";
import { recordRow } from "@/lib/records/rows";

// Lawyer review: the status is plaintext (DESIGN.md §3 allows it, the
// dashboards and bundles filter by it); the note is a sealed "review_note"
// record with its own new id. Which evidence a note is about is written
// inside the sealed note only, so the server stores no link between them.

export async function reviewEvidence(
  actor: Actor,
  input: ReviewEvidenceWire,
): Promise<{ evidenceId: string; reviewStatus: ReviewStatus; reviewedAt: string; noteId: string | null }> {
  const { caseId, evidenceId, status, note } = input;
  checkIds(caseId, evidenceId);
  const db = await getDb();
  return db.$transaction(async (tx: Tx) => {
    const kase = await lockedCase(tx, actor, caseId);
    await tx.$executeRaw`SELECT 1 FROM "Evidence" WHERE id = ${evidenceId}::uuid FOR UPDATE`;
    // Unfinished uploads are not evidence yet: nothing to review.
    const evidence = await tx.evidence.findFirst({ where: { id: evidenceId, caseId, state: "ready" }, select: { id: true } });
    if (!evidence) throw new AppError("not_found");
    if (note) {
      if (note.epoch !== kase.currentEpoch) throw new AppError("conflict", "epoch.stale");
      if (await tx.caseRecord.findFirst({ where: { id: note.id }, select: { id: true } })) throw new AppError("conflict", "record.idTaken");
      await tx.caseRecord.create({ data: recordRow(caseId, note, actor.userId) });
    }
    const reviewedAt = new Date();
    await tx.evidence.update({ where: { id: evidenceId }, data: { reviewStatus: status, reviewedById: actor.userId, reviewedAt } });
    await appendAuditEvent(tx, { actorId: actor.userId, caseId, action: "evidence.reviewed", data: { evidenceId, status } });
    return { evidenceId, reviewStatus: status, reviewedAt: reviewedAt.toISOString(), noteId: note?.id ?? null };
  });
}
