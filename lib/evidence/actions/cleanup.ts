import "server-only";
import { appendAuditEvent } from "@/lib/audit/actions";
import { blobStore } from "@/lib/blobs/store";
import { getDb, type Tx } from "@/lib/db/client";
import { env } from "@/lib/env";
import { deleteUploadBlobs, deleteUploadRows, planOf, type Plan } from "./shared";

// Half-finished uploads are never evidence; left alone they would hold
// ciphertext forever. An upload untouched (no part stored) for
// UPLOAD_STALE_HOURS is removed with its parts, blobs and sealed metadata,
// and the removal is an audit event. Safe to run anywhere at once: each
// upload is re-checked under its row lock before it goes.

const BATCH = 100;

export async function cleanUpStaleUploads(now: Date = new Date(), staleHours: number = env().UPLOAD_STALE_HOURS): Promise<{ expired: number }> {
  const cutoff = new Date(now.getTime() - staleHours * 3_600_000);
  const stale = { state: "uploading" as const, createdAt: { lt: cutoff }, parts: { none: { createdAt: { gte: cutoff } } } };
  const db = await getDb();
  let expired = 0;
  let after: string | undefined;
  for (;;) {
    const candidates = await db.evidence.findMany({
      where: { ...stale, ...(after ? { id: { gt: after } } : {}) },
      orderBy: { id: "asc" },
      take: BATCH,
      select: { id: true },
    });
    for (const { id } of candidates) {
      const plan = await db.$transaction(async (tx: Tx): Promise<Plan | null> => {
        await tx.$executeRaw`SELECT 1 FROM "Evidence" WHERE id = ${id}::uuid FOR UPDATE`;
        // A part may have arrived, or the upload finished or gone, since the candidates were read.
        const upload = await tx.evidence.findFirst({ where: { id, ...stale } });
        if (!upload) return null;
        await deleteUploadRows(tx, upload);
        await appendAuditEvent(tx, { actorId: null, caseId: upload.caseId, action: "evidence.upload_expired", data: { evidenceId: id } });
        return planOf(upload);
      });
      if (plan) {
        await deleteUploadBlobs(plan);
        expired++;
      }
    }
    if (candidates.length < BATCH) break;
    after = candidates.at(-1)!.id;
  }
  // Temporary files of part writes a crash interrupted (fs store): an hour is far longer than any part takes.
  await blobStore().sweepIncomplete(new Date(now.getTime() - 3_600_000));
  return { expired };
}
