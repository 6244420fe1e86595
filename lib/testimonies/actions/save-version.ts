import "server-only";
import { appendAuditEvent } from "@/lib/audit/actions";
import type { Actor } from "@/lib/auth/policy";
import { getDb, type Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { faultPoint } from "@/lib/system/fault-points";
import type { SaveTestimonyWire } from "../wire";
import { fromBase64url } from "@/lib/encoding/base64url";
import { recordRow } from "@/lib/records/rows";
import { lockedCase } from "@/lib/records/locked-case";

/** How far a version's signing time may sit from the server's clock. */
const CLOCK_SKEW_MS = 15 * 60_000;

/**
 * A new version of a testimony (version 1: a new testimony). Never an
 * overwrite: the next number or a conflict. The content, its signature and
 * the removal of the draft it came from commit together.
 */
export async function saveTestimonyVersion(actor: Actor, input: SaveTestimonyWire): Promise<{ testimonyId: string; version: number }> {
  const { caseId, record } = input;
  const signedAt = new Date(input.signedAt);
  if (Math.abs(signedAt.getTime() - Date.now()) > CLOCK_SKEW_MS) throw new AppError("invalid_input", "testimony.clock");
  const db = await getDb();
  const saved = await db.$transaction(async (tx: Tx) => {
    const kase = await lockedCase(tx, actor, caseId);
    if (record.epoch !== kase.currentEpoch) throw new AppError("conflict", "epoch.stale");
    const latest = await tx.caseRecord.findFirst({ where: { id: record.id }, orderBy: { version: "desc" }, select: { version: true, caseId: true, type: true } });
    if (latest && (latest.caseId !== caseId || latest.type !== "testimony")) throw new AppError("conflict", "record.idTaken");
    // Someone saved meanwhile: the browser shows the newer version; nothing is overwritten.
    if (record.version !== (latest?.version ?? 0) + 1) throw new AppError("conflict", "testimony.version");
    await tx.caseRecord.create({ data: recordRow(caseId, record, actor.userId) });
    faultPoint("testimony.save.in-tx");
    await tx.testimonyVersion.create({
      data: { testimonyId: record.id, version: record.version, caseId, authorId: actor.userId, signedAt, signature: fromBase64url(input.signature), legalUseConsent: input.legalUseConsent },
    });
    if (input.draftId) await tx.caseRecord.deleteMany({ where: { id: input.draftId, caseId, type: "testimony_draft", authorId: actor.userId } });
    await tx.case.update({ where: { id: caseId }, data: { updatedAt: new Date() } });
    await appendAuditEvent(tx, { actorId: actor.userId, caseId, action: "testimony.version_saved", data: { testimonyId: record.id, version: record.version, legalUseConsent: input.legalUseConsent } });
    return { testimonyId: record.id, version: record.version };
  });
  faultPoint("testimony.save.after-commit");
  return saved;
}
