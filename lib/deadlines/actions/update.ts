import "server-only";
import type { z } from "zod";
import { appendAuditEvent } from "@/lib/audit/actions";
import type { Actor } from "@/lib/auth/policy";
import { getDb, type Tx } from "@/lib/db/client";
import type { updateDeadlineWireSchema } from "../schema";
import { checkDetails, checkLabel, checkPlain, lockedDeadline, plainRow } from "./shared";
import { lockedCase } from "@/lib/records/locked-case";
import { recordRow } from "@/lib/records/rows";

/** An edit: new plaintext fields and the next details and label versions (older versions stay). */
export async function updateDeadline(actor: Actor, input: z.infer<typeof updateDeadlineWireSchema>): Promise<{ version: number }> {
  const db = await getDb();
  return db.$transaction(async (tx: Tx) => {
    const kase = await lockedCase(tx, actor, input.caseId);
    const current = await lockedDeadline(tx, kase.id, input.deadlineId);
    checkPlain(kase, input.deadline);
    checkDetails(kase, current.id, input.details, current.detailsVersion + 1);
    await checkLabel(tx, kase, current, input.label);
    const row = plainRow(input.deadline);
    await tx.caseRecord.createMany({ data: [recordRow(kase.id, input.details, actor.userId), recordRow(kase.id, input.label, actor.userId)] });
    await tx.deadline.update({
      where: { id: current.id },
      data: {
        ...row,
        detailsVersion: input.details.version,
        labelId: input.label.id,
        labelVersion: input.label.version,
        // A moved date owes its reminders afresh, counted from now.
        ...(row.dueAt.getTime() !== current.dueAt.getTime() ? { scheduledAt: new Date() } : {}),
      },
    });
    await appendAuditEvent(tx, { actorId: actor.userId, caseId: kase.id, action: "deadline.updated", data: { deadlineId: current.id, version: input.details.version } });
    return { version: input.details.version };
  });
}
