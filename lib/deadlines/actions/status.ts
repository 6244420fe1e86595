import "server-only";
import type { z } from "zod";
import { appendAuditEvent } from "@/lib/audit/actions";
import type { Actor } from "@/lib/auth/policy";
import { getDb, type Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import type { setDeadlineStatusWireSchema } from "../schema";
import { checkDetails, insertDeadline, lockedDeadline } from "./shared";
import { lockedCase } from "@/lib/records/locked-case";
import { recordRow } from "@/lib/records/rows";

/**
 * Done / missed / cancelled (or open again), with who and when; the outcome
 * comes as the next details version. A follow-up deadline (e.g. the appeal
 * window a decision opens) is created in the same transaction: both or neither.
 */
export async function setDeadlineStatus(actor: Actor, input: z.infer<typeof setDeadlineStatusWireSchema>): Promise<{ followUpId: string | null }> {
  const db = await getDb();
  return db.$transaction(async (tx: Tx) => {
    const kase = await lockedCase(tx, actor, input.caseId);
    const current = await lockedDeadline(tx, kase.id, input.deadlineId);
    if (input.followUp && input.status === "open") throw new AppError("invalid_input", "deadline.followUpNeedsOutcome");
    if (input.details) {
      checkDetails(kase, current.id, input.details, current.detailsVersion + 1);
      await tx.caseRecord.create({ data: recordRow(kase.id, input.details, actor.userId) });
    }
    await tx.deadline.update({
      where: { id: current.id },
      data: {
        status: input.status,
        statusById: actor.userId,
        statusAt: new Date(),
        ...(input.details ? { detailsVersion: input.details.version } : {}),
        // Re-opened: reminders start again from now, never a late burst.
        ...(input.status === "open" && current.status !== "open" ? { scheduledAt: new Date() } : {}),
      },
    });
    await appendAuditEvent(tx, { actorId: actor.userId, caseId: kase.id, action: "deadline.status_changed", data: { deadlineId: current.id, from: current.status, to: input.status } });
    if (!input.followUp) return { followUpId: null };
    await insertDeadline(tx, kase, actor.userId, input.followUp, current.id);
    await appendAuditEvent(tx, {
      actorId: actor.userId,
      caseId: kase.id,
      action: "deadline.created",
      data: { deadlineId: input.followUp.id, kind: input.followUp.kind, followUpOf: current.id },
    });
    return { followUpId: input.followUp.id };
  });
}
