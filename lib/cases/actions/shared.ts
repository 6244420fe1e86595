import "server-only";
import type { Actor } from "@/lib/auth/policy";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { visibleCaseWhere } from "../access";
import type { EpochWire, GrantWire, SealedRecordWire } from "../schema";

// Shared by the case actions. Invariants of every case change:
// - the change and its audit event commit together, or neither does;
// - the server checks what it can see (membership, epochs, versions, who
//   signed what); the browser checks the signatures themselves before it
//   trusts a key (the server holds no decrypting code).

export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

export const bytes = (s: string) => new Uint8Array(Buffer.from(s, "base64url"));

export function epochRow(caseId: string, e: EpochWire) {
  return { caseId, epoch: e.epoch, createdById: e.createdById, keyCheckValue: bytes(e.keyCheckValue), signature: bytes(e.signature) };
}
export function grantRow(caseId: string, g: GrantWire) {
  return { caseId, epoch: g.epoch, recipientId: g.recipientId, sealedKey: bytes(g.sealedKey), signerId: g.signerId, signature: bytes(g.signature) };
}
export function recordRow(caseId: string, r: SealedRecordWire, authorId: string) {
  const contentSealed = bytes(r.contentSealed);
  return { id: r.id, version: r.version, caseId, type: r.type, epoch: r.epoch, authorId, contentSealed, size: contentSealed.length };
}

/** The case, locked for this transaction (changes to one case run one at a time), if visible to the actor. */
export async function lockedCase(tx: Tx, actor: Actor, caseId: string) {
  await tx.$executeRaw`SELECT 1 FROM "Case" WHERE id = ${caseId}::uuid FOR UPDATE`;
  const kase = await tx.case.findFirst({
    where: visibleCaseWhere(actor, caseId),
    include: { members: { include: { user: { select: { boxPublicKey: true, status: true } } } } },
  });
  if (!kase) throw new AppError("not_found");
  return kase;
}
