"use server";

import { z } from "zod";
import { recordAuditEvent } from "@/lib/audit/actions";
import { checkSeenCheckpoint, verifyAuditChain } from "@/lib/audit/queries";
import { guardedAction } from "@/lib/auth/guard";
import { AppError } from "@/lib/errors/app-error";

// Admin-only, read-only checks of the audit log from the Audit page. Server
// actions (POST), never on a GET. Verifying is itself recorded.

export const verifyAuditAction = guardedAction("audit.verify", z.object({}), async (_input, actor) => {
  if (!actor) throw new AppError("unauthenticated");
  const report = await verifyAuditChain();
  await recordAuditEvent({ action: "audit.verified", actorId: actor.userId, data: { ok: report.ok, count: report.count } });
  return report;
});

const seenSchema = z.object({
  seq: z.string().regex(/^[1-9]\d{0,18}$/),
  headHash: z.string().regex(/^[0-9a-f]{64}$/),
});

export const checkSeenCheckpointAction = guardedAction("audit.verify", seenSchema, async (input) =>
  checkSeenCheckpoint({ seq: BigInt(input.seq), headHash: input.headHash }),
);
