import "server-only";
import { recordReadEvent } from "@/lib/audit/actions/inbox";
import type { Actor } from "@/lib/auth/policy";
import { visibleCaseWhere } from "@/lib/cases/access";
import { getDb } from "@/lib/db/client";
import { toBase64url } from "@/lib/encoding/base64url";
import { AppError } from "@/lib/errors/app-error";
import { isCanonicalId } from "@/lib/ids/parse-id";
import type { ThumbnailList } from "./thumbnail";

/**
 * GET …/evidence/thumbnails?ids=…: the sealed thumbnails of the given ready
 * items of the case (those that have one), for the list's visible rows.
 * Ciphertext leaves as stored; the browser opens and checks each. One read
 * event per batch (ids counted, not named): reading changes nothing else.
 */
export async function listThumbnails(actor: Actor, caseId: string, evidenceIds: string[]): Promise<ThumbnailList> {
  if (!isCanonicalId(caseId)) throw new AppError("not_found");
  const db = await getDb();
  if (!(await db.case.findFirst({ where: visibleCaseWhere(actor, caseId), select: { id: true } }))) throw new AppError("not_found");
  const rows = await db.evidenceThumbnail.findMany({
    where: { evidenceId: { in: evidenceIds }, evidence: { caseId, state: "ready" } },
    select: { evidenceId: true, epoch: true, sealed: true },
  });
  await recordReadEvent({ actorId: actor.userId, caseId, action: "case.content_read", data: { part: "evidence_thumbnails", asked: evidenceIds.length, count: rows.length } });
  return { thumbnails: rows.map((r) => ({ evidenceId: r.evidenceId, epoch: r.epoch, contentSealed: toBase64url(r.sealed) })) };
}
