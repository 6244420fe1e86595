import "server-only";
import type { z } from "zod";
import { appendAuditEvent } from "@/lib/audit/actions";
import type { Actor } from "@/lib/auth/policy";
import { getDb, type Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import type { discardDraftWireSchema, saveDraftWireSchema } from "../wire";
import { fromBase64url } from "@/lib/encoding/base64url";
import { lockedCase } from "@/lib/records/locked-case";

// Drafts: the author's unsaved testimony, sealed in the browser and sent
// every few seconds, so a crash loses seconds. One record per draft,
// overwritten in place (a draft is not evidence; its versions are not kept).
// Only its author writes or discards it. Starting a draft is an audit event;
// each autosave is not (it would drown the log).

export async function saveDraft(actor: Actor, input: z.infer<typeof saveDraftWireSchema>): Promise<{ savedAt: string }> {
  const { caseId, record } = input;
  const db = await getDb();
  return db.$transaction(async (tx: Tx) => {
    const kase = await lockedCase(tx, actor, caseId);
    if (record.epoch !== kase.currentEpoch) throw new AppError("conflict", "epoch.stale");
    const existing = await tx.caseRecord.findFirst({ where: { id: record.id }, select: { caseId: true, type: true, authorId: true } });
    if (existing && (existing.caseId !== caseId || existing.type !== "testimony_draft" || existing.authorId !== actor.userId)) throw new AppError("conflict", "record.idTaken");
    const contentSealed = fromBase64url(record.contentSealed);
    const row = { epoch: record.epoch, contentSealed, size: contentSealed.length };
    if (existing) {
      await tx.caseRecord.update({ where: { id_version: { id: record.id, version: 1 } }, data: row });
    } else {
      await tx.caseRecord.create({ data: { id: record.id, version: 1, caseId, type: "testimony_draft", authorId: actor.userId, ...row } });
      await appendAuditEvent(tx, { actorId: actor.userId, caseId, action: "testimony.draft_started", data: { draftId: record.id } });
    }
    return { savedAt: new Date().toISOString() };
  });
}

export async function discardDraft(actor: Actor, input: z.infer<typeof discardDraftWireSchema>): Promise<{ discarded: boolean }> {
  const db = await getDb();
  return db.$transaction(async (tx: Tx) => {
    await lockedCase(tx, actor, input.caseId);
    const { count } = await tx.caseRecord.deleteMany({ where: { id: input.draftId, caseId: input.caseId, type: "testimony_draft", authorId: actor.userId } });
    if (count > 0) await appendAuditEvent(tx, { actorId: actor.userId, caseId: input.caseId, action: "testimony.draft_discarded", data: { draftId: input.draftId } });
    return { discarded: count > 0 };
  });
}
