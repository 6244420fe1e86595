import "server-only";
import { appendAuditEvent } from "@/lib/audit/actions";
import type { Actor } from "@/lib/auth/policy";
import { getDb, type Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { faultPoint } from "@/lib/system/fault-points";
import { newCaseReference } from "../reference";
import type { OpenCaseWire } from "../schema";
import { appendChainLink } from "./chain";
import { epochRow, grantRow, recordRow } from "@/lib/records/rows";

export async function openCase(actor: Actor, input: OpenCaseWire): Promise<{ caseId: string; reference: string }> {
  const { caseId, epoch, grant, link, profile, label } = input;
  if (epoch.createdById !== actor.userId || grant.signerId !== actor.userId || grant.recipientId !== actor.userId || grant.epoch !== 1) {
    throw new AppError("invalid_input", "case.keys");
  }
  const db = await getDb();
  for (let attempt = 0; ; attempt++) {
    const reference = newCaseReference();
    try {
      await db.$transaction(async (tx: Tx) => {
        // Ids come from the browser: a taken one is a conflict, not a retry.
        if (label.id === profile.id) throw new AppError("invalid_input", "profile.label");
        if ((await tx.case.findUnique({ where: { id: caseId } })) || (await tx.caseRecord.findFirst({ where: { id: { in: [profile.id, label.id] } } }))) {
          throw new AppError("conflict", "case.idTaken");
        }
        await tx.case.create({
          data: {
            id: caseId,
            orgId: actor.orgId,
            reference,
            createdById: actor.userId,
            members: { create: { userId: actor.userId, role: "lead", addedById: actor.userId } },
          },
        });
        faultPoint("case.create.in-tx");
        await tx.caseKeyEpoch.create({ data: epochRow(caseId, epoch) });
        await tx.caseKeyGrant.create({ data: grantRow(caseId, grant) });
        await appendChainLink(tx, caseId, actor.userId, link, { epoch: 1, members: [{ userId: actor.userId, role: "lead" }], opening: true });
        await tx.caseRecord.create({ data: recordRow(caseId, profile, actor.userId) });
        await tx.caseRecord.create({ data: recordRow(caseId, label, actor.userId) });
        await appendAuditEvent(tx, { actorId: actor.userId, caseId, action: "case.created", data: { reference } });
      });
      faultPoint("case.create.after-commit");
      return { caseId, reference };
    } catch (error) {
      // A reference collision (1 in ~10^12) gets a new code; anything else is real.
      if (error instanceof AppError) throw error;
      const unique = (error as { code?: string }).code === "P2002";
      if (!unique || attempt >= 3) throw unique ? new AppError("conflict") : error;
    }
  }
}

