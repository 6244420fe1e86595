import "server-only";
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { countConsentedTestimonies } from "@/lib/testimonies/queries";
import { appendAuditEvent } from "@/lib/audit/actions";
import type { Actor } from "@/lib/auth/policy";
import type { CaseRole } from "@/lib/auth/roles";
import { getDb, type Tx } from "@/lib/db/client";
import { fromBase64url } from "@/lib/encoding/base64url";
import { AppError } from "@/lib/errors/app-error";
import { checkTransition, isCaseState, isTransitionName, type CaseFacts } from "@/lib/workflow/machine";
import { visibleCaseWhere } from "../access";
import type { transitionWireSchema } from "../schema";

// Moving a case through its workflow. lib/workflow decides; this records who,
// when, from where to where, and the encrypted reason, with its audit event,
// in one transaction.

/** What the guards need to know. Later features fill in their facts (testimonies, deadlines). */
async function caseFacts(tx: Tx, caseId: string, reasonGiven: boolean): Promise<CaseFacts> {
  const [profiles, openDeadlines, consentedTestimonies] = await Promise.all([
    tx.caseRecord.count({ where: { caseId, type: "person_profile" } }),
    tx.deadline.count({ where: { caseId, status: "open" } }),
    countConsentedTestimonies(tx, caseId),
  ]);
  return { hasPersonProfile: profiles > 0, reasonGiven, openDeadlines, consentedTestimonies };
}

export class TransitionRefused extends AppError {
  constructor(readonly refusal: string) {
    super("conflict", `workflow.${refusal}`);
  }
}

export async function transitionCase(
  actor: Actor,
  caseRole: CaseRole,
  input: z.infer<typeof transitionWireSchema>,
): Promise<{ state: string }> {
  const { caseId, transition, reason } = input;
  if (!isTransitionName(transition)) throw new AppError("invalid_input", "workflow.unknown");
  const db = await getDb();
  return db.$transaction(async (tx: Tx) => {
    await tx.$executeRaw`SELECT 1 FROM "Case" WHERE id = ${caseId}::uuid FOR UPDATE`;
    const kase = await tx.case.findFirst({ where: visibleCaseWhere(actor, caseId) });
    if (!kase || !isCaseState(kase.state)) throw new AppError("not_found");
    const heldFrom = kase.heldFrom && isCaseState(kase.heldFrom) ? kase.heldFrom : null;
    const verdict = checkTransition({
      transition,
      state: kase.state,
      heldFrom,
      actor: { orgRole: actor.role, caseRole },
      facts: await caseFacts(tx, caseId, reason !== null),
    });
    if (!verdict.ok) throw new TransitionRefused(verdict.reason);
    if (reason && reason.epoch !== kase.currentEpoch) throw new AppError("conflict", "epoch.stale");

    if (reason && (await tx.caseRecord.findFirst({ where: { id: reason.id } }))) throw new AppError("conflict", "record.idTaken");
    if (reason) {
      const contentSealed = fromBase64url(reason.contentSealed);
      await tx.caseRecord.create({
        data: { id: reason.id, version: 1, caseId, type: "transition_reason", epoch: reason.epoch, authorId: actor.userId, contentSealed, size: contentSealed.length },
      });
    }
    await tx.caseTransition.create({
      data: { id: randomUUID(), caseId, transition, fromState: kase.state, toState: verdict.to, actorId: actor.userId, reasonRecordId: reason?.id ?? null },
    });
    await tx.case.update({ where: { id: caseId }, data: { state: verdict.to, heldFrom: verdict.heldFrom } });
    await appendAuditEvent(tx, { actorId: actor.userId, caseId, action: "case.transitioned", data: { transition, from: kase.state, to: verdict.to } });
    return { state: verdict.to };
  });
}
