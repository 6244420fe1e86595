import "server-only";
import type { z } from "zod";
import { appendAuditEvent } from "@/lib/audit/actions";
import type { Actor } from "@/lib/auth/policy";
import { getDb, type Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import type { saveProfileWireSchema, SealedRecordWire } from "../schema";
import { lockedCase } from "@/lib/records/locked-case";
import { recordRow } from "@/lib/records/rows";

/**
 * The label follows the case's last one (same id, next version), or is the
 * first, under an id no record has, for a case last saved before labels.
 */
async function checkNextLabel(tx: Tx, caseId: string, label: SealedRecordWire): Promise<void> {
  const latest = await tx.caseRecord.findFirst({ where: { caseId, type: "person_label" }, orderBy: { version: "desc" }, select: { id: true, version: true } });
  if (latest && latest.id !== label.id) throw new AppError("invalid_input", "profile.label");
  if (label.version !== (latest?.version ?? 0) + 1) throw new AppError("conflict", "profile.version");
  if (!latest && (await tx.caseRecord.findFirst({ where: { id: label.id }, select: { id: true } }))) throw new AppError("conflict", "record.idTaken");
}

/** A new version of the person profile and its label, sealed under the current epoch. */
export async function saveProfile(actor: Actor, input: z.infer<typeof saveProfileWireSchema>): Promise<{ version: number }> {
  const { caseId, record, label } = input;
  if (record.type !== "person_profile") throw new AppError("invalid_input");
  if (label.type !== "person_label" || label.id === record.id) throw new AppError("invalid_input", "profile.label");
  const db = await getDb();
  return db.$transaction(async (tx: Tx) => {
    const kase = await lockedCase(tx, actor, caseId);
    const latest = await tx.caseRecord.findFirst({ where: { caseId, type: "person_profile" }, orderBy: { version: "desc" } });
    if (!latest || latest.id !== record.id) throw new AppError("invalid_input", "profile.id");
    // Someone saved meanwhile: the browser reloads and merges, nothing is overwritten.
    if (record.version !== latest.version + 1) throw new AppError("conflict", "profile.version");
    if (record.epoch !== kase.currentEpoch || label.epoch !== kase.currentEpoch) throw new AppError("conflict", "epoch.stale");
    await checkNextLabel(tx, caseId, label);
    await tx.caseRecord.create({ data: recordRow(caseId, record, actor.userId) });
    await tx.caseRecord.create({ data: recordRow(caseId, label, actor.userId) });
    await tx.case.update({ where: { id: caseId }, data: { updatedAt: new Date() } });
    await appendAuditEvent(tx, { actorId: actor.userId, caseId, action: "case.content_written", data: { type: "person_profile", recordId: record.id, version: record.version } });
    return { version: record.version };
  });
}

