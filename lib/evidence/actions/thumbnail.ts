import "server-only";
import { appendAuditEvent } from "@/lib/audit/actions";
import type { Actor } from "@/lib/auth/policy";
import { getDb, type Tx } from "@/lib/db/client";
import { lockedCase } from "@/lib/records/locked-case";
import { fromBase64url } from "@/lib/encoding/base64url";
import { AppError } from "@/lib/errors/app-error";
import type { StoreThumbnailWire } from "../thumbnail";
import { checkIds, lockedOwnUpload } from "./shared";

/**
 * PUT …/{evidenceId}/thumbnail: the uploader's sealed thumbnail of a ready
 * item, once (write-once: a second one is a conflict, so no one swaps a
 * picture later, the uploader included). The record must be the item's own
 * ("evidence_thumbnail", id = evidence id, version 1: its AD names them) and
 * sealed under the current epoch. The server sees ciphertext of one fixed
 * size, whatever the file is (lib/evidence/thumbnail.ts).
 */
export async function storeThumbnail(actor: Actor, caseId: string, evidenceId: string, input: StoreThumbnailWire): Promise<{ evidenceId: string }> {
  checkIds(caseId, evidenceId);
  const { record } = input;
  if (record.id !== evidenceId) throw new AppError("invalid_input", "evidence.thumbnail");
  const db = await getDb();
  return db.$transaction(async (tx: Tx) => {
    const kase = await lockedCase(tx, actor, caseId);
    // Only the uploader vouches for what their file looks like (others: not found, as for an upload).
    const evidence = await lockedOwnUpload(tx, actor, caseId, evidenceId);
    if (evidence.state !== "ready") throw new AppError("conflict", "evidence.thumbnail");
    if (record.epoch !== kase.currentEpoch) throw new AppError("conflict", "epoch.stale");
    if (await tx.evidenceThumbnail.findUnique({ where: { evidenceId }, select: { evidenceId: true } })) throw new AppError("conflict", "evidence.thumbnail");
    await tx.evidenceThumbnail.create({ data: { evidenceId, epoch: record.epoch, sealed: fromBase64url(record.contentSealed) } });
    await appendAuditEvent(tx, { actorId: actor.userId, caseId, action: "evidence.thumbnail_added", data: { evidenceId } });
    return { evidenceId };
  });
}
