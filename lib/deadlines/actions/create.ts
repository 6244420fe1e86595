import "server-only";
import type { z } from "zod";
import { appendAuditEvent } from "@/lib/audit/actions";
import type { Actor } from "@/lib/auth/policy";
import { getDb, type Tx } from "@/lib/db/client";
import type { createDeadlineWireSchema } from "../schema";
import { insertDeadline } from "./shared";
import { lockedCase } from "@/lib/records/locked-case";

/** A new deadline on a case: plaintext for sorting and reminders, details sealed (version 1). */
export async function createDeadline(actor: Actor, input: z.infer<typeof createDeadlineWireSchema>): Promise<{ id: string }> {
  const db = await getDb();
  return db.$transaction(async (tx: Tx) => {
    const kase = await lockedCase(tx, actor, input.caseId);
    await insertDeadline(tx, kase, actor.userId, input.deadline);
    await appendAuditEvent(tx, { actorId: actor.userId, caseId: kase.id, action: "deadline.created", data: { deadlineId: input.deadline.id, kind: input.deadline.kind } });
    return { id: input.deadline.id };
  });
}
