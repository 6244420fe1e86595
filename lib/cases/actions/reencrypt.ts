import "server-only";
import type { z } from "zod";
import { appendAuditEvent } from "@/lib/audit/actions";
import type { Actor } from "@/lib/auth/policy";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import type { reencryptWireSchema } from "../schema";
import { bytes, lockedCase, type Tx } from "./shared";

/**
 * Background re-encryption after a rotation: records move from an old epoch
 * to the current one. Each row changes only if it is still at `fromEpoch`,
 * so two browsers doing it at once, or a retry, never clobber each other.
 */
export async function reencryptRecords(actor: Actor, input: z.infer<typeof reencryptWireSchema>): Promise<{ updated: number }> {
  const { caseId, fromEpoch, records } = input;
  const db = await getDb();
  return db.$transaction(async (tx: Tx) => {
    const kase = await lockedCase(tx, actor, caseId);
    if (fromEpoch >= kase.currentEpoch || records.some((r) => r.epoch !== kase.currentEpoch)) throw new AppError("invalid_input", "epoch");
    let updated = 0;
    const moved: string[] = [];
    for (const r of records) {
      const contentSealed = bytes(r.contentSealed);
      const result = await tx.caseRecord.updateMany({
        where: { id: r.id, version: r.version, caseId, type: r.type, epoch: fromEpoch },
        data: { epoch: r.epoch, contentSealed, size: contentSealed.length },
      });
      updated += result.count;
      if (result.count) moved.push(`${r.id}:${r.version}`);
    }
    await appendAuditEvent(tx, { actorId: actor.userId, caseId, action: "case.records_reencrypted", data: { fromEpoch, toEpoch: kase.currentEpoch, count: updated, records: moved.join(",") } });
    return { updated };
  });
}

